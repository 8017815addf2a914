package io.sluice.planner.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.TestingCatalog;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.nio.file.Path;
import java.sql.Types;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types.BinaryType;
import org.apache.iceberg.types.Types.BooleanType;
import org.apache.iceberg.types.Types.DateType;
import org.apache.iceberg.types.Types.DecimalType;
import org.apache.iceberg.types.Types.DoubleType;
import org.apache.iceberg.types.Types.FixedType;
import org.apache.iceberg.types.Types.FloatType;
import org.apache.iceberg.types.Types.IntegerType;
import org.apache.iceberg.types.Types.ListType;
import org.apache.iceberg.types.Types.LongType;
import org.apache.iceberg.types.Types.MapType;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StringType;
import org.apache.iceberg.types.Types.StructType;
import org.apache.iceberg.types.Types.TimeType;
import org.apache.iceberg.types.Types.TimestampType;
import org.apache.iceberg.types.Types.UUIDType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCatalogManager {
  private static final QualifiedName NATION = new QualifiedName("lakehouse", "tpch", "nation");
  private static final TableIdentifier NATION_IDENTIFIER = TableIdentifier.of("tpch", "nation");

  @TempDir Path directory;
  private TestingCatalog catalog;

  @BeforeEach
  void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
  }

  @AfterEach
  void closeCatalog() throws Exception {
    catalog.close();
  }

  @Test
  void listsCatalogsSchemasAndTables() {
    catalog.catalog().createNamespace(Namespace.of("sales"));
    CatalogManager manager = catalog.catalogManager(Duration.ofMinutes(1));

    assertThat(manager.catalogNames()).containsExactly("lakehouse");
    assertThat(manager.schemaNames("LakeHouse")).containsExactly("sales", "tpch");
    assertThat(manager.tableNames("lakehouse", "TPCH"))
        .containsExactly(
            "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
    assertThat(manager.tableNames("lakehouse", "sales")).isEmpty();
    assertThat(manager.schemaExists("lakehouse", "Tpch")).isTrue();
    assertThat(manager.schemaExists("lakehouse", "marketing")).isFalse();
    assertThat(manager.schemaExists("warehouse", "tpch")).isFalse();
  }

  @Test
  void listingAnUnknownCatalogOrSchemaFails() {
    CatalogManager manager = catalog.catalogManager(Duration.ofMinutes(1));

    assertThatThrownBy(() -> manager.schemaNames("warehouse"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.CATALOG_NOT_FOUND))
        .hasMessage(
            "Cannot find catalog 'warehouse': it is not configured; the catalogs are lakehouse");
    assertThatThrownBy(() -> manager.tableNames("lakehouse", "marketing"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.SCHEMA_NOT_FOUND))
        .hasMessageStartingWith("Cannot find schema 'lakehouse.marketing': it does not exist");
  }

  @Test
  void describesTpchTablesWithSparkTypes() {
    TableMetadata lineitem =
        catalog
            .catalogManager(Duration.ofMinutes(1))
            .table(new QualifiedName("LAKEHOUSE", "tpch", "LineItem"))
            .orElseThrow();

    assertThat(lineitem.name()).isEqualTo(new QualifiedName("lakehouse", "tpch", "lineitem"));
    assertThat(lineitem.tableType()).isEqualTo("TABLE");
    assertThat(lineitem.columns())
        .filteredOn(
            column ->
                List.of("l_orderkey", "l_linenumber", "l_quantity", "l_shipdate", "l_comment")
                    .contains(column.name()))
        .extracting(column -> column.name() + " " + column.type().sparkName())
        .containsExactly(
            "l_orderkey bigint",
            "l_linenumber int",
            "l_quantity decimal(15,2)",
            "l_shipdate date",
            "l_comment string");
    assertThat(lineitem.columns().get(0).nullable()).isFalse();
  }

  @Test
  void mapsIcebergTypesToSparkTypes() {
    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("tpch", "all_types"),
            new Schema(
                NestedField.optional(1, "a_boolean", BooleanType.get()),
                NestedField.optional(2, "an_int", IntegerType.get()),
                NestedField.optional(3, "a_long", LongType.get()),
                NestedField.optional(4, "a_float", FloatType.get()),
                NestedField.optional(5, "a_double", DoubleType.get()),
                NestedField.optional(6, "a_decimal", DecimalType.of(38, 10)),
                NestedField.optional(7, "a_date", DateType.get()),
                NestedField.optional(8, "a_time", TimeType.get()),
                NestedField.optional(9, "an_instant", TimestampType.withZone()),
                NestedField.optional(10, "a_local_time", TimestampType.withoutZone()),
                NestedField.optional(11, "a_string", StringType.get(), "free text"),
                NestedField.optional(12, "a_uuid", UUIDType.get()),
                NestedField.optional(13, "a_fixed", FixedType.ofLength(16)),
                NestedField.optional(14, "a_binary", BinaryType.get()),
                NestedField.optional(
                    15,
                    "a_struct",
                    StructType.of(
                        NestedField.optional(16, "os", StringType.get()),
                        NestedField.optional(
                            17, "versions", ListType.ofOptional(18, IntegerType.get())))),
                NestedField.optional(19, "a_list", ListType.ofOptional(20, StringType.get())),
                NestedField.optional(
                    21, "a_map", MapType.ofOptional(22, 23, StringType.get(), DoubleType.get()))));

    TableMetadata table =
        catalog
            .catalogManager(Duration.ofMinutes(1))
            .table(new QualifiedName("lakehouse", "tpch", "all_types"))
            .orElseThrow();

    assertThat(table.columns())
        .extracting(
            column ->
                column.name()
                    + " "
                    + column.type().sparkName()
                    + " "
                    + column.type().jdbcType()
                    + " "
                    + column.type().precision()
                    + " "
                    + column.type().scale())
        .containsExactly(
            "a_boolean boolean " + Types.BOOLEAN + " 0 0",
            "an_int int " + Types.INTEGER + " 0 0",
            "a_long bigint " + Types.BIGINT + " 0 0",
            "a_float float " + Types.REAL + " 0 0",
            "a_double double " + Types.DOUBLE + " 0 0",
            "a_decimal decimal(38,10) " + Types.DECIMAL + " 38 10",
            "a_date date " + Types.DATE + " 0 0",
            "a_time bigint " + Types.BIGINT + " 0 0",
            "an_instant timestamp " + Types.TIMESTAMP + " 0 0",
            "a_local_time timestamp_ntz " + Types.TIMESTAMP + " 0 0",
            "a_string string " + Types.VARCHAR + " " + Integer.MAX_VALUE + " 0",
            "a_uuid string " + Types.VARCHAR + " " + Integer.MAX_VALUE + " 0",
            "a_fixed binary " + Types.BINARY + " 0 0",
            "a_binary binary " + Types.BINARY + " 0 0",
            "a_struct struct<os:string,versions:array<int>> " + Types.STRUCT + " 0 0",
            "a_list array<string> " + Types.ARRAY + " 0 0",
            "a_map map<string,double> " + Types.JAVA_OBJECT + " 0 0");
    assertThat(table.columns().get(10).comment()).isEqualTo("free text");
    assertThat(table.columns()).allMatch(ColumnMetadata::nullable);
  }

  @Test
  void unknownTablesSchemasAndCatalogsAreEmpty() {
    CatalogManager manager = catalog.catalogManager(Duration.ofMinutes(1));

    assertThat(manager.table(new QualifiedName("lakehouse", "tpch", "nations"))).isEmpty();
    assertThat(manager.table(new QualifiedName("lakehouse", "marketing", "nation"))).isEmpty();
    assertThat(manager.table(new QualifiedName("warehouse", "tpch", "nation"))).isEmpty();
  }

  @Test
  void tableCreatedAfterAFailedLookupIsFoundAtOnce() {
    CatalogManager manager = catalog.catalogManager(Duration.ofHours(1));
    QualifiedName name = new QualifiedName("lakehouse", "tpch", "created_later");
    assertThat(manager.table(name)).isEmpty();

    catalog
        .catalog()
        .createTable(
            TableIdentifier.of("tpch", "created_later"),
            new Schema(NestedField.required(1, "id", LongType.get())));

    assertThat(manager.table(name)).isPresent();
  }

  @Test
  void schemaChangeIsSeenOnceTheEntryIsNoLongerFresh() {
    CatalogManager manager = catalog.catalogManager(Duration.ZERO);
    assertThat(columnNames(manager.table(NATION).orElseThrow())).doesNotContain("n_population");

    catalog
        .catalog()
        .loadTable(NATION_IDENTIFIER)
        .updateSchema()
        .addColumn("n_population", LongType.get())
        .commit();

    assertThat(columnNames(manager.table(NATION).orElseThrow())).endsWith("n_population");
  }

  @Test
  void freshEntryIsUsedUntilItExpiresOrIsInvalidated() {
    AtomicLong now = new AtomicLong();
    CatalogManager manager =
        new CatalogManager(
            Map.of("lakehouse", catalog.catalog()), Duration.ofSeconds(10), now::get);
    TableMetadata before = manager.table(NATION).orElseThrow();
    catalog
        .catalog()
        .loadTable(NATION_IDENTIFIER)
        .updateSchema()
        .addColumn("n_population", LongType.get())
        .commit();

    now.set(Duration.ofSeconds(9).toNanos());
    assertThat(manager.table(NATION)).containsSame(before);

    now.set(Duration.ofSeconds(11).toNanos());
    assertThat(columnNames(manager.table(NATION).orElseThrow())).endsWith("n_population");

    catalog
        .catalog()
        .loadTable(NATION_IDENTIFIER)
        .updateSchema()
        .addColumn("n_area", LongType.get())
        .commit();
    manager.invalidate(NATION);
    assertThat(columnNames(manager.table(NATION).orElseThrow())).endsWith("n_area");
  }

  @Test
  void refreshOfAnUnchangedTableKeepsItsColumns() {
    CatalogManager manager = catalog.catalogManager(Duration.ZERO);
    TableMetadata first = manager.table(NATION).orElseThrow();

    assertThat(manager.table(NATION)).containsSame(first);
  }

  @Test
  void droppedTableDisappearsOnRefresh() {
    CatalogManager manager = catalog.catalogManager(Duration.ZERO);
    assertThat(manager.table(NATION)).isPresent();

    catalog.catalog().dropTable(NATION_IDENTIFIER);

    assertThat(manager.table(NATION)).isEmpty();
  }

  @Test
  void catalogWithoutNamespacesIsRefused() {
    Catalog withoutNamespaces =
        new Catalog() {
          @Override
          public List<TableIdentifier> listTables(Namespace namespace) {
            return List.of();
          }

          @Override
          public boolean dropTable(TableIdentifier identifier, boolean purge) {
            return false;
          }

          @Override
          public void renameTable(TableIdentifier from, TableIdentifier to) {}

          @Override
          public Table loadTable(TableIdentifier identifier) {
            throw new UnsupportedOperationException();
          }
        };

    assertThatThrownBy(
            () -> new CatalogManager(Map.of("flat", withoutNamespaces), Duration.ofMinutes(1)))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
        .hasMessageContaining("Cannot use catalog 'flat'")
        .hasMessageContaining("does not support namespaces");
  }

  private static List<String> columnNames(TableMetadata table) {
    return table.columns().stream().map(ColumnMetadata::name).toList();
  }
}
