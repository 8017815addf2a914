package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spark's query syntax under the policies: LATERAL VIEW, table functions, time travel, TABLESAMPLE,
 * CLUSTER/DISTRIBUTE/SORT BY, WITH ROLLUP and hints are validated, authorized column by column, and
 * read each table through its policy subquery.
 */
class TestSparkQuerySyntax extends PlannerTestBase {
  private static final TestingAccessControl POLICIES =
      TestingAccessControl.builder()
          .allow(USER, AccessType.SELECT, "tpch", 1)
          .rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10)
          .mask(USER, "tpch.nation.n_comment", MaskType.MASK_NULL, 11)
          .build();

  /** Reads tpch, but not region.r_comment. */
  private static final TestingAccessControl NO_REGION_COMMENT =
      TestingAccessControl.builder()
          .allow(USER, AccessType.SELECT, "tpch", 1)
          .deny(USER, AccessType.SELECT, "tpch.region.r_comment", 2)
          .build();

  private static final String NATION =
      "(SELECT `n_nationkey`, `n_name`, `n_regionkey`, CAST(NULL AS STRING) AS `n_comment`\n"
          + "    FROM `lakehouse`.`tpch`.`nation`\n"
          + "    WHERE `n_regionkey` = 1)";

  @Test
  void lateralViewGeneratesFromTheMaskedColumn() {
    assertThat(
            plan(
                "SELECT n_name, word FROM nation"
                    + " LATERAL VIEW explode(split(n_comment, ' ')) words AS word"))
        .isEqualTo(
            "SELECT `n_name`, `word`\n"
                + "FROM "
                + NATION
                + " AS `nation`\n"
                + "  LATERAL VIEW EXPLODE(SPLIT(`n_comment`, ' ')) `words` AS `word`");
  }

  @Test
  void lateralViewColumnsHaveTheGeneratorsNamesAndTypes() {
    assertThat(
            columns(
                "SELECT * FROM region"
                    + " LATERAL VIEW OUTER posexplode(split(r_comment, ' ')) t"
                    + " LATERAL VIEW inline(array(named_struct('a', 1, 'b', 'x'))) s AS k, v"
                    + " LATERAL VIEW stack(2, 'size', 1.5, 'price', 2) m AS metric, amount"
                    + " LATERAL VIEW explode(map('a', r_regionkey)) kv"))
        .containsExactly(
            "r_regionkey bigint",
            "r_name string",
            "r_comment string",
            "pos int",
            "col string",
            "k int",
            "v string",
            "metric string",
            "amount decimal(11,1)",
            "key string",
            "value bigint");
  }

  @Test
  void generatorArgumentsAreReadsThatNeedAccess() {
    assertDenied(
            NO_REGION_COMMENT,
            "SELECT r_name, w FROM region LATERAL VIEW explode(split(r_comment, ' ')) t" + " AS w")
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("Access denied")
        .hasMessageContaining("r_comment");
  }

  @Test
  void generatorOfTheWrongTypeIsAValidationError() {
    assertThatThrownBy(() -> plan("SELECT * FROM region LATERAL VIEW explode(r_name) t"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
        .hasMessageContaining("explode takes an array or a map");
  }

  @Test
  void tableFunctionsInFrom() {
    assertThat(columns("SELECT id, id * id AS sq FROM range(1, 11)"))
        .containsExactly("id bigint", "sq bigint");
    assertThat(plan("SELECT * FROM explode(array('F', 'O')) AS t(status)"))
        .isEqualTo("SELECT *\nFROM EXPLODE(ARRAY('F', 'O')) AS `t` (`status`)");
    assertThat(plan("SELECT v.code FROM VALUES ('A', 1), ('B', 2) AS v(label, code)"))
        .isEqualTo("SELECT `v`.`code`\nFROM VALUES ('A', 1), ('B', 2) AS `v` (`label`, `code`)");
  }

  @Test
  void timeTravelAndSampleHappenInsideTheSubquery() {
    assertThat(plan("SELECT n_name FROM nation VERSION AS OF 'audit' TABLESAMPLE (10 PERCENT) n"))
        .isEqualTo(
            "SELECT `n_name`\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, CAST(NULL AS STRING) AS"
                + " `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation` VERSION AS OF 'audit' TABLESAMPLE (10"
                + " PERCENT)\n"
                + "    WHERE `n_regionkey` = 1) AS `n`");
    assertThat(plan("SELECT count(*) FROM nation FOR SYSTEM_TIME AS OF '2024-01-01 00:00:00'"))
        .contains("FROM `lakehouse`.`tpch`.`nation` TIMESTAMP AS OF '2024-01-01 00:00:00'\n")
        .contains("AS `nation`");
    assertThat(plan("SELECT r_name FROM region TABLESAMPLE (BUCKET 3 OUT OF 32)"))
        .isEqualTo(
            "SELECT `r_name`\nFROM `lakehouse`.`tpch`.`region` TABLESAMPLE (BUCKET 3 OUT OF 32)");
  }

  @Test
  void distributeAndSortByReadThroughThePolicy() {
    assertThat(
            plan(
                "SELECT n_name, n_comment AS c FROM nation DISTRIBUTE BY n_regionkey"
                    + " SORT BY c DESC, n_name LIMIT 5"))
        .isEqualTo(
            "SELECT `n_name`, `n_comment` AS `c`\n"
                + "FROM "
                + NATION
                + " AS `nation`\n"
                + "DISTRIBUTE BY `n_regionkey`\n"
                + "SORT BY `c` DESC, `n_name`\n"
                + "LIMIT 5");
    assertThat(plan("SELECT r_name FROM region r CLUSTER BY r_name"))
        .isEqualTo("SELECT `r_name`\nFROM `lakehouse`.`tpch`.`region` AS `r`\nCLUSTER BY `r_name`");
  }

  @Test
  void clusterByAColumnTheUserCannotReadIsDenied() {
    assertDenied(NO_REGION_COMMENT, "SELECT r_name FROM region CLUSTER BY r_comment")
        .hasMessageContaining("Access denied")
        .hasMessageContaining("r_comment");
  }

  @Test
  void withRollupAndCubeAreGroupingSets() {
    assertThat(
            plan(
                "SELECT r_name, n_name, count(*) AS c, grouping_id() AS g FROM nation"
                    + " JOIN region ON n_regionkey = r_regionkey GROUP BY r_name, n_name WITH"
                    + " ROLLUP"))
        .endsWith("GROUP BY ROLLUP(`r_name`, `n_name`)");
    assertThat(columns("SELECT r_name, count(*) AS c FROM region GROUP BY r_name WITH CUBE"))
        .containsExactly("r_name string", "c bigint");
  }

  @Test
  void higherOrderFunctionsTypeTheirLambdas() {
    assertThat(
            columns(
                "SELECT transform(split(r_comment, ' '), (w, i) -> length(w) + i) AS lengths,"
                    + " filter(array(r_regionkey), k -> k > 1) AS keys,"
                    + " exists(array(r_name), n -> n LIKE 'A%') AS any_a,"
                    + " aggregate(array(1.5, 2.5), 0D, (acc, x) -> acc + x) AS total,"
                    + " transform_values(map(r_name, r_regionkey), (k, v) -> CAST(v AS STRING))"
                    + " AS names"
                    + " FROM region"))
        .containsExactly(
            "lengths array<int>",
            "keys array<bigint>",
            "any_a boolean",
            "total double",
            "names map<string,string>");
  }

  @Test
  void aggregateFiltersAndOrderedSetsReadTheirColumns() {
    for (String sql :
        List.of(
            "SELECT count(*) FILTER (WHERE r_comment IS NULL) FROM region",
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY length(r_comment)) FROM region")) {
      assertDenied(NO_REGION_COMMENT, sql)
          .as(sql)
          .hasMessageContaining("Access denied")
          .hasMessageContaining("r_comment");
    }
    assertThat(columns("SELECT from_json('{}', 'a INT, b ARRAY<STRING>') AS j FROM region"))
        .containsExactly("j struct<a:int,b:array<string>>");
    assertThatThrownBy(() -> plan("SELECT from_json('{}', r_name) FROM region"))
        .hasMessageContaining("from_json's schema must be a string literal");
  }

  @Test
  void lambdasReadTheirParametersAndTheQuerysColumns() {
    // A lambda may read a column of its query (a closure), through the table's policies.
    assertThat(plan("SELECT transform(array(n_name), x -> concat(x, n_comment)) AS t FROM nation"))
        .isEqualTo(
            "SELECT TRANSFORM(ARRAY(`n_name`), `x` -> CONCAT(`x`, `n_comment`)) AS `t`\nFROM "
                + NATION
                + " AS `nation`");
    assertThat(
            columns(
                "SELECT filter(array(n_nationkey), n_name -> n_name > n_regionkey) AS f FROM nation"))
        .containsExactly("f array<bigint>");
    assertThatThrownBy(
            () ->
                planner(NO_REGION_COMMENT)
                    .plan(
                        "SELECT transform(array(r_name), x -> concat(x, r_comment)) FROM region",
                        TestingCatalog.TPCH_SESSION))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("r_comment");
    assertThatThrownBy(() -> plan("SELECT transform(array(1), x -> no_such_column) FROM region"))
        .hasMessageContaining("no_such_column");
    assertThatThrownBy(() -> plan("SELECT filter(r_name, x -> x > 1) FROM region"))
        .hasMessageContaining("argument 1 of filter must be an array");
    assertThatThrownBy(() -> plan("SELECT exists(array(1), (x, y) -> x > y) FROM region"))
        .hasMessageContaining("takes at most 1 parameter, not 2");
  }

  @Test
  void hintsKeepTheirArguments() {
    assertThat(
            plan(
                "SELECT /*+ REPARTITION(8, r_name), MERGE(r, n), BROADCAST(n) */ r_name"
                    + " FROM region r JOIN nation n ON r_regionkey = n_regionkey"))
        .startsWith("SELECT\n/*+ REPARTITION(8, `r_name`), MERGE(`r`, `n`), BROADCAST(`n`) */\n");
  }

  @Test
  void clusterByStaysInsideItsSubquery() {
    assertThat(plan("SELECT count(*) FROM (SELECT r_name FROM region CLUSTER BY r_name) AS c"))
        .endsWith("CLUSTER BY `r_name`) AS `c`");
  }

  @Test
  void sortByAfterATableIsNoAlias() {
    assertThat(plan("SELECT r_name FROM region SORT BY r_name"))
        .isEqualTo("SELECT `r_name`\nFROM `lakehouse`.`tpch`.`region`\nSORT BY `r_name`");
  }

  @Test
  void aGeneratorInTheSelectListReadsItsArgumentsThroughThePolicy() {
    assertThat(plan("SELECT n_name, explode(split(n_comment, ' ')) AS word FROM nation"))
        .isEqualTo(
            "SELECT `n_name`, EXPLODE(SPLIT(`n_comment`, ' ')) AS `word`\n"
                + "FROM "
                + NATION
                + " AS `nation`");
    assertThat(columns("SELECT n_name, posexplode(array(n_nationkey)) FROM nation"))
        .containsExactly("n_name string", "pos int", "col bigint");
    assertThat(columns("SELECT stack(2, 'F', 1, 'O', 2) AS (status, rank_no)"))
        .containsExactly("status string", "rank_no int");
    assertThatThrownBy(
            () ->
                planner(NO_REGION_COMMENT)
                    .plan(
                        "SELECT explode(split(r_comment, ' ')) AS w FROM region",
                        TestingCatalog.TPCH_SESSION))
        .hasMessageContaining("r_comment");
    assertThatThrownBy(() -> plan("SELECT explode(array(1)), explode(array(2)) FROM nation"))
        .hasMessageContaining("one generator");
    assertThatThrownBy(
            () ->
                plan(
                    "SELECT n_regionkey, explode(collect_list(n_name)) FROM nation"
                        + " GROUP BY n_regionkey"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("grouped query");
    assertThatThrownBy(() -> plan("SELECT upper(n_name) AS (a, b) FROM nation"))
        .hasMessageContaining("only a generator");
  }

  @Test
  void unpivotOverTimeTravelOrASampleReadsEveryColumn() {
    for (String sql :
        List.of(
            "SELECT k, v FROM region VERSION AS OF 5 UNPIVOT (v FOR k IN (r_comment))",
            "SELECT * FROM region TABLESAMPLE (100 PERCENT) UNPIVOT (v FOR k IN (r_name))")) {
      assertThatThrownBy(() -> planner(NO_REGION_COMMENT).plan(sql, TestingCatalog.TPCH_SESSION))
          .as(sql)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
          .hasMessageContaining("r_comment");
    }
  }

  @Test
  void onlySparksOwnGeneratorsAreAnalyzedAsGenerators() {
    assertThatThrownBy(() -> plan("SELECT tpch.explode(array(1)) AS x FROM region"))
        .isInstanceOf(SluiceException.class);
    assertThatThrownBy(
            () ->
                plan(
                    "SELECT r_name FROM region sluice_generator WHERE EXISTS (SELECT"
                        + " explode(array(1)) AS r_comment FROM nation"
                        + " WHERE sluice_generator.r_comment > 'a')"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
        .hasMessageContaining("'sluice_generator' is a name Sluice uses");
  }

  @Test
  void quantifiedLikeReadsEveryOperand() {
    assertThat(plan("SELECT n_name FROM nation WHERE n_comment NOT LIKE ALL ('%a%', '%b%')"))
        .endsWith("WHERE `n_comment` NOT LIKE ALL ('%a%', '%b%')");
    assertThat(columns("SELECT r_name ILIKE ANY ('a%', r_name) AS hit FROM region"))
        .containsExactly("hit boolean");
    assertThatThrownBy(
            () ->
                planner(NO_REGION_COMMENT)
                    .plan(
                        "SELECT r_name FROM region WHERE r_name LIKE ANY ('A%', r_comment)",
                        TestingCatalog.TPCH_SESSION))
        .hasMessageContaining("r_comment");
  }

  @Test
  void sparksLiteralsKeepTheirTypes() {
    assertThat(
            columns(
                "SELECT timestamp_ntz '2024-02-29 13:45:00' AS ntz,"
                    + " timestamp_ltz '2024-02-29 13:45:00' AS ltz,"
                    + " interval 2 hours 30 minutes AS hm, interval 1 year 2 months AS ym,"
                    + " interval 3 days 1.5 seconds AS ds, interval '100' hour AS h"))
        .containsExactly(
            "ntz timestamp_ntz",
            "ltz timestamp",
            "hm interval day to second",
            "ym interval year to month",
            "ds interval day to second",
            "h interval day to second");
    assertThat(plan("SELECT interval 1 day -2 hours AS d, interval 1 week AS w"))
        .isEqualTo("SELECT INTERVAL '0 22' DAY TO HOUR AS `d`, (INTERVAL 1 WEEK) AS `w`");
    assertThatThrownBy(() -> plan("SELECT interval 1 year 2 days"))
        .hasMessageContaining("Cannot mix year-month and day-time fields");
  }

  @Test
  void errorsTheGrammarFindsNameTheirLineAndColumn() {
    assertThatThrownBy(() -> plan("SELECT interval 1 year 2 days"))
        .hasMessageContaining("Cannot mix year-month and day-time fields")
        .hasMessageContaining("at line 1, column 8");
    assertThatThrownBy(() -> plan("SELECT 1 AS one,\n  interval 1.5 days 2 hours AS i"))
        .hasMessageContaining("Interval value 1.5")
        .hasMessageContaining("at line 2, column 3");
    assertThatThrownBy(() -> plan("SELECT n_name FROM nation\nWHERE n_name RLIKE ANY ('A%')"))
        .hasMessageContaining("at line 2, column 14");
    assertThatThrownBy(() -> plan("CREATE TABLE copy\nLIKE nation"))
        .hasMessageContaining("CREATE TABLE ... LIKE copies a table's definition")
        .hasMessageContaining("at line 2, column 1");
    assertThatThrownBy(() -> plan("ALTER TABLE nation\n  ADD PARTITION (n_regionkey = 1)"))
        .hasMessageContaining("ALTER TABLE ... ADD PARTITION manages")
        .hasMessageContaining("at line 2, column 3");
    assertThatThrownBy(() -> plan("ALTER TABLE nation\n    DROP PARTITION (n_regionkey = 1)"))
        .hasMessageContaining("ALTER TABLE ... DROP PARTITION manages")
        .hasMessageContaining("at line 2, column 5");
  }

  @Test
  void aColumnNamedPartitionIsAName() {
    assertThat(
            plan(
                "SELECT partition, n_name AS part FROM (SELECT n_name, 1 AS partition"
                    + " FROM nation) t WHERE partition > 0 ORDER BY partition"))
        .startsWith("SELECT `partition`, `n_name` AS `part`");
    assertThat(
            plan("SELECT rank() OVER (PARTITION BY n_regionkey ORDER BY n_name) AS r FROM nation"))
        .startsWith("SELECT RANK() OVER (PARTITION BY `n_regionkey` ORDER BY `n_name`) AS `r`");
  }

  @Test
  void unpivotIsPrintedAsSparkSpellsIt() {
    assertThat(
            plan(
                "SELECT * FROM (SELECT n_name, n_nationkey, n_regionkey FROM nation)"
                    + " UNPIVOT (key_value FOR key_name IN (n_nationkey AS nation, n_regionkey))"))
        .endsWith(
            "UNPIVOT EXCLUDE NULLS (`key_value` FOR `key_name` IN (`n_nationkey` AS `nation`,"
                + " `n_regionkey`))");
    assertThat(
            columns(
                "SELECT * FROM (SELECT n_name, n_nationkey, n_regionkey FROM nation)"
                    + " UNPIVOT (key_value FOR key_name IN (n_nationkey AS nation, n_regionkey))"))
        .containsExactly("n_name string", "key_name string", "key_value bigint");
    assertThat(
            plan(
                "SELECT * FROM nation UNPIVOT (v FOR k IN (n_nationkey AS nation,"
                    + " n_regionkey AS region))"))
        .isEqualTo(
            "SELECT *\nFROM "
                + NATION
                + " AS `nation` UNPIVOT EXCLUDE NULLS (`v` FOR `k` IN (`n_nationkey` AS `nation`,"
                + " `n_regionkey` AS `region`))");
    assertThatThrownBy(
            () ->
                planner(NO_REGION_COMMENT)
                    .plan(
                        "SELECT r_name FROM region UNPIVOT (v FOR k IN (r_regionkey, r_regionkey AS"
                            + " again))",
                        TestingCatalog.TPCH_SESSION))
        .hasMessageContaining("r_comment");
  }

  @Test
  void everyRewrittenStatementIsReadBySparksParser() throws Exception {
    List<String> planned = new ArrayList<>();
    for (String sql :
        List.of(
            "SELECT n_name, word FROM nation LATERAL VIEW OUTER explode(split(n_comment, ' ')) w"
                + " AS word LATERAL VIEW posexplode(array(1, 2)) p AS i, x WHERE i > 0",
            "SELECT * FROM nation n LATERAL VIEW stack(2, 'a', n_nationkey, 'b', n_regionkey) s",
            "SELECT c0 FROM nation LATERAL VIEW json_tuple(n_comment, 'a') j",
            "SELECT n_name FROM nation VERSION AS OF 'audit' TABLESAMPLE (10 PERCENT) n",
            "SELECT n_name FROM nation FOR SYSTEM_VERSION AS OF 12345 TABLESAMPLE (5 ROWS)",
            "SELECT count(*) FROM nation TIMESTAMP AS OF current_timestamp() - INTERVAL 1 DAY",
            "SELECT n_name FROM nation DISTRIBUTE BY n_regionkey SORT BY n_name DESC LIMIT 3",
            "SELECT count(*) FROM (SELECT n_name FROM nation CLUSTER BY n_name) AS c",
            "SELECT n_name FROM nation UNION ALL SELECT r_name FROM region SORT BY 1",
            "SELECT n_regionkey, count(*) FROM nation GROUP BY n_regionkey WITH CUBE",
            "SELECT /*+ REPARTITION(4, n_regionkey) */ n_name FROM nation CLUSTER BY n_name",
            "SELECT v.code, n.n_name FROM VALUES ('ALGERIA', 1) AS v(label, code)"
                + " LEFT JOIN nation n ON n.n_name = v.label",
            "SELECT id FROM range(10) JOIN nation ON id = n_nationkey",
            "SELECT n_name, explode(split(n_comment, ' ')) AS word FROM nation",
            "SELECT stack(2, 'F', 1, 'O', 2) AS (status, rank_no)",
            "SELECT n_name FROM nation WHERE n_comment NOT ILIKE ALL ('%a%', '%b%')",
            "SELECT timestamp_ntz '2024-02-29 13:45:00', interval 2 hours 30 minutes",
            "SELECT partition FROM (SELECT 1 AS partition) t",
            "SELECT * FROM (SELECT n_name, n_nationkey, n_regionkey FROM nation)"
                + " UNPIVOT INCLUDE NULLS ((a, b) FOR k IN ((n_nationkey, n_regionkey) AS both))")) {
      planned.add(plan(sql));
    }
    assertSparkReads("rewritten", planned);
  }

  private static String plan(String sql) {
    return planner(POLICIES).plan(sql, TestingCatalog.TPCH_SESSION).engineSql().orElseThrow();
  }

  private static List<String> columns(String sql) {
    return planner(POLICIES).plan(sql, TestingCatalog.TPCH_SESSION).resultColumns().stream()
        .map(TestSparkQuerySyntax::describe)
        .toList();
  }

  private static String describe(ColumnMetadata column) {
    return column.name() + " " + column.type().sparkName();
  }
}
