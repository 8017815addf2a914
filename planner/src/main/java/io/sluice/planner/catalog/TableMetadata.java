package io.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.QualifiedName;
import java.util.List;

/** A table as the catalog describes it: its name, type (TABLE or VIEW) and columns in order. */
public record TableMetadata(QualifiedName name, String tableType, List<ColumnMetadata> columns) {
  public TableMetadata {
    requireNonNull(name, "name");
    requireNonNull(tableType, "tableType");
    columns = List.copyOf(columns);
  }
}
