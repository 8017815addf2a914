package io.sluice.planner;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;

/**
 * Names of tables and catalogs as Spark resolves them for a session: {@code table} in the current
 * schema, {@code schema.table} in the current catalog, {@code catalog.schema.table}; in lower case,
 * as the catalogs keep them.
 */
final class TableNames {
  private TableNames() {}

  /**
   * The table a name written in a statement means for the session.
   *
   * @throws SluiceException for a name of more than three parts, or of a catalog that does not
   *     exist
   */
  static QualifiedName qualify(
      List<String> parts, SessionContext session, CatalogManager catalogs) {
    QualifiedName table =
        switch (parts.size()) {
          case 1 -> new QualifiedName(session.catalog(), session.schema(), parts.get(0));
          case 2 -> new QualifiedName(session.catalog(), parts.get(0), parts.get(1));
          case 3 -> new QualifiedName(parts.get(0), parts.get(1), parts.get(2));
          default ->
              throw new SluiceException(
                  ErrorCode.VALIDATION_ERROR,
                  "Cannot use table name '"
                      + String.join(".", parts)
                      + "': a table name has at most three parts (catalog, schema, table)");
        };
    QualifiedName lower =
        new QualifiedName(lower(table.catalog()), lower(table.schema()), lower(table.table()));
    requireCatalog(lower.catalog(), catalogs);
    return lower;
  }

  /**
   * @throws SluiceException with {@link ErrorCode#CATALOG_NOT_FOUND} naming the catalogs there are
   */
  static void requireCatalog(String catalog, CatalogManager catalogs) {
    if (!catalogs.catalogExists(catalog)) {
      throw new SluiceException(
          ErrorCode.CATALOG_NOT_FOUND,
          "Catalog '"
              + catalog
              + "' does not exist; the catalogs are "
              + String.join(", ", catalogs.catalogNames()));
    }
  }

  static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
