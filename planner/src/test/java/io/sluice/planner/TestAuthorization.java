package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.ErrorKind;
import io.sluice.spi.SluiceException;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every statement is authorized for its user: {@code select} on each column it reads wherever it
 * reads it, {@code update} on what DML changes, {@code create} for DDL; super-users are exempt, and
 * what cannot be authorized precisely only they may run.
 */
class TestAuthorization extends PlannerTestBase {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;

  @BeforeAll
  static void createSalesCalendar() throws Exception {
    catalog.catalog().createNamespace(Namespace.of("sales"));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("sales", "calendar"),
            new Schema(
                Types.NestedField.optional(1, "current_date", Types.DateType.get()),
                Types.NestedField.optional(2, "holiday", Types.BooleanType.get())));
  }

  @Test
  void queryNeedsSelectOnEachColumnItReads() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(access, "SELECT n_name FROM nation WHERE n_regionkey = 1 ORDER BY n_comment");

    assertThat(access.checks())
        .containsExactly(
            "select tpch.nation.n_name",
            "select tpch.nation.n_regionkey",
            "select tpch.nation.n_comment");
  }

  @Test
  void starNeedsSelectOnEveryColumn() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(access, "SELECT r.* FROM region r");

    assertThat(access.checks())
        .containsExactly(
            "select tpch.region.r_regionkey",
            "select tpch.region.r_name",
            "select tpch.region.r_comment");
  }

  @Test
  void tableReadWithoutColumnsNeedsSelectOnTheTable() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(access, "SELECT count(*) FROM orders");

    assertThat(access.checks()).containsExactly("select tpch.orders");
  }

  @Test
  void deniedColumnNamesTheDecidingPolicy() {
    TestingAccessControl access = ordersCommentDenied();

    assertDenied(access, "SELECT o_orderkey, o_comment FROM orders")
        .hasMessage("Access denied: user analyst cannot select tpch.orders.o_comment (policy 12)");
  }

  @Test
  void columnNoPolicyAllowsIsDenied() {
    TestingAccessControl access =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch.nation", 3).build();

    assertThat(planned(access, "SELECT n_name FROM nation").policyIds()).containsExactly(3L);
    assertDenied(access, "SELECT n_name, r_name FROM nation, region")
        .hasMessage(
            "Access denied: user analyst cannot select tpch.region.r_name (no policy allows it)");
  }

  @Test
  void aColumnReadAnywhereIsChecked() {
    TestingAccessControl access = ordersCommentDenied();

    for (String sql :
        new String[] {
          "SELECT * FROM orders",
          "SELECT o.* FROM orders o",
          "SELECT count(*) FROM orders WHERE o_comment LIKE '%x%'",
          "SELECT count(*) FROM orders GROUP BY o_comment",
          "SELECT o_orderkey FROM orders ORDER BY o_comment",
          "SELECT max(o_orderkey) FROM orders HAVING max(o_comment) > 'a'",
          "SELECT c_name FROM customer JOIN orders ON c_comment = o_comment",
          "SELECT row_number() OVER (PARTITION BY o_comment ORDER BY o_orderkey) FROM orders",
          "SELECT CASE WHEN o_orderkey > 1 THEN upper(o_comment) END FROM orders",
          "SELECT x FROM (SELECT o_comment AS x FROM orders) AS t",
          "SELECT 1 FROM (SELECT o_comment FROM orders) AS unused",
          "WITH c AS (SELECT o_comment FROM orders) SELECT * FROM c",
          "WITH c AS (SELECT o_comment FROM orders) SELECT 1",
          "SELECT (SELECT max(o_comment) FROM orders) FROM nation",
          "SELECT n_name FROM nation WHERE n_name IN (SELECT o_comment FROM orders)",
          "SELECT n_name FROM nation WHERE EXISTS (SELECT 1 FROM orders WHERE o_comment = n_name)",
          "SELECT n_name FROM nation UNION ALL SELECT o_comment FROM orders",
          "SELECT n_name FROM nation EXCEPT SELECT o_comment FROM orders",
          "SELECT lakehouse.tpch.orders.o_comment FROM lakehouse.tpch.orders",
          "SELECT tpch.orders.o_comment FROM tpch.orders",
          "SELECT o_comment FROM orders FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'",
          "TABLE orders",
          "SELECT * FROM orders o1 JOIN orders o2 USING (o_comment)",
          "SELECT o_orderkey FROM orders AS o (o_orderkey, c, s, t, d, p, k, sp, note)"
              + " WHERE note IS NULL",
        }) {
      assertDenied(access, sql)
          .as(sql)
          .hasMessage(
              "Access denied: user analyst cannot select tpch.orders.o_comment (policy 12)");
    }
  }

  @Test
  void correlatedSubqueryChecksTheOuterTablesColumn() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(
        access,
        "SELECT n_name FROM nation n WHERE EXISTS"
            + " (SELECT 1 FROM region r WHERE r.r_regionkey = n.n_regionkey)");

    assertThat(access.checks())
        .containsExactly(
            "select tpch.nation.n_name",
            "select tpch.nation.n_regionkey",
            "select tpch.region.r_regionkey");
  }

  @Test
  void joinUsingReadsTheColumnOnBothSides() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(
        access,
        "SELECT n_name FROM nation JOIN (SELECT r_regionkey AS n_regionkey FROM region) r"
            + " USING (n_regionkey)");

    assertThat(access.checks())
        .containsExactly(
            "select tpch.nation.n_name",
            "select tpch.nation.n_regionkey",
            "select tpch.region.r_regionkey");
  }

  @Test
  void cteNamedLikeATableShadowsIt() {
    TestingAccessControl access = ordersCommentDenied();

    PlannedStatement planned =
        planned(
            access, "WITH orders AS (SELECT n_name AS o_comment FROM nation) SELECT * FROM orders");

    assertThat(planned.tables()).containsExactly(TestingCatalog.tpch("nation"));
    assertThat(access.checks()).containsExactly("select tpch.nation.n_name");
  }

  @Test
  void insertNeedsUpdateOnTheTargetAndSelectOnTheSource() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    planned(access, "INSERT INTO region SELECT n_nationkey, n_name, n_comment FROM nation");

    assertThat(access.checks())
        .containsExactly(
            "select tpch.nation.n_nationkey",
            "select tpch.nation.n_name",
            "select tpch.nation.n_comment",
            "update tpch.region");
  }

  @Test
  void updateDeleteAndMergeNeedUpdateAndSelectOnWhatTheyRead() {
    TestingAccessControl update = TestingAccessControl.allowAll();
    TestingAccessControl delete = TestingAccessControl.allowAll();
    TestingAccessControl merge = TestingAccessControl.allowAll();

    planned(update, "UPDATE nation SET n_comment = upper(n_name) WHERE n_nationkey = 1");
    planned(delete, "DELETE FROM nation");
    planned(
        merge,
        "MERGE INTO nation AS n USING region AS r ON n.n_regionkey = r.r_regionkey"
            + " WHEN MATCHED THEN UPDATE SET n_comment = r.r_comment");

    assertThat(update.checks())
        .containsExactly(
            "select tpch.nation.n_nationkey", "select tpch.nation.n_name", "update tpch.nation");
    assertThat(delete.checks()).containsExactly("update tpch.nation");
    assertThat(merge.checks())
        .containsExactly(
            "select tpch.nation.n_regionkey",
            "select tpch.region.r_regionkey",
            "select tpch.region.r_comment",
            "update tpch.nation");
  }

  @Test
  void dmlWithoutUpdateIsDenied() {
    TestingAccessControl access =
        TestingAccessControl.builder()
            .allow(USER, AccessType.SELECT, "tpch", 1)
            .deny(USER, AccessType.UPDATE, "tpch.nation", 5)
            .build();

    for (String sql :
        new String[] {
          "INSERT INTO nation SELECT * FROM nation",
          "UPDATE nation SET n_comment = 'x'",
          "DELETE FROM nation WHERE n_nationkey = 1",
          "MERGE INTO nation USING region ON n_regionkey = r_regionkey"
              + " WHEN MATCHED THEN UPDATE SET n_comment = r_comment"
        }) {
      assertDenied(access, sql)
          .as(sql)
          .hasMessage("Access denied: user analyst cannot update tpch.nation (policy 5)");
    }
  }

  @Test
  void createTableNeedsCreateOnTheTable() {
    TestingAccessControl denied =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch", 1).build();
    TestingAccessControl allowed =
        TestingAccessControl.builder()
            .allow(USER, AccessType.CREATE, "sales", 7)
            .allow(USER, AccessType.SELECT, "tpch", 1)
            .deny(USER, AccessType.SELECT, "tpch.orders.o_comment", 12)
            .build();

    assertDenied(denied, "CREATE TABLE sales.copy (n_nationkey BIGINT)")
        .hasMessage("Access denied: user analyst cannot create sales.copy (no policy allows it)");
    assertDenied(allowed, "CREATE TABLE sales.copy AS SELECT o_comment FROM orders")
        .hasMessage("Access denied: user analyst cannot select tpch.orders.o_comment (policy 12)");
    assertThat(planned(allowed, "CREATE TABLE sales.copy (n_nationkey BIGINT)").engineSql())
        .hasValue("CREATE TABLE `lakehouse`.`sales`.`copy` (`n_nationkey` bigint)");
  }

  @Test
  void useNeedsSomeAccessToTheSchema() {
    TestingAccessControl access =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch.nation", 3).build();

    assertThat(planned(access, "USE tpch").newSessionContext().orElseThrow().schema())
        .isEqualTo("tpch");
    assertDenied(access, "USE sales")
        .hasMessage("Access denied: user analyst cannot use sales (no policy allows it)");
    // Denied before existence is checked: the error does not tell whether the schema exists.
    assertDenied(access, "USE marketing")
        .hasMessage("Access denied: user analyst cannot use marketing (no policy allows it)");
  }

  @Test
  void superUserIsNeitherCheckedNorRewritten() {
    TestingAccessControl access =
        TestingAccessControl.builder()
            .superUser("admin")
            .rowFilter("admin", "tpch.orders", "o_orderkey < 10", 10)
            .mask("admin", "tpch.orders.o_comment", MaskType.MASK_NULL, 20)
            .build();
    SessionContext admin = TestingCatalog.session("lakehouse", "tpch", "admin");
    Planner planner = planner(access);

    assertThat(planner.plan("SELECT o_comment FROM orders", admin).engineSql())
        .hasValue("SELECT `o_comment`\nFROM `lakehouse`.`tpch`.`orders`");
    assertThat(
            planner
                .plan(
                    "SELECT * FROM orders PIVOT (sum(o_totalprice) FOR o_orderstatus IN ('O', 'F'))",
                    admin)
                .engineSql())
        .isPresent();
    assertThat(access.checks()).isEmpty();
  }

  @Test
  void whatCannotBeAuthorizedPreciselyIsRefusedForOthers() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    assertDenied(
            access,
            "SELECT * FROM orders PIVOT (sum(o_totalprice) FOR o_orderstatus IN ('O', 'F'))")
        .hasMessageStartingWith(
            "Access denied: user analyst cannot run this statement: Sluice cannot tell precisely"
                + " what it reads (PIVOT in FROM (line 1, column 22) cannot be authorized; ")
        .hasMessageEndingWith(" more); only super-users may run such statements");
  }

  @Test
  void functionNameThatIsAlsoAColumnIsRefusedUnlessQualified() {
    TestingAccessControl access = TestingAccessControl.allowAll();

    // Spark reads the column, Calcite the function: which one is read is not certain.
    assertDenied(access, "SELECT current_date, holiday FROM sales.calendar")
        .hasMessageContaining(
            "'current_date' (line 1, column 8) is both a function and a column of"
                + " lakehouse.sales.calendar");
    assertThat(planned(access, "SELECT c.current_date FROM sales.calendar c").engineSql())
        .isPresent();
    assertThat(planned(access, "SELECT current_date() FROM sales.calendar").engineSql())
        .isPresent();
    assertThat(planned(access, "SELECT current_date FROM nation").engineSql()).isPresent();
  }

  @Test
  void codeRunningFunctionsStayRefusedForEveryone() {
    TestingAccessControl access = TestingAccessControl.builder().superUser("admin").build();
    SessionContext admin = TestingCatalog.session("lakehouse", "tpch", "admin");

    for (String function :
        new String[] {"reflect('java.lang.Runtime', 'getRuntime')", "java_method('a', 'b')"}) {
      assertThatThrownBy(() -> planner(access).plan("SELECT " + function, admin))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
          .hasMessageContaining("is not known to Sluice");
    }
  }

  @Test
  void accessDeniedHasItsOwnCodeKindAndSqlState() {
    assertDenied(ordersCommentDenied(), "SELECT o_comment FROM orders")
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> {
              assertThat(failure.errorCode().kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
              assertThat(failure.errorCode().sqlState()).isEqualTo("42501");
            });
  }

  @Test
  void policiesThatDecidedAreReportedForTheAudit() {
    TestingAccessControl access =
        TestingAccessControl.builder()
            .allow(USER, AccessType.SELECT, "tpch.orders", 4)
            .allow(USER, AccessType.SELECT, "tpch.nation.n_name", 5)
            .rowFilter(USER, "tpch.orders", "o_orderkey < 10", 10)
            .mask(USER, "tpch.orders.o_comment", MaskType.MASK, 20)
            .mask(USER, "tpch.orders.o_clerk", MaskType.MASK_NONE, 21)
            .build();

    assertThat(planned(access, "SELECT o_comment, n_name FROM orders, nation").policyIds())
        .containsExactly(4L, 5L, 10L, 20L);
  }

  private static TestingAccessControl ordersCommentDenied() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .deny(USER, AccessType.SELECT, "tpch.orders.o_comment", 12)
        .build();
  }
}
