package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * All 22 TPC-H queries at scale factor 0.01 through both client protocols (the Arrow Flight SQL
 * JDBC driver and jdbc:sluice) must return exactly the rows the same query returns when sent
 * straight to the Spark Thrift Server behind Sluice.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestTpchEndToEnd {
  private GatewayServer server;
  private Connection flightSql;
  private Connection sluice;
  private Connection direct;

  @BeforeAll
  void connect() throws Exception {
    server = TestingGateway.shared();
    flightSql = DriverManager.getConnection(TestingGateway.flightSqlUrl(server));
    try (Statement statement = flightSql.createStatement()) {
      statement.execute("USE tpch");
    }
    sluice = DriverManager.getConnection(TestingGateway.sluiceUrl(server, "tpch"));
    // The first query through Sluice starts the engine; then connect to it directly.
    ResultRows.query(sluice, "SELECT count(*) FROM nation");
    InetSocketAddress thrift = server.cluster().thriftAddress().orElseThrow();
    Class.forName("org.apache.kyuubi.jdbc.KyuubiHiveDriver");
    direct =
        DriverManager.getConnection(
            "jdbc:hive2://" + thrift.getHostString() + ":" + thrift.getPort() + "/tpch",
            "sluice-test",
            "");
  }

  @AfterAll
  void disconnect() throws Exception {
    for (Connection connection : new Connection[] {flightSql, sluice, direct}) {
      if (connection != null) {
        connection.close();
      }
    }
    TestingGateway.assertNoArrowMemoryHeld(server);
  }

  static IntStream queries() {
    return IntStream.rangeClosed(1, 22);
  }

  @ParameterizedTest(name = "TPC-H Q{0}")
  @MethodSource("queries")
  void flightSqlAndJdbcReturnExactlyWhatSparkReturns(int number) throws SQLException {
    String sql = ResultRows.tpchQuery(number);

    List<List<String>> expected = sorted(ResultRows.query(direct, sql));
    List<List<String>> throughFlightSql = sorted(ResultRows.query(flightSql, sql));
    List<List<String>> throughJdbc = sorted(ResultRows.query(sluice, sql));

    assertThat(expected).as("Q%d straight from Spark", number).isNotEmpty();
    assertThat(throughFlightSql).as("Q%d through Arrow Flight SQL", number).isEqualTo(expected);
    assertThat(throughJdbc).as("Q%d through jdbc:sluice", number).isEqualTo(expected);
  }

  /** Ties in ORDER BY may come back in either order; compare the rows as a multiset. */
  private static List<List<String>> sorted(List<List<String>> rows) {
    List<List<String>> copy = new ArrayList<>(rows);
    copy.sort(Comparator.comparing(Object::toString));
    return copy;
  }
}
