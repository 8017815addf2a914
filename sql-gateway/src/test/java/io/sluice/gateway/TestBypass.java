package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.TestGovernance.Protocol;
import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.security.authn.password.UserFile;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Statements written to get around the demo's policies (an analyst sees only BUILDING customers,
 * phones masked but for their last 4 characters) through Spark's own syntax — samples, time travel,
 * metadata tables, views, lateral views, hints, table functions, aggregate filters — over the real
 * engine and both protocols: each is answered with exactly the policy-compliant data, or refused.
 */
class TestBypass {
  private static final String ANALYST = "bypass-analyst";
  private static final String VIEW = "tpch.bypass_customers";

  private static GatewayServer server;

  @BeforeAll
  static void policiesUsersAndAView() throws Exception {
    server = TestingGateway.shared();
    DemoGovernance.writePolicies(server.config());
    UserFile users = UserFile.at(server.config().auth().passwordFile().file());
    if (users.list().stream().noneMatch(user -> user.name().equals(ANALYST))) {
      users.add(ANALYST, "governed-password-1", Set.of("analysts"), Map.of("segment", "BUILDING"));
    }
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.accessControl().policyVersion() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    try (Connection admin = Protocol.JDBC_SLUICE.connect(TestingGateway.USER)) {
      execute(admin, "CREATE OR REPLACE VIEW " + VIEW + " AS SELECT * FROM tpch.customer");
    }
  }

  @AfterAll
  static void dropTheView() throws Exception {
    try (Connection admin = Protocol.JDBC_SLUICE.connect(TestingGateway.USER)) {
      execute(admin, "DROP VIEW IF EXISTS " + VIEW);
    }
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyWayAroundTheRowFilterCountsOnlyTheUsersRows(Protocol protocol) throws Exception {
    try (Connection analyst = protocol.connect(ANALYST);
        Connection superUser = protocol.connect(TestingGateway.USER)) {
      List<List<String>> building =
          ResultRows.query(
              superUser, "SELECT count(*) FROM tpch.customer WHERE c_mktsegment = 'BUILDING'");
      for (String sql :
          List.of(
              "SELECT count(*) FROM tpch.customer TABLESAMPLE (100 PERCENT)",
              "SELECT count(*) FROM tpch.customer TIMESTAMP AS OF current_timestamp()",
              "SELECT count(*) FROM " + VIEW,
              "SELECT count(*) FROM (SELECT c_custkey FROM tpch.customer CLUSTER BY c_custkey)",
              "SELECT /*+ BROADCAST(customer) */ count(*) FROM tpch.customer",
              "SELECT count(*) FROM range(1) JOIN tpch.customer ON true",
              "SELECT count(*) FROM tpch.customer LATERAL VIEW explode(array(1)) t AS x",
              "SELECT count(*) + count(*) FILTER (WHERE c_mktsegment <> 'BUILDING')"
                  + " FROM tpch.customer",
              "SELECT count(*) FROM tpch.customer c GROUP BY c_mktsegment WITH ROLLUP"
                  + " HAVING grouping_id() = 1")) {
        assertThat(ResultRows.query(analyst, sql)).as(sql).isEqualTo(building);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyWayAroundTheMaskShowsOnlyMaskedPhones(Protocol protocol) throws Exception {
    try (Connection analyst = protocol.connect(ANALYST)) {
      for (String sql :
          List.of(
              "SELECT p FROM tpch.customer LATERAL VIEW explode(array(c_phone)) t AS p LIMIT 5",
              "SELECT element_at(transform(array(c_phone), x -> concat(x, '')), 1)"
                  + " FROM tpch.customer LIMIT 5",
              "SELECT c_phone FROM " + VIEW + " LIMIT 5",
              "SELECT c_phone FROM tpch.customer TIMESTAMP AS OF current_timestamp() LIMIT 5",
              "SELECT c_phone FROM tpch.customer DISTRIBUTE BY c_phone SORT BY c_phone LIMIT 5",
              "SELECT max_by(c_phone, c_acctbal) FROM tpch.customer",
              "SELECT col0 FROM tpch.customer LATERAL VIEW stack(1, c_phone) s LIMIT 5")) {
        assertThat(ResultRows.query(analyst, sql))
            .as(sql)
            .isNotEmpty()
            .allSatisfy(row -> assertThat(row.get(0)).as(sql).startsWith("xx-xxx-xxx-"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void whatWouldShowRawDataIsRefused(Protocol protocol) throws Exception {
    try (Connection analyst = protocol.connect(ANALYST)) {
      for (String sql :
          List.of(
              // Metadata tables show files and column bounds: not under a row filter or mask.
              "SELECT * FROM tpch.customer.files",
              "SELECT count(*) FROM lakehouse.tpch.customer.snapshots",
              "SELECT * FROM tpch.customer.partitions",
              // No update: no writes, whatever the form.
              "MERGE INTO tpch.customer t USING tpch.customer s ON t.c_custkey = s.c_custkey"
                  + " WHEN MATCHED AND s.c_custkey < 0 THEN DELETE",
              "INSERT OVERWRITE TABLE tpch.customer PARTITION (c_mktsegment = 'BUILDING')"
                  + " SELECT c_custkey, c_name, c_address, c_nationkey, c_phone, c_acctbal,"
                  + " c_comment FROM tpch.customer",
              // Rewiring the engine.
              "SET spark.sql.catalog.lakehouse.uri=jdbc:sqlite:/tmp/other",
              "CREATE TEMPORARY VIEW raw AS SELECT * FROM tpch.customer")) {
        assertThatThrownBy(() -> ResultRows.query(analyst, sql))
            .as(sql)
            .isInstanceOf(SQLException.class)
            .satisfies(
                failure ->
                    assertThat(failure.getMessage())
                        .as(sql)
                        .containsAnyOf("Access denied", "Cannot run"));
      }
      // The session stays usable.
      assertThat(ResultRows.query(analyst, "SELECT 1")).containsExactly(List.of("1"));
    }
  }
}
