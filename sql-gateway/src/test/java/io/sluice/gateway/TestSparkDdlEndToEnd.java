package io.sluice.gateway;

import static io.sluice.gateway.ResultRows.query;
import static io.sluice.gateway.TestHivePolicyExport.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.TestHivePolicyExport.Protocol;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What dbt-spark does to build a model, over the real engine and both protocols, by a developer who
 * owns one schema and reads TPC-H under a row filter and a mask: create the schema, replace a table
 * from a query, overwrite it, alter it, create a view, truncate, drop; the copy holds only what the
 * developer may see, and what reaches beyond the policies is refused.
 */
class TestSparkDdlEndToEnd {
  private static final String DEVELOPER = "dbt_dev";

  private static final String POLICIES =
      """
      [
       {"id": 9101, "name": "dbt_dev reads tpch", "isEnabled": true, "policyType": 0,
        "resources": {"database": {"values": ["tpch"]}, "table": {"values": ["*"]},
                      "column": {"values": ["*"]}},
        "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                         "users": ["dbt_dev"]}]},
       {"id": 9102, "name": "dbt_dev owns its schemas", "isEnabled": true, "policyType": 0,
        "resources": {"database": {"values": ["dbt_dev_*"]}, "table": {"values": ["*"]},
                      "column": {"values": ["*"]}},
        "policyItems": [{"accesses": [{"type": "select", "isAllowed": true},
                                      {"type": "update", "isAllowed": true},
                                      {"type": "create", "isAllowed": true},
                                      {"type": "drop", "isAllowed": true},
                                      {"type": "alter", "isAllowed": true}],
                         "users": ["dbt_dev"]}]},
       {"id": 9103, "name": "dbt_dev sees finished orders", "isEnabled": true, "policyType": 2,
        "resources": {"database": {"values": ["tpch"]}, "table": {"values": ["orders"]}},
        "rowFilterPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                                  "users": ["dbt_dev"],
                                  "rowFilterInfo": {"filterExpr": "o_orderstatus = 'F'"}}]},
       {"id": 9104, "name": "dbt_dev: clerks hidden", "isEnabled": true, "policyType": 1,
        "resources": {"database": {"values": ["tpch"]}, "table": {"values": ["orders"]},
                      "column": {"values": ["o_clerk"]}},
        "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                                 "users": ["dbt_dev"],
                                 "dataMaskInfo": {"dataMaskType": "MASK_NULL"}}]},
       {"id": 9105, "name": "dbt_dev reads one column of dbt_partial.t", "isEnabled": true,
        "policyType": 0,
        "resources": {"database": {"values": ["dbt_partial"]}, "table": {"values": ["t"]},
                      "column": {"values": ["a"]}},
        "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                         "users": ["dbt_dev"]}]}
      ]
      """;

  private static GatewayServer server;
  private static AutoCloseable policies;

  @BeforeAll
  static void install() throws Exception {
    server = TestingGateway.shared();
    TestingPolicies.users(server, Map.of(DEVELOPER, Set.of()));
    TestingPolicies.table(
        server,
        "dbt_hidden",
        "secret",
        new Schema(Types.NestedField.optional(1, "id", Types.IntegerType.get())),
        List.of(List.of(1)));
    TestingPolicies.table(
        server,
        "dbt_partial",
        "t",
        new Schema(
            Types.NestedField.optional(1, "a", Types.IntegerType.get()),
            Types.NestedField.optional(2, "b", Types.StringType.get())),
        List.of(List.of(1, "one")));
    policies = TestingPolicies.installPolicies(server, POLICIES);
  }

  @AfterAll
  static void restore() throws Exception {
    policies.close();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void aDbtModelIsBuiltAlteredAndDroppedUnderThePolicies(Protocol protocol) throws Exception {
    String schema = "dbt_dev_" + protocol.name().toLowerCase(Locale.ROOT);
    try (Connection developer = connect(protocol, DEVELOPER);
        Connection admin = admin(protocol)) {
      String finishedOrders =
          query(admin, "SELECT count(*) FROM tpch.orders WHERE o_orderstatus = 'F'").get(0).get(0);

      execute(developer, "CREATE SCHEMA IF NOT EXISTS " + schema);
      execute(
          developer,
          "create or replace table "
              + schema
              + ".orders_copy using iceberg as select o_orderkey, o_orderstatus, o_clerk"
              + " from tpch.orders");
      // The copy holds what the developer may see: finished orders, no clerks.
      assertThat(
              query(
                  admin,
                  "SELECT count(*), count(o_clerk), count(DISTINCT o_orderstatus) FROM "
                      + schema
                      + ".orders_copy"))
          .containsExactly(List.of(finishedOrders, "0", "1"));

      execute(
          developer,
          "INSERT OVERWRITE TABLE "
              + schema
              + ".orders_copy SELECT o_orderkey, o_orderstatus, o_clerk FROM tpch.orders"
              + " WHERE o_orderkey < 100");
      String finishedBelow100 =
          query(
                  admin,
                  "SELECT count(*) FROM tpch.orders WHERE o_orderstatus = 'F' AND o_orderkey < 100")
              .get(0)
              .get(0);
      assertThat(query(developer, "SELECT count(*) FROM " + schema + ".orders_copy"))
          .containsExactly(List.of(finishedBelow100));

      // dbt's incremental merge: new finished orders arrive, clerks still hidden.
      execute(
          developer,
          "MERGE INTO "
              + schema
              + ".orders_copy t USING (SELECT o_orderkey, o_orderstatus, o_clerk FROM tpch.orders"
              + " WHERE o_orderkey < 200) s ON t.o_orderkey = s.o_orderkey"
              + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");
      String finishedBelow200 =
          query(
                  admin,
                  "SELECT count(*) FROM tpch.orders WHERE o_orderstatus = 'F' AND o_orderkey < 200")
              .get(0)
              .get(0);
      assertThat(
              query(
                  admin,
                  "SELECT count(*), count(o_clerk), count(DISTINCT o_orderstatus) FROM "
                      + schema
                      + ".orders_copy"))
          .containsExactly(List.of(finishedBelow200, "0", "1"));
      execute(
          developer,
          "INSERT OVERWRITE TABLE "
              + schema
              + ".orders_copy SELECT o_orderkey,"
              + " o_orderstatus, o_clerk FROM tpch.orders WHERE o_orderkey < 100");
      assertThat(query(developer, "EXPLAIN SELECT o_clerk FROM tpch.orders").get(0).get(0))
          .contains("o_orderstatus");

      // The next statement sees the new column at once.
      execute(developer, "ALTER TABLE " + schema + ".orders_copy ADD COLUMNS (note STRING)");
      assertThat(query(developer, "SELECT count(note) FROM " + schema + ".orders_copy"))
          .containsExactly(List.of("0"));
      execute(
          developer,
          "ALTER TABLE " + schema + ".orders_copy SET TBLPROPERTIES ('dbt.model' = 'orders')");
      execute(
          developer,
          "ALTER TABLE " + schema + ".orders_copy RENAME TO " + schema + ".orders_renamed");
      assertThat(query(developer, "SELECT count(*) FROM " + schema + ".orders_renamed"))
          .containsExactly(List.of(finishedBelow100));
      assertThatThrownBy(() -> query(developer, "SELECT * FROM " + schema + ".orders_copy"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("not found");

      execute(
          developer,
          "CREATE OR REPLACE VIEW "
              + schema
              + ".finished AS SELECT o_orderkey FROM "
              + schema
              + ".orders_renamed");
      execute(developer, "DROP VIEW " + schema + ".finished");

      execute(developer, "TRUNCATE TABLE " + schema + ".orders_renamed");
      assertThat(query(developer, "SELECT count(*) FROM " + schema + ".orders_renamed"))
          .containsExactly(List.of("0"));

      // Table maintenance on the developer's own table; the engine's cache for tables it reads.
      execute(
          developer,
          "CALL lakehouse.system.expire_snapshots(table => '"
              + schema
              + ".orders_renamed', retain_last => 1)");
      execute(developer, "REFRESH TABLE " + schema + ".orders_renamed");
      execute(developer, "CACHE LAZY TABLE tpch.nation");
      execute(developer, "UNCACHE TABLE IF EXISTS tpch.nation");
      assertRefused(
          developer, "CALL lakehouse.system.rewrite_data_files('tpch.orders')", "cannot alter");
      assertRefused(developer, "CLEAR CACHE", "cannot run CLEAR CACHE");

      // Beyond the policies: tpch is read-only, files stay in the warehouse.
      assertRefused(developer, "CREATE TABLE tpch.mine (id INT)", "cannot create");
      assertRefused(developer, "DROP TABLE tpch.nation", "cannot drop");
      assertRefused(developer, "TRUNCATE TABLE tpch.orders", "cannot update");
      assertRefused(
          developer,
          "CREATE TABLE " + schema + ".elsewhere (id INT) LOCATION '/tmp/elsewhere'",
          "cannot set the location of");
      assertRefused(
          developer,
          "INSERT OVERWRITE TABLE tpch.orders SELECT * FROM tpch.orders",
          "cannot update");

      execute(developer, "DROP TABLE " + schema + ".orders_renamed");
      execute(developer, "DROP SCHEMA " + schema + " CASCADE");
      assertThatThrownBy(() -> query(admin, "SELECT * FROM " + schema + ".orders_renamed"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("not found");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void showAndDescribeListOnlyWhatTheCallerMaySee(Protocol protocol) throws Exception {
    try (Connection developer = connect(protocol, DEVELOPER);
        Connection admin = admin(protocol)) {
      assertThat(column(query(developer, "SHOW DATABASES"), 0))
          .contains("tpch", "dbt_partial")
          .doesNotContain("dbt_hidden");
      assertThat(column(query(admin, "SHOW DATABASES"), 0)).contains("tpch", "dbt_hidden");

      assertThat(column(query(developer, "SHOW TABLES IN tpch"), 1))
          .containsExactlyInAnyOrder(
              "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
      assertThat(query(developer, "SHOW TABLES IN dbt_hidden")).isEmpty();
      assertThat(query(admin, "SHOW TABLES IN dbt_hidden"))
          .containsExactly(List.of("dbt_hidden", "secret", "false"));

      // Column b of dbt_partial.t is not the developer's to see.
      assertThat(column(query(developer, "DESCRIBE dbt_partial.t"), 0)).containsExactly("a");
      assertThat(column(query(admin, "DESCRIBE dbt_partial.t"), 0)).containsExactly("a", "b");
      assertThatThrownBy(() -> query(developer, "DESCRIBE dbt_hidden.secret"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining(
              "Access denied: user dbt_dev cannot describe dbt_hidden.secret (no policy allows"
                  + " it)");

      execute(developer, "USE tpch");
      assertThat(query(developer, "SHOW CURRENT NAMESPACE"))
          .containsExactly(List.of("lakehouse", "tpch"));
      assertThat(column(query(developer, "DESCRIBE QUERY SELECT o_clerk FROM orders"), 0))
          .containsExactly("o_clerk");
      assertThat(column(query(developer, "SHOW TBLPROPERTIES orders"), 0)).isNotEmpty();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void settingsHoldForTheSessionOnlyAndProtectedKeysAreRefused(Protocol protocol) throws Exception {
    try (Connection developer = connect(protocol, DEVELOPER);
        Connection admin = admin(protocol)) {
      String engineDefault = query(admin, "SET spark.sql.shuffle.partitions").get(0).get(1);
      String chosen = engineDefault.equals("3") ? "5" : "3";

      execute(developer, "set spark.sql.shuffle.partitions=" + chosen + ";");
      assertThat(query(developer, "SET spark.sql.shuffle.partitions"))
          .containsExactly(List.of("spark.sql.shuffle.partitions", chosen));
      assertThat(query(developer, "SET"))
          .containsExactly(List.of("spark.sql.shuffle.partitions", chosen));
      // A query runs with it; other sessions on the same engine connections do not see it.
      assertThat(query(developer, "SELECT count(*) FROM tpch.nation")).hasSize(1);
      assertThat(query(admin, "SET spark.sql.shuffle.partitions").get(0).get(1))
          .isEqualTo(engineDefault);

      // A value the engine refuses is not kept, and the session goes on.
      assertThatThrownBy(() -> execute(developer, "SET spark.sql.shuffle.partitions=many"))
          .isInstanceOf(SQLException.class);
      assertThat(query(developer, "SET spark.sql.shuffle.partitions").get(0).get(1))
          .isEqualTo(chosen);

      assertRefused(developer, "SET spark.sql.variable.substitute=true", "cannot set");
      assertRefused(
          developer, "SET spark.sql.catalog.lakehouse.uri=jdbc:sqlite:/tmp/x", "cannot set");
      assertRefused(developer, "SET -v", "cannot list");

      execute(developer, "RESET spark.sql.shuffle.partitions");
      assertThat(query(developer, "SET spark.sql.shuffle.partitions").get(0).get(1))
          .isEqualTo(engineDefault);
      assertThat(query(developer, "SET")).isEmpty();
    }
  }

  private static List<String> column(List<List<String>> rows, int index) {
    return rows.stream().map(row -> row.get(index)).toList();
  }

  private static Connection admin(Protocol protocol) throws SQLException {
    return connect(protocol, TestingGateway.USER, TestingGateway.PASSWORD);
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static void assertRefused(Connection connection, String sql, String what) {
    assertThatThrownBy(() -> execute(connection, sql))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Access denied: user " + DEVELOPER + " " + what);
  }
}
