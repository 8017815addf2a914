package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.QualifiedName;
import java.util.Optional;

/**
 * Which rows of a metadata command's result (SHOW, DESCRIBE) the caller may see: the engine lists
 * every schema, table or column, and the gateway keeps only those the caller has some access to.
 *
 * @param kind what each row names
 * @param schemaColumn the result column holding a schema's name (SCHEMAS, TABLES), else -1
 * @param nameColumn the result column holding a table's (TABLES) or column's (COLUMNS) name
 * @param table for COLUMNS, the table whose columns the rows name; rows naming anything else
 *     (DESCRIBE's headers and details) are kept
 */
public record RowVisibility(
    Kind kind, int schemaColumn, int nameColumn, Optional<QualifiedName> table) {
  /** What the rows of the result name. */
  public enum Kind {
    SCHEMAS,
    TABLES,
    COLUMNS
  }

  public RowVisibility {
    requireNonNull(kind, "kind");
    requireNonNull(table, "table");
  }

  static RowVisibility schemas(int schemaColumn) {
    return new RowVisibility(Kind.SCHEMAS, schemaColumn, schemaColumn, Optional.empty());
  }

  static RowVisibility tables(int schemaColumn, int tableColumn) {
    return new RowVisibility(Kind.TABLES, schemaColumn, tableColumn, Optional.empty());
  }

  static RowVisibility columns(QualifiedName table, int nameColumn) {
    return new RowVisibility(Kind.COLUMNS, -1, nameColumn, Optional.of(table));
  }
}
