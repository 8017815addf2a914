package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.unparse.SparkParser;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPlanner {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;
  private static final SessionContext SALES =
      TestingCatalog.session("lakehouse", "sales", TestingCatalog.USER);

  @TempDir static Path directory;
  private static TestingCatalog catalog;
  private static Planner planner;

  @BeforeAll
  static void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
    catalog.catalog().createNamespace(Namespace.of("sales"));
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("sales", "events"),
            new Schema(
                Types.NestedField.required(1, "id", Types.LongType.get()),
                Types.NestedField.optional(
                    2,
                    "device",
                    Types.StructType.of(
                        Types.NestedField.optional(3, "os", Types.StringType.get()),
                        Types.NestedField.optional(4, "version", Types.IntegerType.get()))),
                Types.NestedField.optional(
                    5, "tags", Types.ListType.ofOptional(6, Types.StringType.get())),
                Types.NestedField.optional(
                    7,
                    "attributes",
                    Types.MapType.ofOptional(8, 9, Types.StringType.get(), Types.StringType.get())),
                Types.NestedField.optional(10, "happened_at", Types.TimestampType.withZone()),
                Types.NestedField.optional(11, "local_time", Types.TimestampType.withoutZone())));
    planner =
        new Planner(catalog.catalogManager(Duration.ofMinutes(1)), TestingAccessControl.allowAll());
  }

  @AfterAll
  static void closeCatalog() throws Exception {
    catalog.close();
  }

  @Test
  void queryIsSentWithFullyQualifiedTableNames() {
    PlannedStatement planned =
        planner.plan("SELECT n_name FROM nation WHERE n_regionkey = 1", TPCH);

    assertThat(planned.kind()).isEqualTo(StatementKind.QUERY);
    assertThat(planned.engineSql())
        .hasValue("SELECT `n_name`\nFROM `lakehouse`.`tpch`.`nation`\nWHERE `n_regionkey` = 1");
    assertThat(planned.tables()).containsExactly(tpch("nation"));
    assertThat(planned.newSessionContext()).isEmpty();
    assertThat(planned.originalSql()).isEqualTo("SELECT n_name FROM nation WHERE n_regionkey = 1");
  }

  @Test
  void resultColumnsComeFromValidation() {
    PlannedStatement planned =
        planner.plan(
            "SELECT n_nationkey, n_name AS name, count(*) FROM nation GROUP BY 1, 2", TPCH);

    assertThat(planned.returnsRows()).isTrue();
    assertThat(planned.resultColumns())
        .extracting(
            ColumnMetadata::name, column -> column.type().sparkName(), ColumnMetadata::nullable)
        .containsExactly(
            tuple("n_nationkey", "bigint", false),
            tuple("name", "string", false),
            tuple("EXPR$2", "bigint", false));
  }

  @Test
  void oneTrailingSemicolonIsAccepted() {
    assertThat(planner.plan("SELECT 1;  \n", TPCH).engineSql()).hasValue("SELECT 1");
  }

  @Test
  void syntaxErrorNamesLineAndColumn() {
    assertFailure("SELECT n_name\nFROM nation\nWHERE", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith(
            "Cannot parse statement: Encountered \"<EOF>\" at line 3, column 5.")
        .hasMessageContaining("Was expecting one of: ")
        .satisfies(
            failure -> assertThat(failure.getMessage()).hasLineCount(1).hasSizeLessThan(300));
  }

  @Test
  void syntaxErrorWithoutTokenListStillNamesThePosition() {
    assertFailure("SELECT n_name FROM nation; SELECT 1", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith("Cannot parse statement: Encountered \";\" at line 1, column 26");
  }

  @Test
  void unknownTableNamesTheSchemaSearched() {
    assertFailure("SELECT * FROM nations", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith("Table 'nations' not found in lakehouse.tpch (line 1, column 15)");
  }

  @Test
  void unknownTableInAnotherSchemaNamesThatSchema() {
    assertFailure("SELECT * FROM sales.nation", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith("Table 'sales.nation' not found in lakehouse.sales");
  }

  @Test
  void unknownSchemaInATableNameIsExplained() {
    assertFailure("SELECT * FROM marketing.nation", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith(
            "Table 'marketing.nation' not found: schema 'lakehouse.marketing' does not exist");
  }

  @Test
  void unknownCatalogInATableNameIsExplained() {
    assertFailure("SELECT * FROM warehouse.tpch.nation", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith(
            "Table 'warehouse.tpch.nation' not found: catalog 'warehouse' does not exist;"
                + " the catalogs are lakehouse");
  }

  @Test
  void unknownColumnIsNamed() {
    assertFailure("SELECT n_name, n_population FROM nation", ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageStartingWith("Column 'n_population' not found in any table (line 1, column 16)");
  }

  @Test
  void columnOfUnknownTableOrAliasIsAColumnError() {
    assertFailure("SELECT r.n_name FROM nation n", ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageContaining("'r'");
  }

  @Test
  void unknownFieldOfAStructIsAColumnError() {
    assertFailure("SELECT e.device.model FROM events e", SALES, ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageContaining("model");
  }

  @Test
  void unknownFunctionIsRefused() {
    assertFailure(
            "SELECT reflect('java.lang.Runtime', 'getRuntime') FROM nation",
            ErrorCode.VALIDATION_ERROR)
        .hasMessageStartingWith("Function 'reflect' is not known to Sluice (line 1, column 8)");
  }

  @Test
  void unknownFunctionInASubqueryIsRefused() {
    assertFailure(
            "SELECT n_name FROM nation WHERE n_regionkey IN (SELECT frobnicate(r_regionkey) FROM region)",
            ErrorCode.VALIDATION_ERROR)
        .hasMessageStartingWith("Function 'frobnicate' is not known to Sluice");
  }

  @Test
  void knownFunctionWithWrongArgumentsIsAValidationError() {
    assertFailure("SELECT datediff(n_name) FROM nation", ErrorCode.VALIDATION_ERROR)
        .hasMessageStartingWith("Cannot validate statement: ")
        .hasMessageContaining("'DATEDIFF'")
        .hasMessageContaining("(line 1, column 8)");
  }

  @Test
  void typeErrorIsAValidationError() {
    assertFailure(
            "SELECT n_name FROM nation WHERE n_regionkey = DATE '2020-01-01'",
            ErrorCode.VALIDATION_ERROR)
        .hasMessageStartingWith("Cannot validate statement: ");
  }

  @Test
  void useSwitchesToASchemaOfTheCurrentCatalog() {
    PlannedStatement planned = planner.plan("USE sales", TPCH);

    assertThat(planned.kind()).isEqualTo(StatementKind.SESSION_COMMAND);
    assertThat(planned.engineSql()).isEmpty();
    assertThat(planned.tables()).isEmpty();
    assertThat(planned.returnsRows()).isFalse();
    assertThat(planned.newSessionContext()).hasValue(SALES);
  }

  @Test
  void useAcceptsCatalogQualifiedQuotedAndKeywordForms() {
    assertThat(planner.plan("use `LakeHouse`.`TPCH`;", SALES).newSessionContext()).hasValue(TPCH);
    assertThat(planner.plan("USE DATABASE sales", TPCH).newSessionContext()).hasValue(SALES);
    assertThat(planner.plan("USE SCHEMA lakehouse.sales", TPCH).newSessionContext())
        .hasValue(SALES);
    assertThat(planner.plan("/* dbt */ USE NAMESPACE tpch -- done", SALES).newSessionContext())
        .hasValue(TPCH);
  }

  @Test
  void useOfACatalogNameSwitchesCatalogAsSparkDoes() {
    assertThat(planner.plan("USE lakehouse", TPCH).newSessionContext())
        .hasValue(TestingCatalog.session("lakehouse", "default", TestingCatalog.USER));
  }

  @Test
  void useOfUnknownSchemaIsRefusedWithAHint() {
    assertFailure("USE marketing", ErrorCode.SCHEMA_NOT_FOUND)
        .hasMessage(
            "Cannot use schema 'lakehouse.marketing': it does not exist; list the schemas of"
                + " catalog 'lakehouse' with your client's metadata calls");
  }

  @Test
  void useOfUnknownCatalogIsRefused() {
    assertFailure("USE warehouse.tpch", ErrorCode.CATALOG_NOT_FOUND)
        .hasMessageContaining("'warehouse'")
        .hasMessageContaining("the catalogs are lakehouse");
  }

  @Test
  void malformedUseIsASyntaxErrorNamingThePosition() {
    assertFailure("USE tpch extra", ErrorCode.SYNTAX_ERROR)
        .hasMessageStartingWith(
            "Cannot parse statement: Encountered \"extra\" at line 1, column 10");
    assertFailure("USE", ErrorCode.SYNTAX_ERROR)
        .hasMessageContaining("the statement is incomplete")
        .hasMessageContaining("line 1, column 1");
    assertFailure("USE lakehouse.tpch.extra", ErrorCode.SCHEMA_NOT_FOUND)
        .hasMessageContaining("a namespace has at most two parts");
  }

  @Test
  void everyQueryFormIsClassifiedAsAQuery() {
    for (String query :
        new String[] {
          "SELECT 1",
          "VALUES (1, 'a')",
          "SELECT n_name FROM nation UNION ALL SELECT r_name FROM region",
          "SELECT n_name FROM nation INTERSECT SELECT r_name FROM region",
          "SELECT n_name FROM nation EXCEPT SELECT r_name FROM region",
          "WITH names AS (SELECT n_name FROM nation) SELECT * FROM names",
          "SELECT n_name FROM nation ORDER BY 1 LIMIT 5"
        }) {
      assertThat(planner.plan(query, TPCH).kind()).as(query).isEqualTo(StatementKind.QUERY);
    }
  }

  @Test
  void insertIsDmlWithQualifiedTargetAndSource() {
    PlannedStatement planned =
        planner.plan("INSERT INTO nation SELECT * FROM tpch.nation WHERE n_nationkey < 5", TPCH);

    assertThat(planned.kind()).isEqualTo(StatementKind.DML);
    assertThat(planned.resultColumns()).isEmpty();
    assertThat(planned.tables()).containsExactly(tpch("nation"));
    assertThat(planned.engineSql())
        .hasValue(
            "INSERT INTO `lakehouse`.`tpch`.`nation`\n"
                + "SELECT *\n  FROM `lakehouse`.`tpch`.`nation`\n  WHERE `n_nationkey` < 5");
  }

  @Test
  void updateDeleteAndMergeAreDml() {
    PlannedStatement update =
        planner.plan("UPDATE nation SET n_comment = 'none' WHERE n_nationkey = 1", TPCH);
    PlannedStatement delete = planner.plan("DELETE FROM nation WHERE n_nationkey = 1", TPCH);
    PlannedStatement merge =
        planner.plan(
            "MERGE INTO nation AS n USING region AS r ON n.n_regionkey = r.r_regionkey"
                + " WHEN MATCHED THEN UPDATE SET n_comment = r.r_comment",
            TPCH);

    assertThat(update.kind()).isEqualTo(StatementKind.DML);
    assertThat(update.engineSql().orElseThrow()).startsWith("UPDATE `lakehouse`.`tpch`.`nation`");
    assertThat(delete.kind()).isEqualTo(StatementKind.DML);
    assertThat(delete.engineSql().orElseThrow())
        .startsWith("DELETE FROM `lakehouse`.`tpch`.`nation`");
    assertThat(merge.kind()).isEqualTo(StatementKind.DML);
    assertThat(merge.tables()).containsExactlyInAnyOrder(tpch("nation"), tpch("region"));
    assertThat(merge.engineSql().orElseThrow())
        .startsWith("MERGE INTO `lakehouse`.`tpch`.`nation` AS `n`")
        .contains("USING `lakehouse`.`tpch`.`region` AS `r`");
  }

  @Test
  void insertOfTooFewColumnsIsRefused() {
    assertFailure("INSERT INTO region VALUES (1, 'two')", ErrorCode.VALIDATION_ERROR)
        .hasMessageContaining("Column 'r_comment' has no default value");
  }

  @Test
  void setChangesTheSessionAfterTheEngineAcceptsTheValue() {
    PlannedStatement set = planner.plan("set spark.sql.shuffle.partitions=4;", TPCH);

    assertThat(set.kind()).isEqualTo(StatementKind.SESSION_COMMAND);
    assertThat(set.engineSql()).hasValue("SET spark.sql.shuffle.partitions=4");
    SessionContext changed = set.newSessionContext().orElseThrow();
    assertThat(changed.settings()).containsExactly(Map.entry("spark.sql.shuffle.partitions", "4"));

    PlannedStatement reset = planner.plan("RESET spark.sql.shuffle.partitions", changed);
    assertThat(reset.engineSql()).isEmpty();
    assertThat(reset.newSessionContext().orElseThrow().settings()).isEmpty();
    assertThat(planner.plan("SET spark.sql.shuffle.partitions", changed).engineSql())
        .hasValue("SET spark.sql.shuffle.partitions");
  }

  @Test
  void setListsOnlyTheSessionsOwnSettingsForOtherUsers() {
    SessionContext session = TPCH.withSetting("spark.sql.ansi.enabled", "true");
    Planner governed =
        new Planner(catalog.catalogManager(Duration.ofMinutes(1)), TestingAccessControl.allowAll());

    assertThat(governed.plan("SET", session).engineSql())
        .hasValue(
            "SELECT `key`, `value` FROM VALUES ('spark.sql.ansi.enabled', 'true')"
                + " AS settings(`key`, `value`)");
    assertThatThrownBy(() -> governed.plan("SET -v", session))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("it may hold the catalogs' credentials");
    for (String key :
        List.of(
            "spark.sql.catalog.lakehouse.uri",
            "spark.sql.extensions",
            "spark.sql.variable.substitute",
            "spark.jars",
            "spark.hadoop.fs.s3a.secret.key",
            "hive.metastore.uris")) {
      assertThatThrownBy(() -> governed.plan("SET " + key + "=x", session))
          .as(key)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
          .hasMessageContaining("cannot set " + key);
    }
    assertThat(
            governed
                .plan("set spark.sql.sources.partitionOverwriteMode = DYNAMIC", session)
                .newSessionContext())
        .isPresent();
  }

  @Test
  void metadataCommandsAreAnsweredByTheEngineWithTheSessionsNamespace() {
    PlannedStatement describe = planner.plan("DESCRIBE nation", TPCH);
    PlannedStatement show = planner.plan("SHOW TABLES", TPCH);

    assertThat(describe.kind()).isEqualTo(StatementKind.METADATA_COMMAND);
    assertThat(describe.engineSql()).hasValue("DESCRIBE TABLE `lakehouse`.`tpch`.`nation`");
    assertThat(describe.returnsRows()).isTrue();
    assertThat(show.engineSql()).hasValue("SHOW TABLES IN `lakehouse`.`tpch`");
  }

  @Test
  void semiAndAntiJoinsAreValidatedAndKept() {
    assertThat(
            planner
                .plan(
                    "SELECT c.c_custkey FROM customer c LEFT SEMI JOIN orders o"
                        + " ON c.c_custkey = o.o_custkey",
                    TPCH)
                .engineSql()
                .orElseThrow())
        .contains("LEFT SEMI JOIN `lakehouse`.`tpch`.`orders` AS `o`");
    assertThat(
            planner
                .plan(
                    "SELECT count(*) FROM customer c LEFT ANTI JOIN orders o"
                        + " ON c.c_custkey = o.o_custkey",
                    TPCH)
                .engineSql()
                .orElseThrow())
        .contains("LEFT ANTI JOIN");
    // Only the left side's columns come out of a semi join.
    assertFailure(
            "SELECT o.o_orderkey FROM customer c LEFT SEMI JOIN orders o"
                + " ON c.c_custkey = o.o_custkey",
            ErrorCode.COLUMN_NOT_FOUND)
        .hasMessageStartingWith("Table 'o' not found");
  }

  @Test
  void theSessionsCatalogAndSchemaAnswerTheNamespaceFunctions() {
    // The engine connection's own namespace is not the session's.
    assertThat(
            planner
                .plan(
                    "SELECT current_database(), current_catalog(), upper(current_schema())", SALES)
                .engineSql())
        .hasValue(
            "SELECT 'sales' AS `current_database()`, 'lakehouse' AS `current_catalog()`,"
                + " UPPER('sales')");
  }

  @Test
  void structAndMapConstructorsAreTyped() {
    PlannedStatement planned =
        planner.plan(
            "SELECT named_struct('key', n_nationkey, 'name', n_name) AS s, struct(n_name, 1) AS t,"
                + " map('a', 1, 'b', 2) AS m, date_part('year', DATE '2024-02-29') AS y,"
                + " date_part('SECOND', TIMESTAMP '2024-02-29 10:11:12.5') AS sec"
                + " FROM nation",
            TPCH);

    assertThat(planned.resultColumns())
        .extracting(column -> column.type().sparkName())
        .containsExactly(
            "struct<key:bigint,name:string>",
            "struct<n_name:string,col2:int>",
            "map<string,int>",
            "int",
            "decimal(8,6)");
  }

  @Test
  void unknownBranchesTagsAndMetadataTablesAreNamedForWhatTheyAre() {
    assertFailure("SELECT * FROM lakehouse.tpch.orders.snapshotz", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith(
            "Cannot read 'lakehouse.tpch.orders.snapshotz': table lakehouse.tpch.orders has no"
                + " metadata table named 'snapshotz'");
    assertFailure("SELECT * FROM orders.branch_audit", ErrorCode.TABLE_NOT_FOUND)
        .hasMessageStartingWith(
            "Cannot read 'orders.branch_audit': table lakehouse.tpch.orders has no branch named"
                + " 'audit' (line 1, column 15)");
    assertFailure("SELECT * FROM tpch.nothing.snapshots", ErrorCode.TABLE_NOT_FOUND);
    assertThat(planner.plan("SELECT count(*) FROM tpch.orders.files", TPCH).engineSql())
        .hasValue("SELECT COUNT(*)\nFROM `lakehouse`.`tpch`.`orders`.`files`");
  }

  @Test
  void ddlIsPlannedWithQualifiedNames() {
    PlannedStatement planned = planner.plan("CREATE TABLE nation_copy (n_nationkey BIGINT)", TPCH);

    assertThat(planned.kind()).isEqualTo(StatementKind.DDL);
    assertThat(planned.engineSql())
        .hasValue("CREATE TABLE `lakehouse`.`tpch`.`nation_copy` (`n_nationkey` bigint)");
    assertThat(planned.returnsRows()).isFalse();
  }

  @Test
  void sparkTypeNamesInCastRoundTrip() {
    PlannedStatement planned =
        planner.plan(
            "SELECT CAST(n_nationkey AS string), CAST(n_regionkey AS long), CAST(1 AS short),"
                + " CAST(1 AS byte), CAST(n_name AS int), CAST(n_name AS bigint),"
                + " CAST(n_name AS double), CAST(n_name AS float), CAST(n_name AS decimal(10,2)),"
                + " CAST(n_name AS date), CAST(n_name AS timestamp), CAST(n_name AS timestamp_ntz),"
                + " CAST(n_name AS boolean), CAST(n_name AS binary), CAST(n_name AS varchar(5))"
                + " FROM nation",
            TPCH);

    assertThat(planned.engineSql())
        .hasValue(
            "SELECT CAST(`n_nationkey` AS STRING), CAST(`n_regionkey` AS LONG), CAST(1 AS SHORT),"
                + " CAST(1 AS BYTE), CAST(`n_name` AS INTEGER), CAST(`n_name` AS BIGINT),"
                + " CAST(`n_name` AS DOUBLE), CAST(`n_name` AS FLOAT),"
                + " CAST(`n_name` AS DECIMAL(10, 2)), CAST(`n_name` AS DATE),"
                + " CAST(`n_name` AS TIMESTAMP), CAST(`n_name` AS TIMESTAMP_NTZ),"
                + " CAST(`n_name` AS BOOLEAN), CAST(`n_name` AS BINARY),"
                + " CAST(`n_name` AS VARCHAR(5))\n"
                + "FROM `lakehouse`.`tpch`.`nation`");
    assertThat(planned.resultColumns())
        .extracting(column -> column.type().sparkName())
        .containsExactly(
            "string",
            "bigint",
            "smallint",
            "tinyint",
            "int",
            "bigint",
            "double",
            "float",
            "decimal(10,2)",
            "date",
            "timestamp",
            "timestamp_ntz",
            "boolean",
            "binary",
            "string");
  }

  @Test
  void namesAreCaseInsensitive() {
    PlannedStatement planned = planner.plan("SELECT N_NAME FROM LakeHouse.TPCH.Nation", SALES);

    assertThat(planned.tables()).containsExactly(tpch("nation"));
    // Spark, too, names the column as the query spells it.
    assertThat(planned.resultColumns()).extracting(ColumnMetadata::name).containsExactly("N_NAME");
    assertThat(planned.engineSql()).hasValue("SELECT `N_NAME`\nFROM `lakehouse`.`tpch`.`nation`");
  }

  @Test
  void schemaQualifiedAndCatalogQualifiedNamesResolveFromAnotherSchema() {
    PlannedStatement planned =
        planner.plan(
            "SELECT n_name, r_name FROM tpch.nation JOIN lakehouse.tpch.region"
                + " ON n_regionkey = r_regionkey",
            SALES);

    assertThat(planned.tables()).containsExactlyInAnyOrder(tpch("nation"), tpch("region"));
    assertThat(planned.engineSql().orElseThrow())
        .contains(
            "FROM `lakehouse`.`tpch`.`nation` INNER JOIN `lakehouse`.`tpch`.`region` ON"
                + " `n_regionkey` = `r_regionkey`");
  }

  @Test
  void columnsQualifiedByTheTableNameKeepThatQualifier() {
    assertThat(planner.plan("SELECT nation.n_name FROM nation", TPCH).engineSql())
        .hasValue("SELECT `nation`.`n_name`\nFROM `lakehouse`.`tpch`.`nation`");
  }

  @Test
  void cteNamesAreNotMistakenForTables() {
    PlannedStatement shadowing =
        planner.plan("WITH nation AS (SELECT 1 AS x) SELECT x FROM nation", TPCH);
    PlannedStatement reading =
        planner.plan("WITH names AS (SELECT n_name FROM nation) SELECT * FROM names", TPCH);

    assertThat(shadowing.tables()).isEmpty();
    assertThat(shadowing.engineSql().orElseThrow()).endsWith("FROM `nation`");
    assertThat(reading.tables()).containsExactly(tpch("nation"));
    assertThat(reading.engineSql())
        .hasValue(
            "WITH `names` AS (SELECT `n_name`\n    FROM `lakehouse`.`tpch`.`nation`)"
                + " SELECT *\n    FROM `names`");
  }

  @Test
  void backquotedIdentifiersKeepTheirMeaning() {
    PlannedStatement planned =
        planner.plan(
            "SELECT `n_name` AS `the name`, n_comment AS `say ``hi``` FROM `nation` AS `n`", TPCH);

    assertThat(planned.resultColumns())
        .extracting(ColumnMetadata::name)
        .containsExactly("the name", "say `hi`");
    assertThat(planned.engineSql())
        .hasValue(
            "SELECT `n_name` AS `the name`, `n_comment` AS `say ``hi```\n"
                + "FROM `lakehouse`.`tpch`.`nation` AS `n`");
  }

  @Test
  void stringLiteralsKeepTheirMeaning() {
    assertThat(
            planner
                .plan(
                    "SELECT 'it\\'s', 'back\\\\slash', \"double\", 'new\\nline' FROM nation", TPCH)
                .engineSql())
        .hasValue(
            "SELECT 'it\\'s', 'back\\\\slash', 'double', 'new\\nline'\n"
                + "FROM `lakehouse`.`tpch`.`nation`");
  }

  @Test
  void complexTypesSupportFieldElementAndKeyAccess() {
    PlannedStatement planned =
        planner.plan(
            "SELECT e.device.os, e.tags[1], e.attributes['k'], e.device, e.happened_at,"
                + " e.local_time FROM events AS e",
            SALES);

    assertThat(planned.resultColumns())
        .extracting(column -> column.type().sparkName())
        .containsExactly(
            "string",
            "string",
            "string",
            "struct<os:string,version:int>",
            "timestamp",
            "timestamp_ntz");
    assertThat(planned.engineSql())
        .hasValue(
            "SELECT `e`.`device`.`os`, `e`.`tags`[1], `e`.`attributes`['k'], `e`.`device`,"
                + " `e`.`happened_at`, `e`.`local_time`\n"
                + "FROM `lakehouse`.`sales`.`events` AS `e`");
  }

  @Test
  void sparkParsesPlannedStatementsOfEveryForm() throws Exception {
    List<String> statements = new ArrayList<>();
    for (String sql :
        List.of(
            "INSERT INTO nation SELECT * FROM nation WHERE n_nationkey < 5",
            "INSERT INTO region (r_regionkey, r_name, r_comment) VALUES (9, 'MARS', 'red')",
            "UPDATE nation SET n_comment = 'none' WHERE n_nationkey = 1",
            "DELETE FROM nation WHERE n_nationkey BETWEEN 1 AND 3",
            "MERGE INTO nation AS n USING region AS r ON n.n_regionkey = r.r_regionkey"
                + " WHEN MATCHED THEN UPDATE SET n_comment = r.r_comment"
                + " WHEN NOT MATCHED THEN INSERT (n_nationkey, n_name, n_regionkey, n_comment)"
                + " VALUES (r.r_regionkey, r.r_name, r.r_regionkey, r.r_comment)",
            "WITH names AS (SELECT n_name FROM nation) SELECT * FROM names ORDER BY 1 LIMIT 3",
            "SELECT n_name FROM nation ORDER BY n_name OFFSET 2 ROWS FETCH FIRST 5 ROWS ONLY",
            "SELECT n_name FROM nation WHERE n_nationkey NOT BETWEEN 1 AND 2 + 3",
            "SELECT n_name FROM nation WHERE (n_nationkey > 1) BETWEEN (1 = 1 AND 2 = 2) AND true",
            "SELECT CAST(n_nationkey AS string), CAST(n_regionkey AS long), CAST(1 AS short),"
                + " CAST(n_name AS timestamp_ntz), CAST(n_name AS varchar), CAST(n_name AS char)"
                + " FROM nation",
            "SELECT 'it\\'s', 'back\\\\slash', \"double\" FROM nation",
            "SELECT n_name AS `say ``hi```, `n_comment` FROM `nation` AS `n`",
            "SELECT e.device.os, e.tags[1], e.attributes['k'] FROM sales.events AS e",
            "SELECT o_orderdate + INTERVAL '3' MONTH, o_orderdate - INTERVAL '1' YEAR,"
                + " o_orderdate + INTERVAL 3 DAY FROM orders",
            "SELECT first(n_name), last(n_comment) FROM nation",
            "SELECT trim(BOTH 'x' FROM n_name), trim(n_name) FROM nation WHERE n_name ILIKE 'a%'",
            "SELECT n_regionkey, count(*) FROM nation GROUP BY ROLLUP (n_regionkey)",
            "SELECT DISTINCT n_regionkey FROM nation",
            "SELECT n_name FROM nation AS n1 LEFT JOIN region USING (n_regionkey)"
                .replace("USING (n_regionkey)", "ON n1.n_regionkey = r_regionkey"),
            "SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS v (id, name)",
            "TABLE nation")) {
      statements.add(planner.plan(sql, TPCH).engineSql().orElseThrow());
    }
    // The session's user as a literal, with a quote and a backslash to escape.
    SessionContext awkwardUser = TestingCatalog.session("lakehouse", "tpch", "o'neil\\x");
    for (String sql :
        List.of(
            "SELECT current_user(), user, session_user() AS me FROM nation",
            "SELECT n_name FROM nation WHERE n_comment = current_user() GROUP BY n_name, user()",
            "UPDATE nation SET n_comment = current_user WHERE n_nationkey = 1")) {
      statements.add(planner.plan(sql, awkwardUser).engineSql().orElseThrow());
    }
    List<Path> files =
        SparkParser.writeStatements(
            Files.createDirectories(directory.resolve("statements")), statements);

    assertThat(SparkParser.failures(files)).isEmpty();
  }

  private static QualifiedName tpch(String table) {
    return new QualifiedName("lakehouse", "tpch", table);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
      String sql, ErrorCode errorCode) {
    return assertFailure(sql, TPCH, errorCode);
  }

  private static AbstractThrowableAssert<?, ? extends Throwable> assertFailure(
      String sql, SessionContext session, ErrorCode errorCode) {
    return assertThatThrownBy(() -> planner.plan(sql, session))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure ->
                assertThat(failure.errorCode()).as(failure.getMessage()).isEqualTo(errorCode));
  }
}
