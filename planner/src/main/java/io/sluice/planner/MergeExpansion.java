package io.sluice.planner;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.planner.parse.ast.SqlMergeClause;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Spark's MERGE with {@code UPDATE SET *} and {@code INSERT *} (dbt-spark's merge strategy) as the
 * MERGE with explicit assignments it means: every column of the target from the source column of
 * the same name. Written out, it is validated, authorized and rewritten like any MERGE, and Spark
 * runs the same statement.
 */
final class MergeExpansion {
  private MergeExpansion() {}

  /**
   * The MERGE with {@code UPDATE SET *} and {@code INSERT *} written out column by column:
   * Calcite's MERGE when its clauses are those Calcite's MERGE expresses (an unconditional WHEN
   * MATCHED THEN UPDATE and an unconditional WHEN NOT MATCHED THEN INSERT, at most one each, in
   * that order), Spark's otherwise.
   *
   * @throws SluiceException when a clause writes {@code *} and the source has no name to qualify
   *     its columns with
   */
  static SqlNode expand(SqlSparkMerge merge, SessionContext session, CatalogManager catalogs) {
    List<SqlNode> expanded = new ArrayList<>();
    List<ColumnMetadata> columns = null;
    String sourceName = null;
    for (SqlNode node : merge.clauses) {
      SqlMergeClause clause = (SqlMergeClause) node;
      if (clause.action != SqlMergeClause.Action.UPDATE_ALL
          && clause.action != SqlMergeClause.Action.INSERT_ALL) {
        expanded.add(clause);
        continue;
      }
      if (columns == null) {
        sourceName =
            sourceName(merge.source())
                .orElseThrow(
                    () ->
                        new SluiceException(
                            ErrorCode.UNSUPPORTED_STATEMENT,
                            "Cannot run MERGE with UPDATE SET * or INSERT *: the source has no"
                                + " name to qualify its columns with; give it an alias (USING"
                                + " (...) AS s)"));
        columns = targetTable(merge.target, session, catalogs).columns();
      }
      SqlParserPos pos = clause.getParserPosition();
      expanded.add(
          new SqlMergeClause(
              pos,
              clause.match,
              clause.condition,
              clause.action == SqlMergeClause.Action.UPDATE_ALL
                  ? SqlMergeClause.Action.UPDATE
                  : SqlMergeClause.Action.INSERT,
              targetColumns(columns, pos),
              sourceColumns(sourceName, columns, pos)));
    }
    return SqlSparkMerge.of(
        merge.getParserPosition(),
        merge.target,
        merge.alias,
        merge.source(),
        merge.condition,
        new SqlNodeList(expanded, merge.clauses.getParserPosition()));
  }

  /** The name the source's columns are qualified with: its alias, or its table's name. */
  private static Optional<String> sourceName(SqlNode source) {
    if (source.getKind() == SqlKind.AS) {
      SqlNode alias = ((SqlBasicCall) source).operand(1);
      return alias instanceof SqlIdentifier identifier
          ? Optional.of(identifier.getSimple())
          : Optional.empty();
    }
    if (source instanceof SqlIdentifier identifier) {
      return Optional.of(identifier.names.get(identifier.names.size() - 1));
    }
    return Optional.empty();
  }

  private static TableMetadata targetTable(
      SqlIdentifier target, SessionContext session, CatalogManager catalogs) {
    List<String> parts = target.names;
    QualifiedName lower = TableNames.qualify(parts, session, catalogs);
    return catalogs
        .table(lower)
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.TABLE_NOT_FOUND,
                    "Table '"
                        + String.join(".", parts)
                        + "' not found in "
                        + lower.catalog()
                        + "."
                        + lower.schema()
                        + "; the target of MERGE must exist"));
  }

  private static SqlNodeList targetColumns(List<ColumnMetadata> columns, SqlParserPos pos) {
    List<SqlNode> names = new ArrayList<>();
    for (ColumnMetadata column : columns) {
      names.add(new SqlIdentifier(column.name(), pos));
    }
    return new SqlNodeList(names, pos);
  }

  private static SqlNodeList sourceColumns(
      String source, List<ColumnMetadata> columns, SqlParserPos pos) {
    List<SqlNode> values = new ArrayList<>();
    for (ColumnMetadata column : columns) {
      values.add(new SqlIdentifier(List.of(source, column.name()), pos));
    }
    return new SqlNodeList(values, pos);
  }
}
