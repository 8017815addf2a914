package io.sluice.gateway;

import static io.sluice.gateway.TestHivePolicyExport.assertDenied;
import static io.sluice.gateway.TestHivePolicyExport.connect;
import static io.sluice.gateway.TestHivePolicyExport.sha256;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.TestHivePolicyExport.Protocol;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Apache Kyuubi's authz test policies ({@code kyuubi-authz-policies-example.json}, service {@code
 * hive_jenkins}) with three policies of Sluice's own, in force on the real engine over both
 * protocols: every Ranger mask type on {@code default.src} with the export's {@code key < 20} row
 * filter, wherever the columns are used (WHERE, JOIN, GROUP BY, CTEs, set operations, subqueries,
 * three-part names, INSERT ... SELECT), column-level grants, the export's views (whose own policies
 * apply around the caller's on their tables), time travel and Iceberg's metadata tables.
 *
 * <p>The export's bob is renamed {@code kyuubi_bob}: the shared gateway's Keycloak has a bob too.
 */
class TestKyuubiPolicyExport {
  private static final Schema SRC =
      new Schema(
          Types.NestedField.optional(1, "key", Types.IntegerType.get()),
          Types.NestedField.optional(2, "value1", Types.StringType.get()),
          Types.NestedField.optional(3, "value2", Types.StringType.get()),
          Types.NestedField.optional(4, "value3", Types.StringType.get()),
          Types.NestedField.optional(5, "value4", Types.DateType.get()),
          Types.NestedField.optional(6, "value5", Types.StringType.get()));
  private static final String SRC_NAME = "`default`.src";

  /** Sluice's own: carol reads src with the three mask types the export does not use. */
  private static final String OWN_POLICIES =
      """
      {"id": 9001, "name": "carol reads src", "isEnabled": true, "policyType": 0,
       "resources": {"database": {"values": ["default"]}, "table": {"values": ["src"]},
                     "column": {"values": ["*"]}},
       "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                        "users": ["carol"]}]},
      {"id": 9002, "name": "carol: value1 nulled", "isEnabled": true, "policyType": 1,
       "resources": {"database": {"values": ["default"]}, "table": {"values": ["src"]},
                     "column": {"values": ["value1"]}},
       "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                                "users": ["carol"], "dataMaskInfo": {"dataMaskType": "MASK_NULL"}}]},
      {"id": 9003, "name": "carol: value2 shown", "isEnabled": true, "policyType": 1,
       "resources": {"database": {"values": ["default"]}, "table": {"values": ["src"]},
                     "column": {"values": ["value2"]}},
       "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                                "users": ["carol"], "dataMaskInfo": {"dataMaskType": "MASK_NONE"}}]},
      {"id": 9004, "name": "carol: value3 custom", "isEnabled": true, "policyType": 1,
       "resources": {"database": {"values": ["default"]}, "table": {"values": ["src"]},
                     "column": {"values": ["value3"]}},
       "dataMaskPolicyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                                "users": ["carol"],
                                "dataMaskInfo": {"dataMaskType": "CUSTOM",
                                                 "valueExpr": "concat('#', upper({col}))"}}]},
      {"id": 9005, "name": "erin reads src in full", "isEnabled": true, "policyType": 0,
       "resources": {"database": {"values": ["default"]}, "table": {"values": ["src"]},
                     "column": {"values": ["*"]}},
       "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                        "users": ["erin"]}]},
      """;

  private static GatewayServer server;
  private static AutoCloseable policies;

  @BeforeAll
  static void install() throws Exception {
    server = TestingGateway.shared();
    // Two snapshots, for time travel: keys 1 and 20 first, then 19.
    if (TestingPolicies.table(
        server,
        "default",
        "src",
        SRC,
        List.of(
            List.of(
                1, "one", "Alpha-12", "Secret Value", LocalDate.of(2023, 5, 17), "555-123-4567"),
            List.of(
                20, "twenty", "Gamma", "Longer text", LocalDate.of(2020, 2, 29), "555-999-0")))) {
      TestingPolicies.append(
          server,
          "default",
          "src",
          List.of(List.of(19, "nineteen", "beta 7", "abc", LocalDate.of(1999, 12, 31), "12")));
    }
    TestingPolicies.table(server, "default", "src_copy", SRC, List.of());
    TestingPolicies.users(
        server,
        Map.of(
            "kyuubi_bob", Set.of(),
            "kent", Set.of(),
            "perm_view_user", Set.of(),
            "user_table2_only", Set.of(),
            "user_perm_view_only", Set.of(),
            "carol", Set.of(),
            "erin", Set.of()));
    String export =
        TestingPolicies.resource("ranger/kyuubi-authz-policies-example.json")
            .replace("\"bob\"", "\"kyuubi_bob\"");
    int policiesStart = export.indexOf('[', export.indexOf("\"policies\"")) + 1;
    try (Connection admin =
            connect(Protocol.JDBC_SLUICE, TestingGateway.USER, TestingGateway.PASSWORD);
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE OR REPLACE VIEW `default`.perm_view AS SELECT * FROM " + SRC_NAME);
      statement.execute(
          "CREATE OR REPLACE VIEW `default`.perm_view_masked AS SELECT * FROM `default`.perm_view");
    }
    policies =
        TestingPolicies.install(
            server,
            export.substring(0, policiesStart) + OWN_POLICIES + export.substring(policiesStart));
  }

  @AfterAll
  static void restore() throws Exception {
    policies.close();
    try (Connection admin =
            connect(Protocol.JDBC_SLUICE, TestingGateway.USER, TestingGateway.PASSWORD);
        Statement statement = admin.createStatement()) {
      statement.execute("DROP VIEW IF EXISTS `default`.perm_view_masked");
      statement.execute("DROP VIEW IF EXISTS `default`.perm_view");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void everyMaskAndTheRowFilterApplyWhereverTheColumnsAreUsed(Protocol protocol) throws Exception {
    try (Connection bob = connect(protocol, "kyuubi_bob")) {
      // Policies 11 (key < 20) and 13-18: hash, mask, show first 4, year only, show last 4.
      assertThat(ResultRows.query(bob, "SELECT * FROM " + SRC_NAME + " ORDER BY key"))
          .containsExactly(
              List.of("1", sha256("one"), "Xxxxx-nn", "Secrxx xxxxx", "2023-01-01", "xxx-xxx-4567"),
              List.of("19", sha256("nineteen"), "xxxx n", "abc", "1999-01-01", "12"));
      assertThat(query(bob, "SELECT key FROM " + SRC_NAME + " WHERE value2 = 'Xxxxx-nn'"))
          .containsExactly(List.of("1"));
      assertThat(query(bob, "SELECT key FROM " + SRC_NAME + " WHERE value2 = 'Alpha-12'"))
          .isEmpty();
      assertThat(
              query(
                  bob,
                  "SELECT value5, count(*) FROM " + SRC_NAME + " GROUP BY value5 ORDER BY value5"))
          .containsExactly(List.of("12", "1"), List.of("xxx-xxx-4567", "1"));
      assertThat(
              query(
                  bob,
                  "SELECT a.key, b.value4 FROM "
                      + SRC_NAME
                      + " a JOIN "
                      + SRC_NAME
                      + " b ON a.value4 = b.value4 ORDER BY 1"))
          .containsExactly(List.of("1", "2023-01-01"), List.of("19", "1999-01-01"));
      // A CTE named like the table is the CTE; a CTE over the table is filtered.
      assertThat(query(bob, "WITH src AS (SELECT 42 AS key) SELECT key FROM src"))
          .containsExactly(List.of("42"));
      assertThat(query(bob, "WITH s AS (SELECT * FROM " + SRC_NAME + ") SELECT count(*) FROM s"))
          .containsExactly(List.of("2"));
      assertThat(query(bob, "SELECT `default`.src.value2 FROM " + SRC_NAME + " ORDER BY 1"))
          .containsExactly(List.of("Xxxxx-nn"), List.of("xxxx n"));
      assertThat(
              query(
                  bob,
                  "SELECT value2 FROM "
                      + SRC_NAME
                      + " UNION SELECT value2 FROM "
                      + SRC_NAME
                      + " ORDER BY 1"))
          .containsExactly(List.of("Xxxxx-nn"), List.of("xxxx n"));
      assertThat(query(bob, "SELECT (SELECT max(key) FROM " + SRC_NAME + ")"))
          .containsExactly(List.of("19"));
      assertThat(
              query(
                  bob,
                  "SELECT count(*) FROM "
                      + SRC_NAME
                      + " WHERE key IN (SELECT key FROM "
                      + SRC_NAME
                      + " WHERE value3 LIKE 'Secr%')"))
          .containsExactly(List.of("1"));
      assertThat(
              query(
                  bob,
                  "SELECT count(*) FROM "
                      + SRC_NAME
                      + " s WHERE EXISTS (SELECT 1 FROM "
                      + SRC_NAME
                      + " t WHERE t.key = s.key AND t.value1 = 'one')"))
          .containsExactly(List.of("0"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void maskNullMaskNoneAndCustomMasks(Protocol protocol) throws Exception {
    try (Connection carol = connect(protocol, "carol")) {
      assertThat(query(carol, "SELECT * FROM " + SRC_NAME + " WHERE key = 1"))
          .containsExactly(
              List.of("1", "NULL", "Alpha-12", "#SECRET VALUE", "2023-05-17", "555-123-4567"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void columnGrantsAndTableGrants(Protocol protocol) throws Exception {
    try (Connection kent = connect(protocol, "kent");
        Connection viewUser = connect(protocol, "perm_view_user");
        Connection table2Only = connect(protocol, "user_table2_only")) {
      // Policy 4: kent reads the key column only, with no filter.
      assertThat(query(kent, "SELECT key FROM " + SRC_NAME + " ORDER BY key"))
          .containsExactly(List.of("1"), List.of("19"), List.of("20"));
      assertDenied(kent, "SELECT * FROM " + SRC_NAME, "kent cannot select default.src.value1");
      // Policies 3 and 11: perm_view_user reads everything unmasked, filtered.
      assertThat(query(viewUser, "SELECT key, value2 FROM " + SRC_NAME + " ORDER BY key"))
          .containsExactly(List.of("1", "Alpha-12"), List.of("19", "beta 7"));
      assertDenied(
          table2Only, "SELECT key FROM " + SRC_NAME, "user_table2_only cannot select default.src");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void insertSelectFromAMaskedTableWritesMaskedRows(Protocol protocol) throws Exception {
    try (Connection bob = connect(protocol, "kyuubi_bob");
        Connection superUser = connect(protocol, TestingGateway.USER, TestingGateway.PASSWORD)) {
      try (var statement = bob.createStatement()) {
        statement.execute("INSERT INTO `default`.src_copy SELECT * FROM " + SRC_NAME);
      }
      assertThat(
              query(
                  superUser,
                  "SELECT DISTINCT key, value2, value5 FROM `default`.src_copy ORDER BY key"))
          .containsExactly(List.of("1", "Xxxxx-nn", "xxx-xxx-4567"), List.of("19", "xxxx n", "12"));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void viewsReadTheirTablesThroughTheCallersPoliciesAndTheirOwnAround(Protocol protocol)
      throws Exception {
    try (Connection viewUser = connect(protocol, "perm_view_user");
        Connection viewOnly = connect(protocol, "user_perm_view_only");
        Connection bob = connect(protocol, "kyuubi_bob")) {
      // Policies 11 and 12 filter src and the view (key < 20), 14 hashes the view's value1, 19
      // masks value2 of the view over the view.
      assertThat(query(viewUser, "SELECT key, value1, value2 FROM `default`.perm_view ORDER BY 1"))
          .containsExactly(
              List.of("1", sha256("one"), "Alpha-12"), List.of("19", sha256("nineteen"), "beta 7"));
      assertThat(query(viewUser, "SELECT key, value1, value2 FROM `default`.perm_view_masked"))
          .containsExactlyInAnyOrder(
              List.of("1", sha256("one"), "Xxxxx-nn"), List.of("19", sha256("nineteen"), "xxxx n"));
      // Bob's own masks on src (13-16) apply inside the view; the view's are not his.
      assertThat(query(bob, "SELECT key, value1, value2 FROM `default`.perm_view ORDER BY 1"))
          .containsExactly(
              List.of("1", sha256("one"), "Xxxxx-nn"), List.of("19", sha256("nineteen"), "xxxx n"));
      // Sluice expands views with the caller's rights: policy 7 alone does not open src.
      assertDenied(
          viewOnly,
          "SELECT key FROM `default`.perm_view",
          "user_perm_view_only cannot select default.src");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void timeTravelReadsTheSnapshotThroughTodaysPolicies(Protocol protocol) throws Exception {
    try (Connection bob = connect(protocol, "kyuubi_bob");
        Connection kent = connect(protocol, "kent");
        Connection superUser = connect(protocol, TestingGateway.USER, TestingGateway.PASSWORD)) {
      String first =
          query(
                  superUser,
                  "SELECT snapshot_id FROM `default`.src.snapshots ORDER BY committed_at LIMIT 1")
              .get(0)
              .get(0);
      String asOfFirst = SRC_NAME + " VERSION AS OF " + first;
      // The first snapshot holds keys 1 and 20: bob's filter leaves 1, masked.
      assertThat(query(bob, "SELECT key, value2, value5 FROM " + asOfFirst))
          .containsExactly(List.of("1", "Xxxxx-nn", "xxx-xxx-4567"));
      assertThat(query(kent, "SELECT key FROM " + asOfFirst + " ORDER BY key"))
          .containsExactly(List.of("1"), List.of("20"));
      assertThat(
              query(
                  bob,
                  "SELECT count(*) FROM "
                      + SRC_NAME
                      + " FOR SYSTEM_TIME AS OF current_timestamp() WHERE value2 = 'Alpha-12'"))
          .containsExactly(List.of("0"));
      assertDenied(
          kent, "SELECT value1 FROM " + asOfFirst, "kent cannot select default.src.value1");
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void metadataTablesOnlyForWhoReadsTheWholeTableUnfilteredAndUnmasked(Protocol protocol)
      throws Exception {
    try (Connection erin = connect(protocol, "erin");
        Connection bob = connect(protocol, "kyuubi_bob");
        Connection kent = connect(protocol, "kent")) {
      assertThat(query(erin, "SELECT count(*) FROM `default`.src.snapshots"))
          .containsExactly(List.of("2"));
      assertThat(query(erin, "SELECT sum(record_count) FROM `default`.src.files"))
          .containsExactly(List.of("3"));
      assertThat(query(erin, "SELECT key FROM `default`.src ORDER BY key"))
          .containsExactly(List.of("1"), List.of("19"), List.of("20"));
      assertThatThrownBy(() -> query(bob, "SELECT * FROM `default`.src.files"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("Access denied: user kyuubi_bob cannot select default.src")
          .hasMessageContaining("a row filter applies to it for the user (policy 11)");
      assertDenied(
          kent,
          "SELECT count(*) FROM `default`.src.history",
          "kent cannot select default.src (no policy allows it)");
    }
  }

  private static List<List<String>> query(Connection connection, String sql) throws Exception {
    return ResultRows.query(connection, sql);
  }
}
