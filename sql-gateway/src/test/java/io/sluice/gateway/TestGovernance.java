package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.security.authn.password.UserFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The demo's policies enforced over the real engine, through both protocols: an analyst sees only
 * the customers of their segment, phone numbers masked but for the last 4 characters and addresses
 * hashed, wherever the columns are used; a user no policy allows is refused with the reason; ways
 * around the policies are answered with policy-compliant data or refused. Expected values come from
 * the same data read by a super-user.
 */
class TestGovernance {
  private static final String ANALYST = "gov-analyst";
  private static final String STRANGER = "gov-stranger";
  private static final String PASSWORD = "governed-password-1";

  private static GatewayServer server;

  @BeforeAll
  static void policiesAndUsers() throws Exception {
    server = TestingGateway.shared();
    DemoGovernance.writePolicies(server.config());
    UserFile users = UserFile.at(server.config().auth().passwordFile().file());
    if (users.list().stream().noneMatch(user -> user.name().equals(ANALYST))) {
      users.add(ANALYST, PASSWORD, Set.of("analysts"), Map.of("segment", "BUILDING"));
      users.add(STRANGER, PASSWORD, Set.of(), Map.of());
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.accessControl().policyVersion() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  enum Protocol {
    FLIGHT_SQL,
    JDBC_SLUICE;

    /** A connection to the shared test gateway, as the user (the users' password is shared). */
    Connection connect(String user) throws SQLException {
      GatewayServer server = TestingGateway.shared();
      Properties properties = new Properties();
      properties.setProperty("user", user);
      properties.setProperty(
          "password", user.equals(TestingGateway.USER) ? TestingGateway.PASSWORD : PASSWORD);
      return DriverManager.getConnection(
          this == FLIGHT_SQL
              ? "jdbc:arrow-flight-sql://127.0.0.1:"
                  + server.flightSqlPort()
                  + "/?useEncryption=false"
              : "jdbc:sluice://127.0.0.1:" + server.httpPort(),
          properties);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void analystSeesTheirSegmentWithMaskedColumns(Protocol protocol) throws Exception {
    try (Connection analyst = protocol.connect(ANALYST);
        Connection superUser = protocol.connect(TestingGateway.USER)) {
      List<List<String>> all = ResultRows.query(superUser, "SELECT count(*) FROM tpch.customer");
      List<List<String>> building =
          ResultRows.query(
              superUser, "SELECT count(*) FROM tpch.customer WHERE c_mktsegment = 'BUILDING'");
      assertThat(building).isNotEqualTo(all);
      // The filter applies once, whatever the query does around the table.
      assertThat(ResultRows.query(analyst, "SELECT count(*) FROM tpch.customer"))
          .isEqualTo(building);
      assertThat(ResultRows.query(analyst, "SELECT count(*) FROM lakehouse.tpch.customer"))
          .isEqualTo(building);
      assertThat(
              ResultRows.query(
                  analyst, "WITH c AS (SELECT * FROM tpch.customer) SELECT count(*) FROM c"))
          .isEqualTo(building);
      assertThat(
              ResultRows.query(
                  analyst,
                  "SELECT count(*) FROM tpch.orders o"
                      + " WHERE o.o_custkey IN (SELECT c_custkey FROM tpch.customer)"))
          .isEqualTo(
              ResultRows.query(
                  superUser,
                  "SELECT count(*) FROM tpch.orders o WHERE o.o_custkey IN"
                      + " (SELECT c_custkey FROM tpch.customer WHERE c_mktsegment = 'BUILDING')"));

      // Masks: the last 4 characters of the phone, the address hashed; in WHERE too.
      String ordered =
          " FROM tpch.customer WHERE c_mktsegment = 'BUILDING' ORDER BY c_custkey LIMIT 20";
      assertThat(ResultRows.query(analyst, "SELECT c_custkey, c_phone, c_address" + ordered))
          .isEqualTo(
              ResultRows.query(
                  superUser,
                  "SELECT c_custkey,"
                      + " concat(regexp_replace(substr(c_phone, 1, length(c_phone) - 4),"
                      + " '[A-Za-z0-9]', 'x'), substr(c_phone, -4)),"
                      + " sha2(c_address, 256)"
                      + ordered));
      assertThat(
              ResultRows.query(
                  analyst, "SELECT count(*) FROM tpch.customer WHERE c_phone LIKE 'xx-xxx-%'"))
          .isEqualTo(building);
      assertThat(
              ResultRows.query(
                  analyst,
                  "SELECT c_phone FROM tpch.customer WHERE c_custkey < 0"
                      + " UNION ALL SELECT c_phone FROM tpch.customer ORDER BY 1 LIMIT 3"))
          .allSatisfy(row -> assertThat(row.get(0)).startsWith("xx-xxx-xxx-"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aUserNoPolicyAllowsIsRefusedWithTheReasonAndItIsAudited(Protocol protocol) throws Exception {
    try (Connection stranger = protocol.connect(STRANGER)) {
      assertThatThrownBy(() -> ResultRows.query(stranger, "SELECT n_name FROM tpch.nation"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(
              "Access denied: user gov-stranger cannot select tpch.nation.n_name");
      // The session stays usable.
      assertThat(ResultRows.query(stranger, "SELECT 1")).containsExactly(List.of("1"));
    }
    assertThat(auditLines())
        .anySatisfy(
            line ->
                assertThat(line)
                    .contains("\"kind\":\"authorization\"")
                    .contains("gov-stranger")
                    .contains("Access denied"));
  }

  @Test
  void codeRunningFunctionsAreRefused() throws Exception {
    try (Connection analyst = Protocol.JDBC_SLUICE.connect(ANALYST)) {
      assertThatThrownBy(
              () ->
                  ResultRows.query(analyst, "SELECT reflect('java.lang.System', 'getenv', 'HOME')"))
          .isInstanceOf(SQLException.class);
      assertThatThrownBy(
              () ->
                  ResultRows.query(
                      analyst, "SELECT java_method('java.lang.System', 'getenv', 'HOME')"))
          .isInstanceOf(SQLException.class);
    }
  }

  private static List<String> auditLines() throws Exception {
    Path directory = server.config().audit().directory();
    // Denials are on disk before the client is answered.
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".jsonl"))
          .flatMap(
              path -> {
                try {
                  return Files.readAllLines(path).stream();
                } catch (java.io.IOException failure) {
                  throw new java.io.UncheckedIOException(failure);
                }
              })
          .toList();
    }
  }
}
