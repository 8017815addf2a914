package io.sluice.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * A table's name in a catalog: catalog, schema (Spark's database, Iceberg's namespace) and table.
 * Names are compared as lower case, as Spark and Iceberg's catalogs do.
 */
public record QualifiedName(String catalog, String schema, String table) {
  public QualifiedName {
    catalog = normalize(requireNonNull(catalog, "catalog"));
    schema = normalize(requireNonNull(schema, "schema"));
    table = normalize(requireNonNull(table, "table"));
  }

  public List<String> parts() {
    return List.of(catalog, schema, table);
  }

  private static String normalize(String part) {
    if (part.isEmpty()) {
      throw new IllegalArgumentException("A name part cannot be empty");
    }
    return part.toLowerCase(Locale.ROOT);
  }

  /** Spark SQL text for this name, each part quoted with backticks. */
  public String toSql() {
    return quote(catalog) + "." + quote(schema) + "." + quote(table);
  }

  public static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public String toString() {
    return catalog + "." + schema + "." + table;
  }
}
