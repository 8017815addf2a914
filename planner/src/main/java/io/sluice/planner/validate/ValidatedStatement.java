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
 * @param sessionUserNames the positions of {@code user}, {@code current_user} and {@code
 *     session_user} written without parentheses that name no column of their own query's tables and
 *     so stand for the session's user, as the result columns were derived
 * @param userNamedColumns such names that are columns, by position, with the table or alias and
 *     column name to send them as
 */
public record ValidatedStatement(
    List<ColumnMetadata> resultColumns,
    Map<SqlParserPos, QualifiedName> tableReferences,
    Set<SqlParserPos> sessionUserNames,
    Map<SqlParserPos, List<String>> userNamedColumns) {
  public ValidatedStatement {
    resultColumns = List.copyOf(resultColumns);
    tableReferences = Map.copyOf(tableReferences);
    sessionUserNames = Set.copyOf(sessionUserNames);
    userNamedColumns = Map.copyOf(userNamedColumns);
  }

  /** The distinct tables the statement reads or writes. */
  public Set<QualifiedName> tables() {
    return Set.copyOf(new HashSet<>(tableReferences.values()));
  }
}
