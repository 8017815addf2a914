package io.sluice.security.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A catalog object as policies name it: a schema (Ranger's {@code database}), optionally a table in
 * it, optionally a column of that table. Names are as the catalog spells them (lower case for
 * Iceberg); the catalog itself is not part of a Hive-type policy resource.
 */
public record Resource(String schema, Optional<String> table, Optional<String> column) {
  public Resource {
    requireNonNull(schema, "schema");
    requireNonNull(table, "table");
    requireNonNull(column, "column");
    if (column.isPresent() && table.isEmpty()) {
      throw new IllegalArgumentException("A column resource needs its table");
    }
  }

  public static Resource schema(String schema) {
    return new Resource(schema, Optional.empty(), Optional.empty());
  }

  public static Resource table(String schema, String table) {
    return new Resource(schema, Optional.of(table), Optional.empty());
  }

  public static Resource column(String schema, String table, String column) {
    return new Resource(schema, Optional.of(table), Optional.of(column));
  }

  /** {@code schema}, {@code schema.table} or {@code schema.table.column}. */
  @Override
  public String toString() {
    return schema
        + table.map(name -> "." + name).orElse("")
        + column.map(name -> "." + name).orElse("");
  }
}
