package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.local.TestingLocalCluster;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TestSparkThriftEngine {
  private BufferAllocator allocator;
  private SparkThriftEngine engine;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
    engine = new SparkThriftEngine(TestingLocalCluster.engineConfig());
  }

  @AfterEach
  void tearDown() {
    engine.close();
    // Last: closing an allocator with live buffers fails the test.
    allocator.close();
  }

  @Test
  void resultLargerThanOneBatchArrivesInBatchesOfTheConfiguredSize() {
    List<Integer> batchSizes = new ArrayList<>();
    long expected = 0;
    try (EngineResult result = execute("SELECT id FROM range(23000)")) {
      assertThat(result.schema().getFields()).hasSize(1);
      assertThat(result.schema().getFields().get(0).getName()).isEqualTo("id");
      assertThat(result.schema().getFields().get(0).getType())
          .isEqualTo(new ArrowType.Int(64, true));
      while (result.loadNextBatch()) {
        BigIntVector ids = (BigIntVector) result.root().getVector(0);
        batchSizes.add(result.root().getRowCount());
        for (int row = 0; row < result.root().getRowCount(); row++) {
          assertThat(ids.get(row)).isEqualTo(expected++);
        }
      }
      assertThat(result.root().getRowCount()).isZero();
      assertThat(result.loadNextBatch()).isFalse();
    }
    assertThat(batchSizes).containsExactly(5_000, 5_000, 5_000, 5_000, 3_000);
    assertThat(expected).isEqualTo(23_000);
  }

  @Test
  void smallerBatchSizeGivesMoreBatchesWithoutPrefetch() {
    try (SparkThriftEngine small =
            new SparkThriftEngine(
                TestingLocalCluster.engineConfig().withFetchBatchSize(7).withPrefetch(false));
        EngineResult result = small.execute(request("SELECT id FROM range(20)"), allocator)) {
      List<Integer> batchSizes = new ArrayList<>();
      while (result.loadNextBatch()) {
        batchSizes.add(result.root().getRowCount());
      }
      assertThat(batchSizes).containsExactly(7, 7, 6);
    }
  }

  @Test
  void sparkErrorSurfacesAsEngineQueryFailedWithSparksMessage() {
    assertThatThrownBy(() -> execute("SELECT * FROM lakehouse.default.table_that_does_not_exist"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_QUERY_FAILED);
              assertThat(failure.getMessage())
                  .startsWith("Cannot run query ")
                  .contains("on cluster shared: ")
                  .contains("TABLE_OR_VIEW_NOT_FOUND")
                  .contains("table_that_does_not_exist");
            });
    // The connection that saw the error stays usable.
    assertThat(singleLong("SELECT 42L")).isEqualTo(42L);
  }

  @Test
  void syntaxErrorSurfacesAsEngineQueryFailed() {
    assertThatThrownBy(() -> execute("SELEC 1"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_QUERY_FAILED);
              assertThat(failure.getMessage()).contains("PARSE_SYNTAX_ERROR");
            });
  }

  @Test
  void runtimeErrorWhileFetchingSurfacesAsEngineQueryFailed() {
    // With incremental collection the division runs during the fetch, not the execute.
    assertThatThrownBy(
            () -> {
              try (EngineResult result =
                  execute("SELECT assert_true(id < 5, 'id too large') FROM range(10)")) {
                while (result.loadNextBatch()) {
                  // Drain until the failure.
                }
              }
            })
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> {
              assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_QUERY_FAILED);
              assertThat(failure.getMessage()).contains("id too large");
            });
  }

  @Test
  void cancelStopsALongQueryQuicklyAndTheEngineStaysUsable() throws Exception {
    ExecutorService canceller = Executors.newSingleThreadExecutor();
    try (EngineResult result =
        execute("SELECT id FROM range(0, 100000000000) WHERE id % 1000003 = -1")) {
      Future<?> cancellation =
          canceller.submit(
              () -> {
                sleep(Duration.ofSeconds(1));
                result.cancel();
              });
      long started = System.nanoTime();
      assertThatThrownBy(result::loadNextBatch)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELLED));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
      cancellation.get();
      assertThatThrownBy(result::loadNextBatch)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELLED));
    } finally {
      canceller.shutdownNow();
    }
    assertThat(singleLong("SELECT 7L")).isEqualTo(7L);
  }

  @Test
  void cancelBeforeTheFirstFetchFailsTheFetchWithQueryCancelled() {
    try (EngineResult result = execute("SELECT id FROM range(100)")) {
      result.cancel();
      result.cancel();
      assertThatThrownBy(result::loadNextBatch)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELLED);
                assertThat(failure.getMessage()).contains("was cancelled");
              });
    }
  }

  @Test
  void closingAResultBeforeItsEndReleasesEverything() {
    for (int attempt = 0; attempt < 3; attempt++) {
      try (EngineResult result = execute("SELECT id FROM range(1000000)")) {
        assertThat(result.loadNextBatch()).isTrue();
      }
    }
    assertThat(allocator.getAllocatedMemory()).isZero();
    assertThat(singleLong("SELECT 3L")).isEqualTo(3L);
  }

  @Test
  void theEngineDoesNotSubstituteItsEnvironmentIntoStatements() {
    try (EngineResult result = execute("SELECT '${system:java.version}|${env:HOME}' AS text")) {
      assertThat(result.loadNextBatch()).isTrue();
      assertThat(result.root().getVector(0).getObject(0).toString())
          .isEqualTo("${system:java.version}|${env:HOME}");
    }
  }

  @Test
  void statementWithoutRowsLoadsNoBatch() {
    try (EngineResult result = execute("SET spark.sql.shuffle.partitions=4")) {
      // SET returns its key and value as a row.
      assertThat(result.loadNextBatch()).isTrue();
      assertThat(((VarCharVector) result.root().getVector(0)).getObject(0).toString())
          .isEqualTo("spark.sql.shuffle.partitions");
    }
    try (EngineResult result =
        execute("CREATE NAMESPACE IF NOT EXISTS lakehouse.engine_statement_test")) {
      assertThat(result.loadNextBatch()).isFalse();
      assertThat(result.root().getRowCount()).isZero();
    }
  }

  @Test
  void concurrentQueriesUseSeparateConnections() throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<Long>> sums = new ArrayList<>();
      for (int query = 0; query < 8; query++) {
        int offset = query;
        sums.add(
            executor.submit(
                () -> {
                  long sum = 0;
                  try (EngineResult result =
                      execute("SELECT CAST(id + " + offset + " AS INT) FROM range(30000)")) {
                    while (result.loadNextBatch()) {
                      IntVector values = (IntVector) result.root().getVector(0);
                      for (int row = 0; row < result.root().getRowCount(); row++) {
                        sum += values.get(row);
                      }
                    }
                  }
                  return sum;
                }));
      }
      for (int query = 0; query < sums.size(); query++) {
        assertThat(sums.get(query).get()).isEqualTo(29_999L * 30_000 / 2 + 30_000L * query);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void interruptingExecuteCancelsTheStatement() throws Exception {
    Thread caller = Thread.currentThread();
    ExecutorService interrupter = Executors.newSingleThreadExecutor();
    try {
      // An aggregate's shuffle stage runs inside execute (adaptive execution materializes it
      // before the first row), so execute itself runs long.
      Future<?> interruption =
          interrupter.submit(
              () -> {
                sleep(Duration.ofSeconds(1));
                caller.interrupt();
              });
      assertThatThrownBy(() -> execute("SELECT sum(id % 7) FROM range(0, 100000000000)"))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.QUERY_CANCELLED));
      interruption.get();
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      interrupter.shutdownNow();
      Thread.interrupted();
    }
    assertThat(singleLong("SELECT 5L")).isEqualTo(5L);
  }

  @Test
  void aSettingTheEngineRefusesLeavesNoEarlierSettingOnTheConnection() {
    try (SparkThriftEngine single =
        new SparkThriftEngine(TestingLocalCluster.engineConfig().withMaxConnections(1))) {
      Map<String, String> settings = new LinkedHashMap<>();
      settings.put("spark.sql.shuffle.partitions", "3");
      settings.put("spark.sql.autoBroadcastJoinThreshold", "not a size");
      assertThatThrownBy(
              () ->
                  single.execute(
                      new EngineRequest(TestingLocalCluster.nextQueryId(), "SELECT 1", settings),
                      allocator))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure ->
                  assertThat(failure.getMessage())
                      .contains(
                          ": Spark refused the setting spark.sql.autoBroadcastJoinThreshold: Size"
                              + " must be specified as bytes")
                      .contains("Failed to parse byte string"));
      // The only connection, reused: the first setting did not stay behind on it.
      try (EngineResult result =
          single.execute(request("SET spark.sql.shuffle.partitions"), allocator)) {
        assertThat(result.loadNextBatch()).isTrue();
        // The shared test engine runs with 4 shuffle partitions (TestingLocalCluster).
        assertThat(result.root().getVector(1).getObject(0).toString()).isEqualTo("4");
      }
    }
  }

  @Test
  void aConnectionKeepsItsSessionsSettingsAndEveryStatementGetsExactlyItsOwn() {
    try (SparkThriftEngine single =
        new SparkThriftEngine(TestingLocalCluster.engineConfig().withMaxConnections(1))) {
      Map<String, String> three = Map.of("spark.sql.shuffle.partitions", "3");
      assertThat(setting(single, "spark.sql.shuffle.partitions", three)).isEqualTo("3");
      assertThat(single.settingChanges()).isEqualTo(1);
      // The same settings again: the only connection has them already.
      assertThat(setting(single, "spark.sql.shuffle.partitions", three)).isEqualTo("3");
      assertThat(single.settingChanges()).isEqualTo(1);
      // A statement without settings on that connection sees the engine's value (4 in tests).
      assertThat(setting(single, "spark.sql.shuffle.partitions", Map.of())).isEqualTo("4");
      assertThat(single.settingChanges()).isEqualTo(2);

      Map<String, String> two = new LinkedHashMap<>();
      two.put("spark.sql.shuffle.partitions", "5");
      two.put("spark.sql.ansi.enabled", "true");
      assertThat(setting(single, "spark.sql.shuffle.partitions", two)).isEqualTo("5");
      // One key dropped, one kept: the dropped one is back to the engine's value.
      Map<String, String> ansiOnly = Map.of("spark.sql.ansi.enabled", "true");
      assertThat(setting(single, "spark.sql.shuffle.partitions", ansiOnly)).isEqualTo("4");
      assertThat(setting(single, "spark.sql.ansi.enabled", ansiOnly)).isEqualTo("true");
      assertThat(setting(single, "spark.sql.ansi.enabled", Map.of())).isEqualTo("false");
      assertThat(single.settingChanges()).isEqualTo(5);
    }
  }

  @Test
  void aStatementTakesAnIdleConnectionThatHasItsSettingsAlready() {
    try (SparkThriftEngine two =
        new SparkThriftEngine(TestingLocalCluster.engineConfig().withMaxConnections(2))) {
      Map<String, String> three = Map.of("spark.sql.shuffle.partitions", "3");
      // Two connections: one left with the settings, one without.
      try (EngineResult held =
          two.execute(
              new EngineRequest(TestingLocalCluster.nextQueryId(), "SELECT 1", three), allocator)) {
        assertThat(setting(two, "spark.sql.shuffle.partitions", Map.of())).isEqualTo("4");
      }
      assertThat(two.settingChanges()).isEqualTo(1);
      for (int round = 0; round < 3; round++) {
        assertThat(setting(two, "spark.sql.shuffle.partitions", three)).isEqualTo("3");
        assertThat(setting(two, "spark.sql.shuffle.partitions", Map.of())).isEqualTo("4");
      }
      assertThat(two.settingChanges()).isEqualTo(1);
    }
  }

  @Test
  void aFetchTheServerRefusesLeavesTheConnectionInStepAndUsable() throws Exception {
    // A result closed before its end cancels its in-flight fetch, which the server then refuses:
    // the refusal is a whole reply, so the pooled connection (and its session) can stay.
    try (ThriftConnection connection = ThriftConnection.open(TestingLocalCluster.engineConfig());
        VectorSchemaRoot root =
            VectorSchemaRoot.create(
                new Schema(List.of(Field.nullable("x", new ArrowType.Int(32, true)))), allocator)) {
      TOperationHandle operation =
          connection
              .call(
                  client ->
                      client.ExecuteStatement(
                          new TExecuteStatementReq(connection.session(), "SELECT 1")))
              .getOperationHandle();
      connection.call(client -> client.CloseOperation(new TCloseOperationReq(operation)));

      assertThatThrownBy(
              () ->
                  connection.fetchInto(
                      new TFetchResultsReq(operation, TFetchOrientation.FETCH_NEXT, 10),
                      new RowSetWriter(root)))
          .isInstanceOf(ThriftConnection.ThriftStatusException.class);
      assertThat(connection.isBroken()).isFalse();
      assertThat(
              connection
                  .call(
                      client ->
                          client.ExecuteStatement(
                              new TExecuteStatementReq(connection.session(), "SELECT 2")))
                  .getStatus()
                  .getStatusCode())
          .isEqualTo(TStatusCode.SUCCESS_STATUS);
    }
  }

  /** The value {@code SET key} shows on the engine, for a statement with these settings. */
  private String setting(SparkThriftEngine on, String key, Map<String, String> settings) {
    try (EngineResult result =
        on.execute(
            new EngineRequest(TestingLocalCluster.nextQueryId(), "SET " + key, settings),
            allocator)) {
      assertThat(result.loadNextBatch()).isTrue();
      String value = result.root().getVector(1).getObject(0).toString();
      assertThat(result.loadNextBatch()).isFalse();
      return value;
    }
  }

  private EngineResult execute(String sql) {
    return engine.execute(request(sql), allocator);
  }

  private long singleLong(String sql) {
    try (EngineResult result = execute(sql)) {
      assertThat(result.loadNextBatch()).isTrue();
      long value = ((BigIntVector) result.root().getVector(0)).get(0);
      assertThat(result.loadNextBatch()).isFalse();
      return value;
    }
  }

  private static EngineRequest request(String sql) {
    return new EngineRequest(TestingLocalCluster.nextQueryId(), sql);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
