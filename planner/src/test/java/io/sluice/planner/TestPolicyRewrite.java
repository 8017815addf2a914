package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row filters and column masks: each table with a policy is read through a subquery that filters
 * its raw rows and masks its columns, and the rest of the statement stays as written.
 */
class TestPolicyRewrite extends PlannerTestBase {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;

  @BeforeAll
  static void createEmployees() throws Exception {
    catalog.catalog().createNamespace(Namespace.of("hr"));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("hr", "employees"),
            new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(2, "name", Types.StringType.get()),
                Types.NestedField.optional(3, "level", Types.IntegerType.get()),
                Types.NestedField.optional(4, "salary", Types.DecimalType.of(10, 2)),
                Types.NestedField.optional(5, "hired", Types.DateType.get()),
                Types.NestedField.optional(6, "last_login", Types.TimestampType.withZone()),
                Types.NestedField.optional(7, "local_login", Types.TimestampType.withoutZone()),
                Types.NestedField.optional(8, "active", Types.BooleanType.get()),
                Types.NestedField.optional(
                    9,
                    "address",
                    Types.StructType.of(
                        Types.NestedField.optional(10, "City", Types.StringType.get()),
                        Types.NestedField.optional(11, "zip", Types.IntegerType.get())))));
  }

  @Test
  void tableWithARowFilterBecomesASubqueryUnderItsName() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();

    assertThat(plan(access, "SELECT n_name FROM nation WHERE n_nationkey > 3"))
        .isEqualTo(
            "SELECT `n_name`\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation`\n"
                + "    WHERE `n_regionkey` = 1) AS `nation`\n"
                + "WHERE `n_nationkey` > 3");
  }

  @Test
  void aliasAndColumnAliasesNameTheSubquery() {
    TestingAccessControl access =
        allowed().mask(USER, "tpch.region.r_comment", MaskType.MASK_NULL, 20).build();

    assertThat(plan(access, "SELECT r.x FROM region AS r (k, n, x)"))
        .isEqualTo(
            "SELECT `r`.`x`\n"
                + "FROM (SELECT `r_regionkey`, `r_name`, CAST(NULL AS STRING) AS `r_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`region`) AS `r` (`k`, `n`, `x`)");
  }

  @Test
  void tableWithoutAPolicyIsLeftAsWritten() {
    TestingAccessControl access =
        allowed()
            .mask(USER, "tpch.nation.n_comment", MaskType.MASK_NONE, 21)
            .rowFilter(USER, "tpch.region", "r_regionkey = 1", 10)
            .build();

    assertThat(plan(access, "SELECT n_comment FROM nation"))
        .isEqualTo("SELECT `n_comment`\nFROM `lakehouse`.`tpch`.`nation`");
  }

  @Test
  void rowFilterSeesRawValuesAndTheQuerySeesMaskedValues() {
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "tpch.customer", "c_phone LIKE '25-%'", 10)
            .mask(USER, "tpch.customer.c_phone", MaskType.MASK_SHOW_LAST_4, 20)
            .build();

    assertThat(plan(access, "SELECT c_name FROM customer WHERE c_phone LIKE '25-%'"))
        .isEqualTo(
            "SELECT `c_name`\n"
                + "FROM (SELECT `c_custkey`, `c_name`, `c_address`, `c_nationkey`,"
                + " CONCAT(MASK(SUBSTR(`c_phone`, 1, LENGTH(`c_phone`) - 4), 'x', 'x', 'x'),"
                + " SUBSTR(`c_phone`, -4)) AS `c_phone`, `c_acctbal`, `c_mktsegment`, `c_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`customer`\n"
                + "    WHERE `c_phone` LIKE '25-%') AS `customer`\n"
                + "WHERE `c_phone` LIKE '25-%'");
  }

  @Test
  void maskedColumnIsMaskedInsideJoinConditionAndGroupBy() {
    TestingAccessControl access =
        allowed().mask(USER, "tpch.customer.c_nationkey", MaskType.MASK_NULL, 20).build();

    String sql =
        plan(
            access,
            "SELECT n_name, count(*) FROM customer c JOIN nation n ON c.c_nationkey = n.n_nationkey"
                + " GROUP BY n_name, c.c_nationkey");

    assertThat(sql)
        .isEqualTo(
            "SELECT `n_name`, COUNT(*)\n"
                + "FROM (SELECT `c_custkey`, `c_name`, `c_address`,"
                + " CAST(NULL AS BIGINT) AS `c_nationkey`, `c_phone`, `c_acctbal`,"
                + " `c_mktsegment`, `c_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`customer`) AS `c`"
                + " INNER JOIN `lakehouse`.`tpch`.`nation` AS `n`"
                + " ON `c`.`c_nationkey` = `n`.`n_nationkey`\n"
                + "GROUP BY `n_name`, `c`.`c_nationkey`");
  }

  @Test
  void eachMaskTypeKeepsTheColumnsType() {
    assertMasked("name", MaskType.MASK, "MASK(`name`)");
    assertMasked(
        "name",
        MaskType.MASK_SHOW_LAST_4,
        "CONCAT(MASK(SUBSTR(`name`, 1, LENGTH(`name`) - 4), 'x', 'x', 'x'), SUBSTR(`name`, -4))");
    assertMasked(
        "name",
        MaskType.MASK_SHOW_FIRST_4,
        "CONCAT(SUBSTR(`name`, 1, 4), MASK(SUBSTR(`name`, 5), 'x', 'x', 'x'))");
    assertMasked("name", MaskType.MASK_HASH, "SHA2(`name`, 256)");
    assertMasked("name", MaskType.MASK_NULL, "CAST(NULL AS STRING)");
    assertMasked("name", MaskType.MASK_DATE_SHOW_YEAR, "MASK(`name`, 'x', 'x', 'x')");

    assertMasked(
        "level",
        MaskType.MASK,
        "CAST(REGEXP_REPLACE(CAST(`level` AS STRING), '[0-9]', '1') AS INT)");
    assertMasked(
        "id",
        MaskType.MASK_SHOW_LAST_4,
        "CAST(CONCAT(REGEXP_REPLACE(SUBSTR(CAST(`id` AS STRING), 1,"
            + " LENGTH(CAST(`id` AS STRING)) - 4), '[0-9]', '1'),"
            + " SUBSTR(CAST(`id` AS STRING), -4)) AS BIGINT)");
    assertMasked(
        "salary",
        MaskType.MASK_SHOW_FIRST_4,
        "CAST(CONCAT(SUBSTR(CAST(`salary` AS STRING), 1, 4),"
            + " REGEXP_REPLACE(SUBSTR(CAST(`salary` AS STRING), 5), '[0-9]', '1'))"
            + " AS DECIMAL(10,2))");
    assertMasked("salary", MaskType.MASK_HASH, "CAST(NULL AS DECIMAL(10,2))");
    assertMasked("level", MaskType.MASK_NULL, "CAST(NULL AS INT)");

    assertMasked(
        "hired", MaskType.MASK, "CASE WHEN `hired` IS NOT NULL THEN DATE '0001-01-01' END");
    assertMasked("hired", MaskType.MASK_DATE_SHOW_YEAR, "TRUNC(`hired`, 'YEAR')");
    assertMasked("hired", MaskType.MASK_HASH, "CAST(NULL AS DATE)");
    assertMasked(
        "last_login",
        MaskType.MASK_SHOW_LAST_4,
        "CASE WHEN `last_login` IS NOT NULL THEN CAST(DATE '0001-01-01' AS TIMESTAMP) END");
    assertMasked("last_login", MaskType.MASK_DATE_SHOW_YEAR, "DATE_TRUNC('YEAR', `last_login`)");
    assertMasked(
        "local_login",
        MaskType.MASK_DATE_SHOW_YEAR,
        "CAST(TRUNC(CAST(`local_login` AS DATE), 'YEAR') AS TIMESTAMP_NTZ)");
    assertMasked("local_login", MaskType.MASK_NULL, "CAST(NULL AS TIMESTAMP_NTZ)");

    assertMasked("active", MaskType.MASK, "CAST(NULL AS BOOLEAN)");
    assertMasked("address", MaskType.MASK, "CAST(NULL AS STRUCT<`City`: STRING, `zip`: INT>)");
  }

  @Test
  void customMaskReplacesTheColumnAndKeepsTheColumnsType() {
    TestingAccessControl access =
        allowed()
            .customMask(USER, "hr.employees.name", "concat(substr({col}, 1, 1), '***')", 23)
            .customMask(USER, "hr.employees.salary", "0", 24)
            .customMask(USER, "hr.employees.level", "CASE WHEN active THEN {col} END", 25)
            .customMask(USER, "hr.employees.hired", "", 26)
            .build();

    assertThat(plan(access, "SELECT name, salary, level, hired FROM hr.employees"))
        .contains(
            "SELECT `id`, CONCAT(SUBSTR(`name`, 1, 1), '***') AS `name`,"
                + " CASE WHEN `active` THEN `level` ELSE NULL END AS `level`,"
                + " CAST(0 AS DECIMAL(10,2)) AS `salary`, CAST(NULL AS DATE) AS `hired`,");
  }

  @Test
  void currentUserInAPolicyExpressionIsTheSessionsUser() {
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "tpch.orders", "o_clerk = current_user()", 10)
            .customMask(USER, "tpch.orders.o_comment", "concat(user(), ': ', {col})", 20)
            .customMask(USER, "tpch.orders.o_clerk", "current_user()", 21)
            .build();

    assertThat(plan(access, "SELECT o_comment FROM orders"))
        .contains("CONCAT('analyst', ': ', `o_comment`) AS `o_comment`")
        .contains("'analyst' AS `o_clerk`")
        .contains("WHERE `o_clerk` = 'analyst'");
  }

  @Test
  void tablesOfARowFilterAreQualifiedAndNotThemselvesFiltered() {
    TestingAccessControl access =
        allowed()
            .rowFilter(
                USER,
                "tpch.orders",
                "o_custkey IN (SELECT c_custkey FROM customer WHERE c_nationkey = 1)",
                10)
            .rowFilter(USER, "tpch.customer", "c_mktsegment = 'BUILDING'", 11)
            .build();

    assertThat(plan(access, "SELECT o_orderkey FROM orders"))
        .isEqualTo(
            "SELECT `o_orderkey`\n"
                + "FROM (SELECT `o_orderkey`, `o_custkey`, `o_orderstatus`, `o_totalprice`,"
                + " `o_orderdate`, `o_orderpriority`, `o_clerk`, `o_shippriority`, `o_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`orders`\n"
                + "    WHERE `o_custkey` IN (SELECT `c_custkey`\n"
                + "          FROM `lakehouse`.`tpch`.`customer`\n"
                + "          WHERE `c_nationkey` = 1)) AS `orders`");
  }

  @Test
  void policyExpressionThatDoesNotParseOrValidateDeniesNamingThePolicy() {
    assertDenied(
            allowed().rowFilter(USER, "tpch.orders", "o_orderkey < ", 10).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageStartingWith(
            "Access denied: user analyst cannot select tpch.orders: the row filter of policy 10"
                + " is not valid (syntax: ")
        .hasMessageEndingWith(
            "); the table is not read without it, ask an administrator to correct the policy");
    assertDenied(
            allowed().rowFilter(USER, "tpch.orders", "o_orderkey < 10 GROUP BY 1", 10).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageContaining("the row filter of policy 10 is not valid (syntax: ");
    assertDenied(
            allowed().rowFilter(USER, "tpch.orders", "o_region = 'EU'", 11).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageContaining(
            "the row filter of policy 11 is not valid (Column 'o_region' not found in any table");
    assertDenied(
            allowed().rowFilter(USER, "tpch.orders", "o_orderkey", 12).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageContaining("the row filter of policy 12 is not valid (");
    assertDenied(
            allowed().customMask(USER, "tpch.orders.o_comment", "frobnicate({col})", 20).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageContaining(
            "the mask of column o_comment of policy 20 is not valid (Function 'frobnicate' is not"
                + " known to Sluice");
    assertDenied(
            allowed().customMask(USER, "tpch.orders.o_comment", "max({col})", 21).build(),
            "SELECT o_orderkey FROM orders")
        .hasMessageContaining(
            "the mask of column o_comment of policy 21 is not valid (it is an aggregate");
  }

  @Test
  void threePartColumnNamesFollowTheSubquery() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();

    assertThat(
            plan(
                access,
                "SELECT lakehouse.tpch.nation.n_name, tpch.nation.n_comment, nation.n_nationkey,"
                    + " tpch.nation.* FROM lakehouse.tpch.nation"))
        .startsWith(
            "SELECT `nation`.`n_name`, `nation`.`n_comment`, `nation`.`n_nationkey`,"
                + " `nation`.*\nFROM (SELECT");
  }

  @Test
  void timeTravelHappensInsideTheSubquery() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();

    assertThat(
            plan(
                access,
                "SELECT n.n_name FROM nation FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'"
                    + " AS n"))
        .isEqualTo(
            "SELECT `n`.`n_name`\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation` TIMESTAMP AS OF TIMESTAMP"
                + " '2024-01-01 00:00:00'\n"
                + "    WHERE `n_regionkey` = 1) AS `n`");
  }

  @Test
  void explicitTableBecomesASelectFromTheSubquery() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.region", "r_regionkey = 1", 10).build();

    assertThat(plan(access, "TABLE region"))
        .isEqualTo(
            "SELECT *\n"
                + "FROM (SELECT `r_regionkey`, `r_name`, `r_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`region`\n"
                + "    WHERE `r_regionkey` = 1) AS `region`");
  }

  @Test
  void everyReadOfTheTableIsWrappedAndCteNamesAreNot() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.region", "r_regionkey = 1", 10).build();

    String sql =
        plan(
            access,
            "WITH nation AS (SELECT r_name AS n_name FROM region)"
                + " SELECT n_name FROM nation"
                + " WHERE n_name IN (SELECT r_name FROM region r WHERE r.r_regionkey > 0)"
                + " UNION ALL SELECT r_comment FROM tpch.region");

    assertThat(sql.split("WHERE `r_regionkey` = 1\\) AS `", -1)).hasSize(4);
    assertThat(sql).contains("FROM `nation`").doesNotContain("`tpch`.`nation`");
  }

  @Test
  void insertSelectFromAMaskedTableWritesMaskedValues() {
    TestingAccessControl access =
        allowed().mask(USER, "tpch.region.r_comment", MaskType.MASK_HASH, 20).build();

    assertThat(plan(access, "INSERT INTO region SELECT * FROM region WHERE r_regionkey = 1"))
        .isEqualTo(
            "INSERT INTO `lakehouse`.`tpch`.`region`\n"
                + "SELECT *\n"
                + "  FROM (SELECT `r_regionkey`, `r_name`, SHA2(`r_comment`, 256) AS `r_comment`\n"
                + "      FROM `lakehouse`.`tpch`.`region`) AS `region`\n"
                + "  WHERE `r_regionkey` = 1");
  }

  @Test
  void updateAndDeleteChangeOnlyTheRowsTheFilterShows() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1 OR n_regionkey = 2", 10).build();

    assertThat(
            plan(
                access,
                "UPDATE nation SET n_comment = 'x' WHERE n_nationkey = 1 OR n_nationkey = 2"))
        .isEqualTo(
            "UPDATE `lakehouse`.`tpch`.`nation` SET `n_comment` = 'x'\n"
                + "WHERE (`n_nationkey` = 1 OR `n_nationkey` = 2)"
                + " AND (`n_regionkey` = 1 OR `n_regionkey` = 2)");
    assertThat(plan(access, "DELETE FROM nation"))
        .isEqualTo(
            "DELETE FROM `lakehouse`.`tpch`.`nation`\n"
                + "WHERE `n_regionkey` = 1 OR `n_regionkey` = 2");
  }

  @Test
  void targetsRowFilterIsTheAuthorsEvenWhereItsTablesAreTheStatements() {
    // The filter's "region" stands where the statement's does: positions must not mix them up.
    String filter = " ".repeat(40) + "n_regionkey IN (SELECT r_regionkey FROM region)";
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "tpch.nation", filter, 10)
            .rowFilter(USER, "tpch.region", "r_name = 'ASIA'", 11)
            .build();

    assertThat(
            plan(
                access,
                "UPDATE nation SET n_comment = 'x' WHERE n_regionkey IN"
                    + " (SELECT r_regionkey FROM region)"))
        .isEqualTo(
            "UPDATE `lakehouse`.`tpch`.`nation` SET `n_comment` = 'x'\n"
                + "WHERE `n_regionkey` IN (SELECT `r_regionkey`\n"
                + "      FROM (SELECT `r_regionkey`, `r_name`, `r_comment`\n"
                + "          FROM `lakehouse`.`tpch`.`region`\n"
                + "          WHERE `r_name` = 'ASIA') AS `region`)"
                + " AND `n_regionkey` IN (SELECT `r_regionkey`\n"
                + "      FROM `lakehouse`.`tpch`.`region`)");
  }

  @Test
  void dmlThatReadsAMaskedColumnOfItsTargetIsDenied() {
    TestingAccessControl access =
        allowed().mask(USER, "tpch.customer.c_phone", MaskType.MASK, 20).build();

    assertDenied(access, "UPDATE customer SET c_comment = 'x' WHERE c_phone LIKE '25-%'")
        .hasMessage(
            "Access denied: user analyst cannot update tpch.customer: the statement reads column"
                + " c_phone of the table it changes, which is masked for the user (policy 20);"
                + " only unmasked columns may decide what an UPDATE, DELETE or MERGE changes");
    assertDenied(access, "DELETE FROM customer WHERE c_phone = '1'")
        .hasMessageContaining("reads column c_phone");
    // Not reading it is fine.
    assertThat(plan(access, "DELETE FROM customer WHERE c_custkey = 1"))
        .isEqualTo("DELETE FROM `lakehouse`.`tpch`.`customer`\nWHERE `c_custkey` = 1");
  }

  @Test
  void mergeReadsItsSourceThroughTheSubqueryAndIsDeniedOnAFilteredTarget() {
    TestingAccessControl sourceFiltered =
        allowed().rowFilter(USER, "tpch.region", "r_regionkey = 1", 10).build();
    TestingAccessControl targetFiltered =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 11).build();
    String merge =
        "MERGE INTO nation USING region ON n_regionkey = r_regionkey"
            + " WHEN MATCHED THEN UPDATE SET n_comment = r_comment";

    assertThat(plan(sourceFiltered, merge))
        .startsWith(
            "MERGE INTO `lakehouse`.`tpch`.`nation`\n"
                + "USING (SELECT `r_regionkey`, `r_name`, `r_comment`\n"
                + "  FROM `lakehouse`.`tpch`.`region`\n"
                + "  WHERE `r_regionkey` = 1) AS `region`");
    assertDenied(targetFiltered, merge)
        .hasMessage(
            "Access denied: user analyst cannot update tpch.nation: a row filter applies to the"
                + " table (policy 11) and MERGE cannot be limited to the rows it shows; use"
                + " UPDATE, DELETE and INSERT");
  }

  @Test
  void sparkParsesRewrittenStatements() throws Exception {
    List<String> planned = new ArrayList<>();
    TestingAccessControl access =
        allowed()
            .rowFilter(USER, "tpch.region", "r_regionkey = 1", 10)
            .mask(USER, "tpch.nation.n_comment", MaskType.MASK_SHOW_FIRST_4, 20)
            .customMask(USER, "tpch.nation.n_name", "concat(upper({col}), '!')", 21)
            .build();
    for (String sql :
        List.of(
            "SELECT * FROM nation n JOIN region r ON n.n_regionkey = r.r_regionkey",
            "SELECT tpch.nation.n_name, lakehouse.tpch.region.* FROM tpch.nation,"
                + " lakehouse.tpch.region",
            "SELECT r_name FROM region FOR SYSTEM_TIME AS OF TIMESTAMP '2024-01-01 00:00:00'",
            "TABLE region",
            "SELECT x FROM region AS r (k, x, c) WHERE k IN (SELECT n_regionkey FROM nation)",
            "WITH n AS (SELECT * FROM nation) SELECT n_name FROM n UNION SELECT r_name FROM region",
            "INSERT INTO nation SELECT * FROM nation",
            "MERGE INTO nation USING region ON n_regionkey = r_regionkey"
                + " WHEN MATCHED THEN UPDATE SET n_comment = r_comment",
            "SELECT n_name FROM nation WHERE EXISTS (SELECT 1 FROM region"
                + " WHERE r_regionkey = n_regionkey)")) {
      planned.add(planner(access).plan(sql, TPCH).engineSql().orElseThrow());
    }
    for (MaskType type : MaskType.values()) {
      TestingAccessControl.Builder builder = allowed();
      for (String column :
          List.of(
              "id",
              "name",
              "level",
              "salary",
              "hired",
              "last_login",
              "local_login",
              "active",
              "address")) {
        if (type == MaskType.CUSTOM) {
          builder.customMask(USER, "hr.employees." + column, "{col}", 30);
        } else {
          builder.mask(USER, "hr.employees." + column, type, 30);
        }
      }
      planned.add(
          planner(builder.build())
              .plan("SELECT * FROM hr.employees", TPCH)
              .engineSql()
              .orElseThrow());
    }
    planned.add(
        planner(allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build())
            .plan("UPDATE nation SET n_comment = 'x' WHERE n_nationkey = 1", TPCH)
            .engineSql()
            .orElseThrow());
    assertSparkReads("rewritten", planned);
  }

  private static void assertMasked(String column, MaskType type, String expression) {
    TestingAccessControl access = allowed().mask(USER, "hr.employees." + column, type, 20).build();

    String sql = plan(access, "SELECT " + column + " FROM hr.employees");

    assertThat(sql).as("%s of %s", type, column).contains(expression + " AS `" + column + "`");
  }

  private static TestingAccessControl.Builder allowed() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .allow(USER, AccessType.UPDATE, "tpch", 2)
        .allow(USER, AccessType.SELECT, "hr", 3);
  }
}
