package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.unparse.SparkParser;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SHOW and DESCRIBE: sent to the engine with the session's catalog and schema made explicit, after
 * the caller is authorized to see what is described, with the rows the gateway must filter marked.
 */
class TestMetadataCommands extends PlannerTestBase {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;
  private static final QualifiedName ORDERS = new QualifiedName("lakehouse", "tpch", "orders");

  private static TestingAccessControl analyst() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch.orders.o_orderkey", 1)
        .allow(USER, AccessType.SELECT, "tpch.orders.o_comment", 1)
        .allow(USER, AccessType.SELECT, "tpch.nation", 2)
        .allow(USER, AccessType.SELECT, "tpch.nation_gone", 3)
        .mask(USER, "tpch.orders.o_comment", MaskType.MASK_NULL, 20)
        .build();
  }

  @Test
  void listingsAreQualifiedAndFilteredByTheGateway() {
    PlannedStatement tables = planned(analyst(), "show tables");

    assertThat(tables.kind()).isEqualTo(StatementKind.METADATA_COMMAND);
    assertThat(tables.engineSql()).hasValue("SHOW TABLES IN `lakehouse`.`tpch`");
    assertThat(tables.resultColumns())
        .extracting(ColumnMetadata::name)
        .containsExactly("namespace", "tableName", "isTemporary");
    assertThat(tables.rowVisibility()).hasValue(RowVisibility.tables(0, 1));

    assertThat(planned(analyst(), "SHOW DATABASES LIKE 'tp*'").engineSql())
        .hasValue("SHOW DATABASES IN `lakehouse` LIKE 'tp*'");
    assertThat(planned(analyst(), "SHOW DATABASES").rowVisibility())
        .hasValue(RowVisibility.schemas(0));
    assertThat(planned(analyst(), "SHOW TABLE EXTENDED IN tpch LIKE '*'").engineSql())
        .hasValue("SHOW TABLE EXTENDED IN `lakehouse`.`tpch` LIKE '*'");
    assertThat(planned(analyst(), "SHOW VIEWS IN lakehouse.tpch").resultColumns())
        .extracting(ColumnMetadata::name)
        .containsExactly("namespace", "viewName", "isTemporary");
  }

  @Test
  void describeNeedsSomeAccessAndListsOnlyVisibleColumns() {
    PlannedStatement describe = planned(analyst(), "DESC orders");

    assertThat(describe.engineSql()).hasValue("DESCRIBE TABLE `lakehouse`.`tpch`.`orders`");
    assertThat(describe.rowVisibility()).hasValue(RowVisibility.columns(ORDERS, 0));
    assertThat(describe.policyIds()).containsExactly(1L);
    assertThat(planned(analyst(), "DESCRIBE TABLE EXTENDED orders").engineSql())
        .hasValue("DESCRIBE TABLE EXTENDED `lakehouse`.`tpch`.`orders`");

    // Without the table's columns the gateway could not hide any: refused, not shown whole.
    assertThatThrownBy(() -> planned(analyst(), "DESCRIBE nation_gone"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.TABLE_NOT_FOUND));
    assertThatThrownBy(() -> planned(analyst(), "DESCRIBE customer"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessage(
            "Access denied: user analyst cannot describe tpch.customer (no policy allows it)");
  }

  @Test
  void columnStatisticsNeedAnUnmaskedUnfilteredRead() {
    assertThat(planned(analyst(), "DESCRIBE orders o_comment").engineSql())
        .hasValue("DESCRIBE TABLE `lakehouse`.`tpch`.`orders` `o_comment`");
    assertThat(planned(analyst(), "DESCRIBE EXTENDED orders o_orderkey").engineSql()).isPresent();

    assertThatThrownBy(() -> planned(analyst(), "DESCRIBE EXTENDED orders o_comment"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED))
        .hasMessageContaining("the column is masked for the user (policy 20)");
    assertThatThrownBy(() -> planned(analyst(), "DESCRIBE orders o_clerk"))
        .hasMessageContaining("cannot describe tpch.orders.o_clerk");
  }

  @Test
  void showCreateTableNeedsEveryColumnVisible() {
    assertThat(planned(analyst(), "SHOW CREATE TABLE nation").engineSql())
        .hasValue("SHOW CREATE TABLE `lakehouse`.`tpch`.`nation`");
    assertThatThrownBy(() -> planned(analyst(), "SHOW CREATE TABLE orders"))
        .hasMessageContaining("cannot see tpch.orders.o_custkey");
  }

  @Test
  void describeQueryReadsUnderThePolicies() {
    PlannedStatement planned = planned(analyst(), "DESCRIBE QUERY SELECT o_comment FROM orders");

    assertThat(planned.engineSql().orElseThrow())
        .startsWith("DESCRIBE QUERY SELECT `o_comment`")
        .contains("CAST(NULL AS STRING) AS `o_comment`");
    assertThat(planned.rowVisibility()).isEmpty();
  }

  @Test
  void currentNamespaceIsTheSessions() {
    PlannedStatement planned = planned(analyst(), "SHOW CURRENT NAMESPACE");

    assertThat(planned.engineSql())
        .hasValue("SELECT 'lakehouse' AS `catalog`, 'tpch' AS `namespace`");
  }

  @Test
  void superUsersSeeEveryRow() {
    TestingAccessControl admin = TestingAccessControl.builder().superUser(USER).build();

    assertThat(planned(admin, "SHOW TABLES").rowVisibility()).isEqualTo(Optional.empty());
  }

  @Test
  void sparkParsesEveryPlannedCommand() throws Exception {
    TestingAccessControl admin = TestingAccessControl.builder().superUser(USER).build();
    List<String> planned = new ArrayList<>();
    for (String sql :
        List.of(
            "SHOW CATALOGS",
            "SHOW DATABASES",
            "SHOW NAMESPACES IN tpch",
            "SHOW TABLES LIKE 'n*'",
            "SHOW TABLE EXTENDED LIKE '*'",
            "SHOW VIEWS",
            "SHOW FUNCTIONS LIKE 'up*'",
            "SHOW COLUMNS IN orders",
            "SHOW COLUMNS IN orders IN tpch",
            "SHOW TBLPROPERTIES orders ('format-version')",
            "SHOW CREATE TABLE orders",
            "SHOW PARTITIONS orders",
            "SHOW CURRENT NAMESPACE",
            "DESCRIBE orders",
            "DESCRIBE FORMATTED orders o_comment",
            "DESCRIBE QUERY SELECT 1 AS one",
            "DESCRIBE DATABASE EXTENDED tpch",
            "DESCRIBE FUNCTION upper")) {
      planned.add(planned(admin, sql).engineSql().orElseThrow());
    }

    assertThat(SparkParser.failures(SparkParser.writeStatements(directory, planned))).isEmpty();
  }
}
