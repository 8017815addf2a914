package io.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

/** A column of a table or of a statement's result. */
public record ColumnMetadata(String name, ColumnType type, boolean nullable, String comment) {
  public ColumnMetadata {
    requireNonNull(name, "name");
    requireNonNull(type, "type");
  }
}
