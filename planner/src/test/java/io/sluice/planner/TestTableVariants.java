package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Iceberg's metadata tables ({@code t.snapshots}, {@code t.files}, ...) are read only by users who
 * read the whole table unfiltered and unmasked; a branch or tag ({@code t.branch_audit}, {@code
 * t.tag_v1}) reads as its table does, through the table's policies, and is written as the table.
 */
class TestTableVariants extends PlannerTestBase {
  @BeforeAll
  static void createBranchAndTag() throws Exception {
    Table nation = catalog.catalog().loadTable(TableIdentifier.of("tpch", "nation"));
    // The test's TPC-H tables are empty: an empty commit makes the snapshot to name.
    nation.newAppend().commit();
    long snapshot = nation.currentSnapshot().snapshotId();
    nation.manageSnapshots().createBranch("audit", snapshot).createTag("v1", snapshot).commit();
    Table people =
        catalog
            .catalog()
            .createTable(
                TableIdentifier.of("tpch", "people"),
                new Schema(
                    Types.NestedField.optional(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "name", Types.StringType.get()),
                    Types.NestedField.optional(3, "ssn", Types.StringType.get())));
    people.updateSchema().deleteColumn("ssn").commit();
    people.updateSchema().renameColumn("name", "full_name").commit();
    // A column dropped, and another renamed to its name: in a snapshot of the first schema, the
    // name is the dropped column.
    Table swapped =
        catalog
            .catalog()
            .createTable(
                TableIdentifier.of("tpch", "swapped"),
                new Schema(
                    Types.NestedField.optional(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "ssn", Types.StringType.get()),
                    Types.NestedField.optional(3, "ssn_masked", Types.StringType.get())));
    swapped.newAppend().commit();
    swapped.updateSchema().deleteColumn("ssn").commit();
    swapped.updateSchema().renameColumn("ssn_masked", "ssn").commit();
  }

  private static TestingAccessControl.Builder allowed() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .allow(USER, AccessType.UPDATE, "tpch", 2);
  }

  @Test
  void metadataTablesHaveTheirOwnColumnsAndAFullName() {
    PlannedStatement planned =
        planner(allowed().build())
            .plan(
                "SELECT snapshot_id, operation, summary['added-records'] FROM nation.snapshots",
                TestingCatalog.TPCH_SESSION);

    assertThat(planned.engineSql().orElseThrow())
        .isEqualTo(
            "SELECT `snapshot_id`, `operation`, `summary`['added-records']\n"
                + "FROM `lakehouse`.`tpch`.`nation`.`snapshots`");
    assertThat(planned.tables()).containsExactly(TestingCatalog.tpch("nation"));
    assertThat(
            planner(allowed().build())
                .plan(
                    "SELECT file_path, record_count FROM lakehouse.tpch.nation.files",
                    TestingCatalog.TPCH_SESSION)
                .resultColumns())
        .extracting(column -> column.name() + " " + column.type().sparkName())
        .containsExactly("file_path string", "record_count bigint");
  }

  @Test
  void metadataTablesNeedTheWholeTableUnfilteredAndUnmasked() {
    assertDenied(
            allowed().mask(USER, "tpch.nation.n_comment", MaskType.MASK_NULL, 11).build(),
            "SELECT * FROM nation.files")
        .hasMessageContaining("column n_comment is masked for the user (policy 11)");
    assertDenied(
            allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build(),
            "SELECT count(*) FROM nation.partitions")
        .hasMessageContaining("a row filter applies to it for the user (policy 10)");
    assertDenied(
            allowed().deny(USER, AccessType.SELECT, "tpch.nation.n_comment", 12).build(),
            "SELECT * FROM nation.history")
        .hasMessageContaining("n_comment");
  }

  @Test
  void metadataTablesNeedTheColumnsTheTableHadBeforeToo() {
    // Files written before a column was dropped or renamed still carry its statistics.
    assertDenied(
            allowed().deny(USER, AccessType.SELECT, "tpch.people.ssn", 12).build(),
            "SELECT lower_bounds FROM people.files")
        .hasMessageContaining("cannot select tpch.people.ssn");
    assertDenied(
            allowed().mask(USER, "tpch.people.ssn", MaskType.MASK_NULL, 11).build(),
            "SELECT count(*) FROM people.all_data_files")
        .hasMessageContaining("column ssn is masked for the user (policy 11)");
    assertDenied(
            allowed().deny(USER, AccessType.SELECT, "tpch.people.name", 12).build(),
            "SELECT * FROM people.all_entries")
        .hasMessageContaining("cannot select tpch.people.name");
    assertThat(plan(allowed().build(), "SELECT count(*) FROM people.all_data_files"))
        .endsWith("FROM `lakehouse`.`tpch`.`people`.`all_data_files`");
    // The table itself is read through its current columns, which the denial does not touch.
    assertThat(
            plan(
                allowed().deny(USER, AccessType.SELECT, "tpch.people.ssn", 12).build(),
                "SELECT * FROM people"))
        .isEqualTo("SELECT *\nFROM `lakehouse`.`tpch`.`people`");
  }

  @Test
  void aSnapshotWhoseNamesMeantOtherColumnsIsRefused() {
    long first =
        catalog
            .catalog()
            .loadTable(TableIdentifier.of("tpch", "swapped"))
            .history()
            .get(0)
            .snapshotId();
    assertDenied(allowed().build(), "SELECT ssn FROM swapped VERSION AS OF " + first)
        .hasMessageContaining("cannot select lakehouse.tpch.swapped as of a snapshot")
        .hasMessageContaining("its column ssn named another column in an earlier schema");
    assertDenied(
            allowed().build(),
            "SELECT count(*) FROM swapped FOR SYSTEM_TIME AS OF current_timestamp()")
        .hasMessageContaining("column ssn named another column");
    // The current table reads as ever; a super-user reads the snapshot as Spark does.
    assertThat(plan(allowed().build(), "SELECT ssn FROM swapped"))
        .isEqualTo("SELECT `ssn`\nFROM `lakehouse`.`tpch`.`swapped`");
    assertThat(
            plan(
                TestingAccessControl.builder().superUser(USER).build(),
                "SELECT ssn FROM swapped VERSION AS OF " + first))
        .contains("VERSION AS OF " + first);
  }

  @Test
  void metadataTablesOfATableWhoseEarlierSchemasWereRemovedAreRefused() throws Exception {
    Table pruned =
        catalog
            .catalog()
            .createTable(
                TableIdentifier.of("tpch", "pruned"),
                new Schema(
                    Types.NestedField.optional(1, "id", Types.LongType.get()),
                    Types.NestedField.optional(2, "secret", Types.StringType.get())));
    pruned.newAppend().commit();
    pruned.updateSchema().deleteColumn("secret").commit();
    pruned.newAppend().commit();
    assertThat(plan(allowed().build(), "SELECT count(*) FROM pruned.files")).contains("`files`");
    // What expire_snapshots(clean_expired_metadata => true) does: schemas no snapshot uses go.
    pruned
        .expireSnapshots()
        .expireOlderThan(System.currentTimeMillis() + 1)
        .retainLast(1)
        .cleanExpiredMetadata(true)
        .commit();
    assertDenied(allowed().build(), "SELECT count(*) FROM pruned.files")
        .hasMessageContaining("no longer holds the schemas that name some of them");
    assertThat(
            plan(
                TestingAccessControl.builder().superUser(USER).build(),
                "SELECT count(*) FROM pruned.files"))
        .contains("`files`");
  }

  @Test
  void aMergeCannotWriteAMetadataTable() {
    assertThatThrownBy(
            () ->
                plan(
                    allowed().build(),
                    "MERGE INTO nation.files t USING nation s ON t.record_count = s.n_nationkey"
                        + " WHEN MATCHED AND s.n_nationkey < 0 THEN DELETE"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("Iceberg's metadata tables are read-only");
  }

  @Test
  void branchesAndTagsReadThroughTheTablesPolicies() {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();

    assertThat(plan(access, "SELECT n_name FROM nation.branch_audit"))
        .isEqualTo(
            "SELECT `n_name`\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation`.`branch_audit`\n"
                + "    WHERE `n_regionkey` = 1) AS `branch_audit`");
    assertThat(plan(access, "SELECT count(*) FROM tpch.nation.tag_v1 t"))
        .contains("FROM `lakehouse`.`tpch`.`nation`.`tag_v1`\n")
        .endsWith("AS `t`");
  }

  @Test
  void tagsAndTimeTravelReadThroughTheCurrentColumnsEvenWithoutPolicies() {
    // Spark reads a tag or an old snapshot with that snapshot's columns, which may include one
    // dropped since: authorization knows the current ones only.
    assertThat(plan(allowed().build(), "SELECT * FROM nation.tag_v1"))
        .isEqualTo(
            "SELECT *\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation`.`tag_v1`) AS `tag_v1`");
    assertThat(plan(allowed().build(), "SELECT * FROM nation VERSION AS OF 'v1' n"))
        .isEqualTo(
            "SELECT *\n"
                + "FROM (SELECT `n_nationkey`, `n_name`, `n_regionkey`, `n_comment`\n"
                + "    FROM `lakehouse`.`tpch`.`nation` VERSION AS OF 'v1') AS `n`");
    assertThat(plan(allowed().build(), "SELECT * FROM nation.branch_audit"))
        .isEqualTo("SELECT *\nFROM `lakehouse`.`tpch`.`nation`.`branch_audit`");
  }

  @Test
  void metadataTablesAreReadOnly() {
    assertThatThrownBy(
            () -> plan(allowed().build(), "INSERT INTO nation.files SELECT * FROM nation.files"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("Iceberg's metadata tables are read-only");
  }

  @Test
  void writingABranchIsWritingTheTable() {
    assertThat(plan(allowed().build(), "INSERT INTO nation.branch_audit SELECT * FROM nation"))
        .startsWith("INSERT INTO `lakehouse`.`tpch`.`nation`.`branch_audit`");
    TestingAccessControl readOnly =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "tpch", 1).build();
    assertDenied(readOnly, "INSERT INTO nation.branch_audit SELECT * FROM nation")
        .hasMessageContaining("cannot update");
  }

  @Test
  void unknownBranchesTagsAndMetadataTablesAreNamed() {
    assertThatThrownBy(() -> plan(allowed().build(), "SELECT * FROM nation.branch_nope"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.TABLE_NOT_FOUND))
        .hasMessageContaining("table lakehouse.tpch.nation has no branch named 'nope'");
    assertThatThrownBy(() -> plan(allowed().build(), "SELECT * FROM nation.tag_v1_missing"))
        .hasMessageContaining("has no tag named 'v1_missing'");
  }

  @Test
  void everyPlannedVariantIsReadBySparksParser() throws Exception {
    TestingAccessControl access =
        allowed().rowFilter(USER, "tpch.nation", "n_regionkey = 1", 10).build();
    List<String> planned =
        List.of(
            plan(
                allowed().build(),
                "SELECT * FROM nation.snapshots s JOIN nation.refs r USING (snapshot_id)"),
            plan(access, "SELECT n_name FROM nation.tag_v1 VERSION AS OF 'v1'"),
            plan(access, "SELECT n_name FROM nation.branch_audit TABLESAMPLE (10 PERCENT)"));

    assertSparkReads("variants", planned);
  }
}
