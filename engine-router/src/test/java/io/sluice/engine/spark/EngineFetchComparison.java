package io.sluice.engine.spark;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.local.LocalSparkCluster;
import io.sluice.engine.cluster.local.TestingLocalCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;

/**
 * Compares fetching a large result through {@link SparkThriftEngine} (Thrift straight to Arrow)
 * with the Kyuubi Hive JDBC driver (Thrift to JDBC getters), against one local Spark Thrift Server.
 * Run by hand; not a test:
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -Dsluice.spark.jars=spark-runtime/target/spark-jars \
 *     -cp &lt;engine-router test classpath&gt; io.sluice.engine.spark.EngineFetchComparison [rows] [runs]
 * </pre>
 *
 * <p>Both sides touch every value once: the engine's values are already in Arrow vectors, the JDBC
 * values are read with typed getters (and not converted to Arrow, which favours JDBC).
 */
public final class EngineFetchComparison {
  private EngineFetchComparison() {}

  public static void main(String[] arguments) throws Exception {
    long rows = arguments.length > 0 ? Long.parseLong(arguments[0]) : 1_000_000;
    int runs = arguments.length > 1 ? Integer.parseInt(arguments[1]) : 5;
    String sql =
        "SELECT id, CAST(id % 100000 AS INT) AS small, CAST(id AS DOUBLE) * 1.5 AS amount,"
            + " concat('customer-', id) AS name, date_add(DATE '2020-01-01', CAST(id % 1000 AS INT))"
            + " AS day FROM range("
            + rows
            + ")";
    Path state = TestingLocalCluster.temporaryDirectory("sluice-fetch-comparison-");
    try (LocalSparkCluster cluster =
            new LocalSparkCluster(TestingLocalCluster.newConfig("comparison", state));
        BufferAllocator allocator = new RootAllocator()) {
      try (EngineResult warmUp =
          cluster.execute(new EngineRequest("warm-up", "SELECT 1"), allocator)) {
        warmUp.loadNextBatch();
      }
      InetSocketAddress address = cluster.thriftAddress().orElseThrow();
      System.out.printf(
          Locale.ROOT,
          "%,d rows x 5 columns (bigint, int, double, string, date), %d runs each after one"
              + " warm-up; medians%n",
          rows,
          runs);
      SparkThriftEngineConfig config = SparkThriftEngineConfig.of("comparison", address);
      List<Variant> variants =
          List.of(
              new Variant(
                  "SparkThriftEngine, prefetch", () -> viaEngine(config, sql, allocator, false)),
              new Variant(
                  "SparkThriftEngine, no prefetch",
                  () -> viaEngine(config.withPrefetch(false), sql, allocator, false)),
              new Variant(
                  "  + Arrow IPC out, prefetch", () -> viaEngine(config, sql, allocator, true)),
              new Variant(
                  "  + Arrow IPC out, no prefetch",
                  () -> viaEngine(config.withPrefetch(false), sql, allocator, true)),
              new Variant("Kyuubi Hive JDBC 1.9.2", () -> viaJdbc(address, sql)));
      // Rounds alternate the variants, so a busy moment on a shared machine hits all of them.
      for (Variant variant : variants) {
        variant.fetch.run();
      }
      for (int run = 0; run < runs; run++) {
        for (Variant variant : variants) {
          variant.measureOnce(rows);
        }
      }
      for (Variant variant : variants) {
        variant.report(rows);
      }
    } finally {
      TestingLocalCluster.deleteRecursively(state);
    }
  }

  /** One way of fetching, with its measurements. */
  private static final class Variant {
    private final String name;
    private final Fetch fetch;
    private final List<Long> totals = new ArrayList<>();
    private final List<Long> firstBatches = new ArrayList<>();
    private final List<Long> clientCpu = new ArrayList<>();

    Variant(String name, Fetch fetch) {
      this.name = name;
      this.fetch = fetch;
    }

    void measureOnce(long rows) throws Exception {
      long cpuBefore = processCpuNanos();
      Timing timing = fetch.run();
      clientCpu.add(processCpuNanos() - cpuBefore);
      if (timing.rows != rows) {
        throw new IllegalStateException(name + " fetched " + timing.rows + " rows, not " + rows);
      }
      totals.add(timing.totalNanos);
      firstBatches.add(timing.firstBatchNanos);
    }

    void report(long rows) {
      long total = median(totals);
      System.out.printf(
          Locale.ROOT,
          "%-32s %6.0f k rows/s (best %6.0f k)   total %5.2f s   first batch %5.0f ms"
              + "   client CPU %5.2f s%n",
          name,
          rows / (total / 1e9) / 1e3,
          rows / (Collections.min(totals) / 1e9) / 1e3,
          total / 1e9,
          median(firstBatches) / 1e6,
          median(clientCpu) / 1e9);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /**
   * @param writeIpc whether the consumer also serializes each batch to Arrow IPC, as the Flight
   *     frontend does; shows whether prefetching overlaps the engine with a busy consumer
   */
  private static Timing viaEngine(
      SparkThriftEngineConfig config, String sql, BufferAllocator allocator, boolean writeIpc)
      throws IOException {
    long started = System.nanoTime();
    long firstBatch = 0;
    long rows = 0;
    long checksum = 0;
    CountingOutputStream ipcBytes = new CountingOutputStream();
    try (SparkThriftEngine engine = new SparkThriftEngine(config);
        EngineResult result = engine.execute(new EngineRequest("compare", sql), allocator);
        ArrowStreamWriter ipc = new ArrowStreamWriter(result.root(), null, ipcBytes)) {
      while (result.loadNextBatch()) {
        if (writeIpc) {
          ipc.writeBatch();
        }
        if (firstBatch == 0) {
          firstBatch = System.nanoTime() - started;
        }
        VectorSchemaRoot root = result.root();
        BigIntVector ids = (BigIntVector) root.getVector(0);
        IntVector smalls = (IntVector) root.getVector(1);
        Float8Vector amounts = (Float8Vector) root.getVector(2);
        VarCharVector names = (VarCharVector) root.getVector(3);
        DateDayVector days = (DateDayVector) root.getVector(4);
        for (int row = 0; row < root.getRowCount(); row++) {
          checksum +=
              ids.get(row)
                  + smalls.get(row)
                  + (long) amounts.get(row)
                  + names.getValueLength(row)
                  + days.get(row);
        }
        rows += root.getRowCount();
      }
    }
    blackhole(checksum);
    return new Timing(rows, System.nanoTime() - started, firstBatch);
  }

  private static Timing viaJdbc(InetSocketAddress address, String sql) throws SQLException {
    long started = System.nanoTime();
    long firstBatch = 0;
    long rows = 0;
    long checksum = 0;
    Properties properties = new Properties();
    properties.setProperty("user", "sluice");
    properties.setProperty("password", "anonymous");
    String url = "jdbc:hive2://" + address.getHostString() + ":" + address.getPort() + "/default";
    try (Connection connection = DriverManager.getConnection(url, properties);
        Statement statement = connection.createStatement()) {
      statement.setFetchSize(SparkThriftEngineConfig.DEFAULT_FETCH_BATCH_SIZE);
      try (ResultSet resultSet = statement.executeQuery(sql)) {
        while (resultSet.next()) {
          if (firstBatch == 0) {
            firstBatch = System.nanoTime() - started;
          }
          checksum +=
              resultSet.getLong(1)
                  + resultSet.getInt(2)
                  + (long) resultSet.getDouble(3)
                  + resultSet.getString(4).length()
                  + resultSet.getDate(5).toLocalDate().toEpochDay();
          rows++;
        }
      }
    }
    blackhole(checksum);
    return new Timing(rows, System.nanoTime() - started, firstBatch);
  }

  /** Where the IPC stream goes: nowhere, but every byte is produced. */
  private static final class CountingOutputStream extends OutputStream {
    private long count;

    @Override
    public void write(int value) {
      count++;
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      count += length;
    }
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static volatile long sink;

  private static void blackhole(long value) {
    sink += value;
  }

  private record Timing(long rows, long totalNanos, long firstBatchNanos) {}

  @FunctionalInterface
  private interface Fetch {
    Timing run() throws Exception;
  }
}
