package io.sluice.planner.validate;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.spi.QualifiedName;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * What validation found out about a statement.
 *
 * @param resultColumns the columns the statement returns, typed as Spark names them (for DML the
 *     columns Calcite derives for the target, which the planner does not report)
 * @param tableReferences every identifier that names a catalog table, by its position in the
 *     client's text (CTE names and aliases are not tables), with the table's qualified name
 */
public record ValidatedStatement(
    List<ColumnMetadata> resultColumns, Map<SqlParserPos, QualifiedName> tableReferences) {
  public ValidatedStatement {
    resultColumns = List.copyOf(resultColumns);
    tableReferences = Map.copyOf(tableReferences);
  }

  /** The distinct tables the statement reads or writes. */
  public Set<QualifiedName> tables() {
    return Set.copyOf(new HashSet<>(tableReferences.values()));
  }
}
