package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Spark's DDL, TRUNCATE and INSERT OVERWRITE: each access authorized as Ranger's Hive service names
 * it, every name qualified for the engine, the query of CREATE TABLE AS read under the user's
 * policies, and what would reach beyond the policies refused.
 */
class TestSparkCommands extends PlannerTestBase {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;

  @BeforeAll
  static void createScratchTables() throws Exception {
    catalog.catalog().createNamespace(Namespace.of("scratch"));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("scratch", "copy"),
            new Schema(
                Types.NestedField.optional(1, "o_orderkey", Types.LongType.get()),
                Types.NestedField.optional(2, "o_comment", Types.StringType.get())));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("scratch", "shared"),
            new Schema(Types.NestedField.optional(1, "owner", Types.StringType.get())));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("scratch", "t"),
            new Schema(Types.NestedField.optional(1, "id", Types.LongType.get())));
  }

  /** The analyst reads tpch (orders filtered, o_comment masked) and owns schema scratch. */
  private static TestingAccessControl analyst() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch", 1)
        .allow(USER, AccessType.CREATE, "scratch", 2)
        .allow(USER, AccessType.DROP, "scratch", 2)
        .allow(USER, AccessType.ALTER, "scratch", 2)
        .allow(USER, AccessType.UPDATE, "scratch", 2)
        .allow(USER, AccessType.SELECT, "scratch", 2)
        .rowFilter(USER, "tpch.orders", "o_orderstatus = 'F'", 10)
        .mask(USER, "tpch.orders.o_comment", MaskType.MASK_NULL, 20)
        .rowFilter(USER, "scratch.shared", "owner = current_user()", 11)
        .build();
  }

  @Test
  void createTableAsCopiesOnlyWhatTheUserMaySee() {
    PlannedStatement planned =
        planned(
            analyst(),
            "CREATE OR REPLACE TABLE scratch.open_orders USING iceberg"
                + " PARTITIONED BY (days(o_orderdate)) AS"
                + " SELECT o_orderkey, o_orderdate, o_comment FROM orders");

    assertThat(planned.kind()).isEqualTo(StatementKind.DDL);
    assertThat(planned.engineSql().orElseThrow())
        .startsWith(
            "CREATE OR REPLACE TABLE `lakehouse`.`scratch`.`open_orders` USING `iceberg`"
                + " PARTITIONED BY (DAYS(`o_orderdate`))")
        .contains("WHERE `o_orderstatus` = 'F'")
        .contains("CAST(NULL AS STRING) AS `o_comment`")
        .contains("FROM `lakehouse`.`tpch`.`orders`");
    assertThat(planned.policyIds()).containsExactly(1L, 2L, 10L, 20L);
  }

  @Test
  void createNeedsCreateAndReplacingNeedsDropToo() {
    TestingAccessControl createOnly =
        TestingAccessControl.builder()
            .allow(USER, AccessType.SELECT, "tpch", 1)
            .allow(USER, AccessType.CREATE, "scratch", 2)
            .build();

    assertThat(planned(createOnly, "CREATE TABLE scratch.t (id BIGINT) USING iceberg").engineSql())
        .hasValue("CREATE TABLE `lakehouse`.`scratch`.`t` (`id` bigint) USING `iceberg`");
    assertDenied(createOnly, "CREATE OR REPLACE TABLE scratch.t AS SELECT 1 AS id")
        .hasMessage("Access denied: user analyst cannot drop scratch.t (no policy allows it)");
    assertDenied(createOnly, "REPLACE TABLE scratch.t AS SELECT 1 AS id")
        .hasMessage("Access denied: user analyst cannot drop scratch.t (no policy allows it)");
    assertDenied(createOnly, "CREATE TABLE tpch.t (id BIGINT)")
        .hasMessage("Access denied: user analyst cannot create tpch.t (no policy allows it)");
  }

  @Test
  void dropAlterAndTruncateNeedTheirAccessTypes() {
    TestingAccessControl readOnly =
        TestingAccessControl.builder().allow(USER, AccessType.SELECT, "scratch", 3).build();

    assertDenied(readOnly, "DROP TABLE IF EXISTS scratch.t PURGE")
        .hasMessage("Access denied: user analyst cannot drop scratch.t (no policy allows it)");
    assertDenied(readOnly, "ALTER TABLE scratch.t ADD COLUMNS (note STRING)")
        .hasMessage("Access denied: user analyst cannot alter scratch.t (no policy allows it)");
    assertDenied(readOnly, "TRUNCATE TABLE scratch.t")
        .hasMessage("Access denied: user analyst cannot update scratch.t (no policy allows it)");
    assertDenied(readOnly, "DROP VIEW scratch.v")
        .hasMessage("Access denied: user analyst cannot drop scratch.v (no policy allows it)");

    assertThat(planned(analyst(), "DROP TABLE IF EXISTS scratch.t PURGE").engineSql())
        .hasValue("DROP TABLE IF EXISTS `lakehouse`.`scratch`.`t` PURGE");
    assertThat(planned(analyst(), "TRUNCATE TABLE scratch.t").engineSql())
        .hasValue("TRUNCATE TABLE `lakehouse`.`scratch`.`t`");
  }

  @Test
  void schemasNeedCreateAndDropOnTheSchema() {
    assertThat(planned(analyst(), "CREATE SCHEMA IF NOT EXISTS scratch").engineSql())
        .hasValue("CREATE SCHEMA IF NOT EXISTS `lakehouse`.`scratch`");
    assertThat(planned(analyst(), "DROP DATABASE lakehouse.scratch CASCADE").engineSql())
        .hasValue("DROP DATABASE `lakehouse`.`scratch` CASCADE");
    assertDenied(analyst(), "CREATE DATABASE marketing")
        .hasMessage("Access denied: user analyst cannot create marketing (no policy allows it)");
    assertDenied(analyst(), "DROP SCHEMA tpch")
        .hasMessage("Access denied: user analyst cannot drop tpch (no policy allows it)");
    assertThat(
            planned(analyst(), "ALTER DATABASE scratch SET DBPROPERTIES ('owner.team' = 'bi')")
                .engineSql())
        .hasValue("ALTER DATABASE `lakehouse`.`scratch` SET DBPROPERTIES ('owner.team'  = 'bi')");
    assertDenied(analyst(), "ALTER SCHEMA tpch SET PROPERTIES ('k' = 'v')")
        .hasMessage("Access denied: user analyst cannot alter tpch (no policy allows it)");
    assertDenied(analyst(), "ALTER NAMESPACE scratch SET LOCATION '/tmp/elsewhere'")
        .hasMessageContaining("cannot set the location of lakehouse.scratch");
  }

  @Test
  void renameQualifiesTheNewNameWithinTheCatalogAndNeedsCreateOnIt() {
    assertThat(planned(analyst(), "ALTER TABLE scratch.t RENAME TO scratch.t_old").engineSql())
        .hasValue("ALTER TABLE `lakehouse`.`scratch`.`t` RENAME TO `scratch`.`t_old`");
    assertDenied(analyst(), "ALTER TABLE scratch.t RENAME TO tpch.t")
        .hasMessage("Access denied: user analyst cannot create tpch.t (no policy allows it)");
  }

  @Test
  void filesOutsideTheWarehouseAreForSuperUsersOnly() {
    assertDenied(analyst(), "CREATE TABLE scratch.t (id INT) LOCATION '/tmp/elsewhere'")
        .hasMessageContaining("cannot set the location of lakehouse.scratch.t")
        .hasMessageContaining("only super-users may choose where data lives");
    assertDenied(
            analyst(),
            "CREATE TABLE scratch.t (id INT) TBLPROPERTIES ('write.data.path' = '/tmp/x')")
        .hasMessageContaining("cannot set property 'write.data.path' of lakehouse.scratch.t");
    assertDenied(analyst(), "CREATE TABLE scratch.t (id INT) OPTIONS (path '/tmp/x')")
        .hasMessageContaining("cannot set property 'path' of lakehouse.scratch.t");
    assertDenied(analyst(), "ALTER TABLE scratch.t SET LOCATION '/tmp/elsewhere'")
        .hasMessageContaining("cannot set the location of lakehouse.scratch.t");
    assertDenied(
            analyst(), "ALTER TABLE scratch.t SET TBLPROPERTIES ('write.metadata.path' = '/tmp/m')")
        .hasMessageContaining("cannot set property 'write.metadata.path'");

    TestingAccessControl admin = TestingAccessControl.builder().superUser(USER).build();
    assertThat(
            planned(admin, "CREATE TABLE scratch.t (id INT) LOCATION '/tmp/elsewhere'").engineSql())
        .hasValue("CREATE TABLE `lakehouse`.`scratch`.`t` (`id` int) LOCATION '/tmp/elsewhere'");
  }

  @Test
  void viewsKeepTheirQueryAsWrittenWithQualifiedNames() {
    PlannedStatement planned =
        planned(
            analyst(),
            "CREATE OR REPLACE VIEW scratch.v (key COMMENT 'order') AS"
                + " SELECT o_orderkey FROM orders");

    // The readers' policies apply when the view is read; the view keeps the query as written.
    assertThat(planned.engineSql().orElseThrow())
        .isEqualTo(
            "CREATE OR REPLACE VIEW `lakehouse`.`scratch`.`v` (`key` COMMENT 'order')\n"
                + "AS SELECT `o_orderkey`\n"
                + "FROM `lakehouse`.`tpch`.`orders`");
  }

  @Test
  void viewNeedsSelectOnWhatItReads() {
    TestingAccessControl noRead =
        TestingAccessControl.builder().allow(USER, AccessType.CREATE, "scratch", 2).build();

    assertDenied(noRead, "CREATE VIEW scratch.v AS SELECT n_name FROM nation")
        .hasMessage(
            "Access denied: user analyst cannot select tpch.nation.n_name (no policy allows it)");
  }

  @Test
  void temporaryViewsAreRefusedForEveryone() {
    TestingAccessControl admin = TestingAccessControl.builder().superUser(USER).build();

    assertThatThrownBy(() -> planned(admin, "CREATE TEMPORARY VIEW tv AS SELECT 1 AS one"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageStartingWith(
            "Cannot run CREATE TEMPORARY VIEW: a temporary view lives in one engine session");
  }

  @Test
  void insertOverwriteReadsUnderPoliciesAndCannotRemoveHiddenRows() {
    PlannedStatement planned =
        planned(
            analyst(),
            "INSERT OVERWRITE TABLE scratch.copy SELECT o_orderkey, o_comment FROM orders");

    assertThat(planned.kind()).isEqualTo(StatementKind.DML);
    assertThat(planned.engineSql().orElseThrow())
        .startsWith("INSERT OVERWRITE TABLE `lakehouse`.`scratch`.`copy`")
        .contains("CAST(NULL AS STRING) AS `o_comment`");
    assertDenied(analyst(), "INSERT OVERWRITE scratch.shared SELECT 'x' AS owner")
        .hasMessageContaining("a row filter applies to the table (policy 11)")
        .hasMessageContaining("INSERT OVERWRITE would remove rows the user may not see");
    assertDenied(analyst(), "TRUNCATE TABLE scratch.shared")
        .hasMessageContaining("TRUNCATE TABLE would remove rows the user may not see");
  }

  @Test
  void staticPartitionValuesAreWrittenWithTheQueryReadThroughThePolicies() {
    assertThat(
            planned(
                    analyst(),
                    "INSERT OVERWRITE scratch.copy PARTITION (o_orderkey = 1) SELECT o_comment"
                        + " FROM orders")
                .engineSql()
                .orElseThrow())
        .startsWith(
            "INSERT OVERWRITE TABLE `lakehouse`.`scratch`.`copy` PARTITION (`o_orderkey` = 1)")
        .contains("CAST(NULL AS STRING) AS `o_comment`");
  }

  @Test
  void explainIsAuthorizedAsTheStatementItExplainsAndShowsItsRewrittenForm() {
    PlannedStatement planned =
        planned(analyst(), "EXPLAIN EXTENDED SELECT o_comment FROM orders WHERE o_orderkey = 1");

    assertThat(planned.kind()).isEqualTo(StatementKind.QUERY);
    assertThat(planned.engineSql().orElseThrow())
        .startsWith("EXPLAIN EXTENDED SELECT `o_comment`")
        .contains("CAST(NULL AS STRING) AS `o_comment`")
        .contains("WHERE `o_orderstatus` = 'F'");
    assertThat(planned.resultColumns()).extracting(column -> column.name()).containsExactly("plan");
    assertThat(planned.policyIds()).containsExactly(1L, 10L, 20L);

    assertDenied(analyst(), "EXPLAIN CREATE TABLE tpch.t AS SELECT 1 AS id")
        .hasMessage("Access denied: user analyst cannot create tpch.t (no policy allows it)");
    assertThatThrownBy(() -> planned(analyst(), "EXPLAIN USE tpch"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("there is no engine plan to show");
  }

  @Test
  void mergeWithStarsIsWrittenOutAndAuthorizedLikeAnyMerge() {
    PlannedStatement planned =
        planned(
            analyst(),
            "MERGE INTO scratch.copy AS t USING (SELECT o_orderkey, o_comment FROM orders) AS s"
                + " ON t.o_orderkey = s.o_orderkey"
                + " WHEN MATCHED THEN UPDATE SET * WHEN NOT MATCHED THEN INSERT *");

    assertThat(planned.kind()).isEqualTo(StatementKind.DML);
    assertThat(planned.engineSql().orElseThrow())
        .startsWith("MERGE INTO `lakehouse`.`scratch`.`copy` AS `t`")
        .contains("`o_orderkey` = `s`.`o_orderkey`, `o_comment` = `s`.`o_comment`")
        .contains("INSERT (`o_orderkey`, `o_comment`)")
        .contains("VALUES (`s`.`o_orderkey`, `s`.`o_comment`)")
        // The source reads under the analyst's policies.
        .contains("CAST(NULL AS STRING) AS `o_comment`");

    // Conditions, DELETE and NOT MATCHED BY SOURCE are authorized too (TestSparkWrites).
    assertThat(
            planned(
                    analyst(),
                    "MERGE INTO scratch.copy t USING scratch.copy s ON t.o_orderkey = s.o_orderkey"
                        + " WHEN MATCHED AND s.o_orderkey IS NULL THEN DELETE")
                .engineSql()
                .orElseThrow())
        .endsWith("WHEN MATCHED AND `s`.`o_orderkey` IS NULL THEN DELETE");
  }

  @Test
  void engineCommandsNeedAccessToTheirTable() {
    assertThat(planned(analyst(), "CACHE LAZY TABLE orders").engineSql())
        .hasValue("CACHE LAZY TABLE `lakehouse`.`tpch`.`orders`");
    assertThat(planned(analyst(), "UNCACHE TABLE IF EXISTS nation").engineSql())
        .hasValue("UNCACHE TABLE IF EXISTS `lakehouse`.`tpch`.`nation`");
    PlannedStatement refresh = planned(analyst(), "REFRESH TABLE nation");
    assertThat(refresh.kind()).isEqualTo(StatementKind.ENGINE_COMMAND);
    assertThat(refresh.engineSql()).hasValue("REFRESH TABLE `lakehouse`.`tpch`.`nation`");
    assertThat(refresh.tables()).containsExactly(new QualifiedName("lakehouse", "tpch", "nation"));
    assertThat(planned(analyst(), "ANALYZE TABLE scratch.t COMPUTE STATISTICS NOSCAN").engineSql())
        .hasValue("ANALYZE TABLE `lakehouse`.`scratch`.`t` COMPUTE STATISTICS NOSCAN");

    assertDenied(analyst(), "CACHE TABLE sales.orders")
        .hasMessage("Access denied: user analyst cannot select sales.orders (no policy allows it)");
    assertDenied(analyst(), "ANALYZE TABLE orders COMPUTE STATISTICS")
        .hasMessage("Access denied: user analyst cannot alter tpch.orders (no policy allows it)");
    assertDenied(analyst(), "CLEAR CACHE")
        .hasMessage(
            "Access denied: user analyst cannot run CLEAR CACHE: it acts on the engine; only"
                + " super-users may run it");
    assertDenied(analyst(), "REFRESH '/tmp/data'").hasMessageContaining("cannot run REFRESH");
    assertThatThrownBy(() -> planned(analyst(), "CACHE TABLE hot AS SELECT * FROM nation"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessageContaining("temporary view");
  }

  @Test
  void icebergMaintenanceProceduresNeedAlterOnTheirTable() {
    assertThat(
            planned(
                    analyst(),
                    "CALL system.expire_snapshots(table => 'scratch.t', retain_last => 1)")
                .engineSql())
        .hasValue(
            "CALL `lakehouse`.`system`.`expire_snapshots` (`table` => 'scratch.t', `retain_last` =>"
                + " 1)");
    // A table named alone is in the session's schema, whatever the engine's own is.
    assertDenied(analyst(), "CALL system.expire_snapshots('t')")
        .hasMessage("Access denied: user analyst cannot alter tpch.t (no policy allows it)");
    assertThat(
            planned(analyst(), "CALL lakehouse.system.rollback_to_snapshot('scratch.t', 42)")
                .engineSql())
        .hasValue("CALL `lakehouse`.`system`.`rollback_to_snapshot` ('scratch.t', 42)");

    assertDenied(analyst(), "CALL lakehouse.system.rewrite_data_files('tpch.orders')")
        .hasMessage("Access denied: user analyst cannot alter tpch.orders (no policy allows it)");
    assertDenied(
            analyst(),
            "CALL lakehouse.system.remove_orphan_files(table => 'scratch.t', location => '/')")
        .hasMessageContaining("cannot run CALL remove_orphan_files");
    assertDenied(analyst(), "CALL lakehouse.system.migrate('spark_catalog.db.t')")
        .hasMessageContaining("cannot run CALL migrate");
    assertThatThrownBy(() -> planned(analyst(), "CALL lakehouse.system.expire_snapshots(42)"))
        .hasMessageContaining("name its table as a string");
    // Spark would read these as tpch.orders: Sluice would have checked another name.
    for (String name :
        List.of("`tpch`.orders", "tpch . orders", "tpch.`orders`", "lakehouse.tpch.orders")) {
      assertThatThrownBy(
              () ->
                  planned(
                      analyst(), "CALL lakehouse.system.rollback_to_snapshot('" + name + "', 1)"))
          .as(name)
          .hasMessageContaining("with plain names (letters, digits and underscores)");
    }
    // A where filter's effect reports on values the policies may hide.
    assertDenied(
            analyst(), "CALL system.rewrite_data_files(table => 'scratch.t', where => 'id > 5')")
        .hasMessageContaining("cannot run CALL rewrite_data_files with a where filter");
  }

  @Test
  void sparkParsesEveryPlannedCommand() throws Exception {
    TestingAccessControl admin = TestingAccessControl.builder().superUser(USER).build();
    List<String> planned = new ArrayList<>();
    for (String sql :
        List.of(
            "CREATE SCHEMA IF NOT EXISTS scratch",
            "DROP SCHEMA scratch CASCADE",
            "CREATE OR REPLACE TABLE scratch.t USING iceberg PARTITIONED BY (bucket(4, id))"
                + " TBLPROPERTIES ('format-version' = '2') AS SELECT n_nationkey AS id FROM nation",
            "CREATE TABLE scratch.t (id BIGINT NOT NULL, tags ARRAY<STRING>) USING iceberg",
            "ALTER TABLE scratch.t ADD COLUMNS (note STRING COMMENT 'free text')",
            "ALTER TABLE scratch.t RENAME TO scratch.t2",
            "ALTER TABLE scratch.t WRITE ORDERED BY id",
            "ALTER TABLE scratch.t ADD PARTITION FIELD years(ts)",
            "ALTER VIEW scratch.v AS SELECT n_name FROM nation",
            "CREATE VIEW scratch.v AS SELECT n_name FROM nation",
            "DROP VIEW IF EXISTS scratch.v",
            "TRUNCATE TABLE scratch.t",
            "INSERT OVERWRITE TABLE scratch.t SELECT n_nationkey FROM nation",
            "EXPLAIN FORMATTED SELECT n_name FROM nation",
            "CACHE TABLE nation",
            "UNCACHE TABLE nation",
            "REFRESH TABLE nation",
            "CALL system.expire_snapshots(table => 'scratch.t', older_than => TIMESTAMP"
                + " '2024-01-01 00:00:00')",
            "MERGE INTO scratch.t USING scratch.t AS s ON t.id = s.id WHEN MATCHED THEN UPDATE SET *"
                + " WHEN NOT MATCHED THEN INSERT *",
            "EXPLAIN CREATE TABLE scratch.u AS SELECT n_name FROM nation")) {
      planned.add(planned(admin, sql).engineSql().orElseThrow());
    }

    assertSparkReads("commands", planned);
  }
}
