package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.cluster.ClusterState;
import io.sluice.gateway.config.ClusterConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.demo.TpchDemoLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What bad input gets, over both client protocols: a clear error and a server that goes on. */
class TestBadInput {
  /** The two client protocols, each opening a connection to a gateway. */
  enum Protocol {
    FLIGHT_SQL {
      @Override
      Connection connect(GatewayServer server) throws SQLException {
        return DriverManager.getConnection(TestingGateway.flightSqlUrl(server));
      }
    },
    JDBC {
      @Override
      Connection connect(GatewayServer server) throws SQLException {
        return DriverManager.getConnection(TestingGateway.sluiceUrl(server, null));
      }
    };

    abstract Connection connect(GatewayServer server) throws SQLException;
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void syntaxErrorGivesTheParsersMessageWithLineAndColumnAndTheSessionStaysUsable(Protocol protocol)
      throws SQLException {
    GatewayServer server = TestingGateway.shared();
    try (Connection connection = protocol.connect(server)) {
      assertThatThrownBy(
              () -> ResultRows.query(connection, "SELECT n_name\nFROM tpch.nation\nWHERE n_name ="))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("line 3, column");

      assertThat(ResultRows.query(connection, "SELECT count(*) FROM tpch.nation"))
          .containsExactly(List.of("25"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void unknownTableOrColumnIsNamedAndStartsNoEngine(Protocol protocol) throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-unknown-");
    try (GatewayServer server = GatewayServer.start(TestingGateway.config(directory))) {
      new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0.001);
      try (Connection connection = protocol.connect(server)) {
        assertThatThrownBy(() -> ResultRows.query(connection, "SELECT * FROM tpch.no_such_table"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no_such_table");
        assertThatThrownBy(
                () -> ResultRows.query(connection, "SELECT no_such_column FROM tpch.nation"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no_such_column");
        assertThatThrownBy(() -> ResultRows.query(connection, "SELECT no_such_fn(1)"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no_such_fn");
      }
      assertThat(server.cluster().state()).isEqualTo(ClusterState.STOPPED);
      assertThat(server.cluster().processId()).isEmpty();
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void engineThatCannotStartIsReportedWithItsLogAndSluiceKeepsServing(Protocol protocol)
      throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-nostart-");
    Path noSpark = Files.createDirectories(directory.resolve("no-spark-jars"));
    GatewayConfig base = TestingGateway.config(directory.resolve("data"));
    ClusterConfig cluster = base.cluster();
    GatewayConfig config =
        base.withCluster(
            new ClusterConfig(
                cluster.name(),
                noSpark,
                cluster.idleTimeout(),
                Duration.ofSeconds(30),
                cluster.driverMemory(),
                cluster.sparkConf(),
                cluster.thriftPort()));
    try (GatewayServer server = GatewayServer.start(config)) {
      new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0.001);
      String log = server.cluster().logFile().toString();
      try (Connection connection = protocol.connect(server)) {
        for (int attempt = 0; attempt < 2; attempt++) {
          assertThatThrownBy(() -> ResultRows.query(connection, "SELECT * FROM tpch.region"))
              .isInstanceOf(SQLException.class)
              .hasMessageContaining("Cannot start")
              .hasMessageContaining(log);
        }
        try (ResultSet tables = connection.getMetaData().getTables(null, "tpch", "reg%", null)) {
          assertThat(tables.next()).isTrue();
          assertThat(tables.getString("TABLE_NAME")).isEqualTo("region");
        }
      }
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void engineDyingMidQueryIsReportedWithItsLogAndTheNextQueryStartsAFreshEngine(Protocol protocol)
      throws Exception {
    GatewayServer server = TestingGateway.shared();
    try (Connection connection = protocol.connect(server)) {
      ResultRows.query(connection, "SELECT count(*) FROM tpch.region");
      long firstEngine = server.cluster().processId().orElseThrow();
      CompletableFuture<Object> longQuery =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return ResultRows.query(
                      connection,
                      "SELECT count(*) FROM tpch.lineitem a CROSS JOIN tpch.lineitem b"
                          + " WHERE a.l_comment < b.l_comment");
                } catch (SQLException failure) {
                  return failure;
                }
              });
      Thread.sleep(3_000);
      assertThat(longQuery).isNotDone();
      ProcessHandle.of(firstEngine).orElseThrow().destroyForcibly();

      Object outcome = longQuery.get(60, TimeUnit.SECONDS);
      assertThat(outcome).isInstanceOf(SQLException.class);
      assertThat(((SQLException) outcome).getMessage())
          .contains("went away")
          .contains(server.cluster().logFile().toString());

      assertThat(ResultRows.query(connection, "SELECT count(*) FROM tpch.region"))
          .containsExactly(List.of("5"));
      assertThat(server.cluster().processId()).isPresent().get().isNotEqualTo(firstEngine);
    }
  }

  @Test
  void flightClientDisconnectingMidResultCancelsTheEngineStatementAndLeaksNothing()
      throws Exception {
    GatewayServer server = TestingGateway.shared();
    try (BufferAllocator allocator = new RootAllocator()) {
      try (FlightClient client = TestingGateway.flightClient(allocator, server);
          FlightSqlClient sql = new FlightSqlClient(client)) {
        FlightInfo info = sql.execute(largeResult());
        try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
          assertThat(stream.next()).isTrue();
          assertThat(stream.getRoot().getRowCount()).isPositive();
          stream.cancel("the client goes away", null);
        }
      }
      awaitTrue(() -> server.allocatedArrowMemory() == 0, "the gateway released the result");
    }
    assertThat(ResultRows.query(jdbc(server), "SELECT count(*) FROM tpch.nation"))
        .containsExactly(List.of("25"));
  }

  @Test
  void jdbcClientClosingItsConnectionMidResultReleasesTheEngineStatementAndLeaksNothing()
      throws Exception {
    GatewayServer server = TestingGateway.shared();
    Connection connection = jdbc(server);
    Statement statement = connection.createStatement();
    statement.setFetchSize(100);
    ResultSet rows = statement.executeQuery(largeResult());
    for (int row = 0; row < 150; row++) {
      assertThat(rows.next()).isTrue();
    }
    assertThat(server.allocatedArrowMemory()).isPositive();
    connection.close();
    awaitTrue(() -> server.allocatedArrowMemory() == 0, "the gateway released the result");
  }

  @AfterAll
  static void nothingLeaked() throws InterruptedException {
    TestingGateway.assertNoArrowMemoryHeld(TestingGateway.shared());
  }

  private static Connection jdbc(GatewayServer server) throws SQLException {
    return DriverManager.getConnection(TestingGateway.sluiceUrl(server, null));
  }

  /** About 1.5 million rows: more than any client reads before it goes away. */
  private static String largeResult() {
    return "SELECT l.l_comment, n.n_name FROM tpch.lineitem l CROSS JOIN tpch.nation n";
  }

  private static void awaitTrue(BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }
}
