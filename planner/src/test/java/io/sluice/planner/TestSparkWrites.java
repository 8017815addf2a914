package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Spark's writes beyond Calcite's: MERGE with clause conditions, DELETE, NOT MATCHED BY SOURCE and
 * several clauses of a kind (as dbt's snapshots and Iceberg's docs write them), validated as the
 * query it reads, authorized as a change of its target, and run with the source read through its
 * policies; and INSERT with static partition values (dbt's insert_overwrite).
 */
class TestSparkWrites extends PlannerTestBase {
  private static TestingAccessControl.Builder allowed() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .allow(USER, AccessType.UPDATE, "tpch", 2);
  }

  private static final String SNAPSHOT_LIKE =
      "MERGE INTO nation AS d USING region AS s ON s.r_regionkey = d.n_nationkey"
          + " WHEN MATCHED AND d.n_comment IS NULL AND s.r_name IN ('ASIA', 'EUROPE')"
          + " THEN UPDATE SET n_name = s.r_name"
          + " WHEN MATCHED AND s.r_name = 'AFRICA' THEN DELETE"
          + " WHEN NOT MATCHED AND s.r_regionkey > 2 THEN INSERT *"
          + " WHEN NOT MATCHED BY SOURCE AND d.n_regionkey = 4 THEN UPDATE SET n_comment = 'gone'";

  @Test
  void conditionalMergeReadsItsSourceThroughThePolicy() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.region", "r_regionkey < 3", 10).build();

    assertThat(
            plan(
                access,
                SNAPSHOT_LIKE.replace(
                    "INSERT *",
                    "INSERT (n_nationkey, n_name,"
                        + " n_regionkey, n_comment) VALUES (s.r_regionkey, s.r_name, 0, s.r_comment)")))
        .isEqualTo(
            "MERGE INTO `lakehouse`.`tpch`.`nation` AS `d`\n"
                + "USING (SELECT `r_regionkey`, `r_name`, `r_comment`\n"
                + "  FROM `lakehouse`.`tpch`.`region`\n"
                + "  WHERE `r_regionkey` < 3) AS `s`\n"
                + "ON `s`.`r_regionkey` = `d`.`n_nationkey`\n"
                + "WHEN MATCHED AND `d`.`n_comment` IS NULL AND `s`.`r_name` IN ('ASIA', 'EUROPE')"
                + " THEN UPDATE SET `n_name` = `s`.`r_name`\n"
                + "WHEN MATCHED AND `s`.`r_name` = 'AFRICA' THEN DELETE\n"
                + "WHEN NOT MATCHED AND `s`.`r_regionkey` > 2 THEN INSERT (`n_nationkey`,"
                + " `n_name`, `n_regionkey`, `n_comment`) VALUES (`s`.`r_regionkey`, `s`.`r_name`,"
                + " 0, `s`.`r_comment`)\n"
                + "WHEN NOT MATCHED BY SOURCE AND `d`.`n_regionkey` = 4 THEN UPDATE SET"
                + " `n_comment` = 'gone'");
  }

  @Test
  void insertStarIsWrittenOutFromTheSourcesColumns() {
    String planned =
        plan(
            allowed().build(),
            "MERGE INTO nation AS d USING (SELECT * FROM nation WHERE n_regionkey = 1) AS s"
                + " ON s.n_nationkey = d.n_nationkey WHEN MATCHED AND s.n_name <> d.n_name"
                + " THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");

    assertThat(planned)
        .contains(
            "WHEN MATCHED AND `s`.`n_name` <> `d`.`n_name` THEN UPDATE SET `n_nationkey` ="
                + " `s`.`n_nationkey`, `n_name` = `s`.`n_name`, `n_regionkey` = `s`.`n_regionkey`,"
                + " `n_comment` = `s`.`n_comment`")
        .contains(
            "WHEN NOT MATCHED THEN INSERT (`n_nationkey`, `n_name`, `n_regionkey`, `n_comment`)"
                + " VALUES (`s`.`n_nationkey`, `s`.`n_name`, `s`.`n_regionkey`, `s`.`n_comment`)");
  }

  @Test
  void everyPlannedMergeIsReadBySparksParser() throws Exception {
    List<String> planned =
        List.of(
            plan(
                allowed().rowFilter(USER, "tpch.region", "r_regionkey < 3", 10).build(),
                SNAPSHOT_LIKE.replace("INSERT *", "INSERT (n_nationkey) VALUES (s.r_regionkey)")),
            plan(
                allowed().build(),
                "MERGE INTO nation t USING (SELECT * FROM VALUES (1, 'x') AS v(k, op)) s"
                    + " ON t.n_nationkey = s.k WHEN MATCHED AND s.op = 'x' THEN DELETE"
                    + " WHEN NOT MATCHED BY SOURCE AND t.n_nationkey > 100 THEN DELETE"));

    assertSparkReads("merges", planned);
  }

  @Test
  void aMaskedTargetColumnCannotDecideWhatChanges() {
    TestingAccessControl access =
        allowed().mask(USER, "tpch.nation.n_comment", MaskType.MASK, 11).build();

    assertDenied(access, SNAPSHOT_LIKE.replace("INSERT *", "INSERT (n_nationkey) VALUES (1)"))
        .hasMessageContaining("column n_comment of the table it changes, which is masked");
  }

  @Test
  void aRowFilteredTargetIsRefused() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();

    assertDenied(
            access,
            "MERGE INTO nation d USING region s ON s.r_regionkey = d.n_nationkey"
                + " WHEN MATCHED AND s.r_name = 'AFRICA' THEN DELETE")
        .hasMessageContaining("MERGE cannot be limited to the rows it shows");
  }

  @Test
  void mergingNeedsUpdateOnTheTargetAndSelectOnTheSource() {
    TestingAccessControl readOnly =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch", 1).build();

    assertDenied(
            readOnly,
            "MERGE INTO nation d USING region s ON s.r_regionkey = d.n_nationkey"
                + " WHEN MATCHED AND s.r_name = 'AFRICA' THEN DELETE")
        .hasMessageContaining("cannot update");
  }

  @Test
  void anUnknownColumnInAClauseIsAValidationError() {
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "MERGE INTO nation d USING region s ON s.r_regionkey = d.n_nationkey"
                        + " WHEN MATCHED AND s.no_such_column = 1 THEN DELETE"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND))
        .hasMessageContaining("no_such_column");
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "MERGE INTO nation d USING region s ON s.r_regionkey = d.n_nationkey"
                        + " WHEN NOT MATCHED BY SOURCE THEN UPDATE SET no_such_target = 1"))
        .hasMessageContaining("no_such_target");
  }

  @Test
  void staticPartitionValuesFillTheirColumns() {
    assertThat(
            plan(
                allowed().build(),
                "INSERT OVERWRITE TABLE nation PARTITION (n_regionkey = 1)"
                    + " SELECT n_nationkey, n_name, n_comment FROM nation WHERE n_regionkey = 1"))
        .isEqualTo(
            "INSERT OVERWRITE TABLE `lakehouse`.`tpch`.`nation` PARTITION (`n_regionkey` = 1)\n"
                + "SELECT `n_nationkey`, `n_name`, `n_comment`\n"
                + "  FROM `lakehouse`.`tpch`.`nation`\n"
                + "  WHERE `n_regionkey` = 1");
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "INSERT INTO nation PARTITION (n_regionkey = 1) SELECT n_nationkey FROM nation"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
        .hasMessageContaining(
            "Number of INSERT target columns (4) does not equal number of source" + " items (2)");
    assertDenied(
            allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build(),
            "INSERT OVERWRITE TABLE nation PARTITION (n_regionkey = 1)"
                + " SELECT n_nationkey, n_name, n_comment FROM nation")
        .hasMessageContaining("INSERT OVERWRITE");
  }

  @Test
  void insertByNameMatchesTheQuerysColumnsToTheTargetsByName() throws Exception {
    String planned =
        plan(
            allowed().rowFilter(USER, "tpch.region", "r_regionkey < 3", 10).build(),
            "INSERT INTO nation BY NAME SELECT r_comment AS n_comment, r_regionkey AS n_nationkey,"
                + " r_name AS n_name, 0 AS n_regionkey FROM region");

    assertThat(planned)
        .isEqualTo(
            "INSERT INTO `lakehouse`.`tpch`.`nation` BY NAME\n"
                + "SELECT `r_comment` AS `n_comment`, `r_regionkey` AS `n_nationkey`, `r_name` AS"
                + " `n_name`, 0 AS `n_regionkey`\n"
                + "  FROM (SELECT `r_regionkey`, `r_name`, `r_comment`\n"
                + "      FROM `lakehouse`.`tpch`.`region`\n"
                + "      WHERE `r_regionkey` < 3) AS `region`");
    assertSparkReads("by-name", List.of(planned));
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "INSERT INTO nation BY NAME SELECT r_regionkey AS no_such_column FROM region"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.COLUMN_NOT_FOUND))
        .hasMessageContaining("no_such_column");
    assertDenied(
            TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch", 1).build(),
            "INSERT INTO nation BY NAME SELECT r_regionkey AS n_nationkey, r_name AS n_name,"
                + " r_regionkey AS n_regionkey, r_comment AS n_comment FROM region")
        .hasMessageContaining("cannot update");
  }

  @Test
  void aQueryWithMoreColumnsThanTheTableIsAValidationError() {
    assertThatThrownBy(
            () -> plan(allowed().build(), "INSERT INTO nation SELECT * FROM region, nation"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.VALIDATION_ERROR))
        .hasMessageContaining("the query gives more columns than lakehouse.tpch.nation has");
  }

  @Test
  void replaceWhereIsAuthorizedAsADeleteByItsConditionAndAnInsert() throws Exception {
    String sql =
        "INSERT INTO nation REPLACE WHERE n_regionkey = 1"
            + " SELECT n_nationkey, n_name, n_regionkey, n_comment FROM nation WHERE n_regionkey = 1";
    String planned =
        plan(allowed().rowFilter(USER, "tpch.region", "r_regionkey < 3", 10).build(), sql);

    assertThat(planned)
        .isEqualTo(
            "INSERT INTO `lakehouse`.`tpch`.`nation` REPLACE WHERE `n_regionkey` = 1\n"
                + "SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "  FROM `lakehouse`.`tpch`.`nation`\n"
                + "  WHERE `n_regionkey` = 1");
    assertSparkReads("replace-where", List.of(planned));
    assertDenied(allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build(), sql)
        .hasMessageContaining("INSERT ... REPLACE WHERE would remove rows the user may not see");
    assertDenied(
            allowed().mask(USER, "tpch.nation.n_regionkey", MaskType.MASK_NULL, 11).build(),
            "INSERT INTO nation REPLACE WHERE n_regionkey = 1 SELECT * FROM nation LIMIT 0")
        .hasMessageContaining("column n_regionkey of the table it changes, which is masked");
    assertDenied(
            allowed().deny(USER, AccessType.SELECT, "tpch.nation.n_comment", 12).build(),
            "INSERT INTO nation REPLACE WHERE n_comment = 'x'" + " SELECT 1, 'x', 1, 'x'")
        .hasMessageContaining("n_comment");
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "INSERT INTO nation REPLACE WHERE n_regionkey IN (SELECT r_regionkey FROM region)"
                        + " SELECT * FROM nation"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("subquery");
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "INSERT INTO nation REPLACE WHERE no_such_column = 1 SELECT * FROM nation"))
        .hasMessageContaining("no_such_column");
  }
}
