package io.sluice.planner;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.security.access.RequestContext;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import io.sluice.spi.QualifiedName;
import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * A real Iceberg JDBC catalog on a SQLite file, as Sluice's embedded default uses, named {@code
 * lakehouse} and holding the eight TPC-H tables (schemas only, no data) in namespace {@code tpch}.
 */
public final class TestingCatalog implements AutoCloseable {
  public static final String CATALOG = "lakehouse";
  public static final String SCHEMA = "tpch";
  public static final String USER = "analyst";
  public static final SessionContext TPCH_SESSION = session(CATALOG, SCHEMA, USER);

  private final JdbcCatalog catalog;

  private TestingCatalog(JdbcCatalog catalog) {
    this.catalog = catalog;
  }

  /** Creates the catalog and the TPC-H tables in a directory of the test's. */
  public static TestingCatalog createWithTpch(Path directory) throws Exception {
    Path warehouse = Files.createDirectories(directory.resolve("warehouse"));
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        CATALOG,
        Map.of(
            CatalogProperties.URI,
            "jdbc:sqlite:" + directory.resolve("catalog.db"),
            "jdbc.schema-version",
            "V1",
            CatalogProperties.WAREHOUSE_LOCATION,
            "file:" + warehouse,
            CatalogProperties.FILE_IO_IMPL,
            "org.apache.iceberg.hadoop.HadoopFileIO"));
    catalog.createNamespace(Namespace.of(SCHEMA));
    for (TpchTable<?> table : TpchTable.getTables()) {
      catalog.createTable(TableIdentifier.of(SCHEMA, table.getTableName()), tpchSchema(table));
    }
    return new TestingCatalog(catalog);
  }

  /** A session of a user without groups, roles or attributes. */
  public static SessionContext session(String catalog, String schema, String user) {
    return new SessionContext(
        catalog,
        schema,
        Identity.of(user, Set.of(), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE),
        new RequestContext("127.0.0.1", "test", "session-1"));
  }

  /** A TPC-H table's qualified name. */
  public static QualifiedName tpch(String table) {
    return new QualifiedName(CATALOG, SCHEMA, table);
  }

  public JdbcCatalog catalog() {
    return catalog;
  }

  public CatalogManager catalogManager(Duration freshness) {
    return new CatalogManager(Map.of(CATALOG, catalog), freshness);
  }

  private static Schema tpchSchema(TpchTable<?> table) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (TpchColumn<?> column : table.getColumns()) {
      fields.add(Types.NestedField.required(id++, column.getColumnName(), icebergType(column)));
    }
    return new Schema(fields);
  }

  /** Identifiers bigint, integers int, money and ratios decimal(15,2), dates, text strings. */
  private static Type icebergType(TpchColumn<?> column) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> Types.LongType.get();
      case INTEGER -> Types.IntegerType.get();
      case DOUBLE -> Types.DecimalType.of(15, 2);
      case DATE -> Types.DateType.get();
      case VARCHAR -> Types.StringType.get();
    };
  }

  @Override
  public void close() throws Exception {
    catalog.close();
  }
}
