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
   * The MERGE written out with explicit columns, when its clauses are those a MERGE of Calcite's
   * expresses (an unconditional WHEN MATCHED THEN UPDATE and an unconditional WHEN NOT MATCHED THEN
   * INSERT, at most one each, in that order); empty otherwise.
   */
  static Optional<SqlNode> expand(
      SqlSparkMerge merge, SessionContext session, CatalogManager catalogs) {
    List<SqlMergeClause> clauses = new ArrayList<>();
    for (SqlNode node : merge.clauses) {
      clauses.add((SqlMergeClause) node);
    }
    if (!calciteShaped(clauses)) {
      return Optional.empty();
    }
    Optional<String> sourceName = sourceName(merge.source);
    if (sourceName.isEmpty()) {
      return Optional.empty();
    }
    List<ColumnMetadata> columns = targetTable(merge.target, session, catalogs).columns();
    List<SqlNode> expanded = new ArrayList<>();
    for (SqlMergeClause clause : clauses) {
      SqlParserPos pos = clause.getParserPosition();
      switch (clause.action) {
        case UPDATE_ALL ->
            expanded.add(
                new SqlMergeClause(
                    pos,
                    clause.match,
                    null,
                    SqlMergeClause.Action.UPDATE,
                    targetColumns(columns, pos),
                    sourceColumns(sourceName.get(), columns, pos)));
        case INSERT_ALL ->
            expanded.add(
                new SqlMergeClause(
                    pos,
                    clause.match,
                    null,
                    SqlMergeClause.Action.INSERT,
                    targetColumns(columns, pos),
                    sourceColumns(sourceName.get(), columns, pos)));
        default -> expanded.add(clause);
      }
    }
    SqlNode calcite =
        SqlSparkMerge.of(
            merge.getParserPosition(),
            merge.target,
            merge.alias,
            merge.source,
            merge.condition,
            new SqlNodeList(expanded, merge.clauses.getParserPosition()));
    return calcite instanceof SqlSparkMerge ? Optional.empty() : Optional.of(calcite);
  }

  private static boolean calciteShaped(List<SqlMergeClause> clauses) {
    if (clauses.isEmpty() || clauses.size() > 2) {
      return false;
    }
    for (int index = 0; index < clauses.size(); index++) {
      SqlMergeClause clause = clauses.get(index);
      if (clause.condition != null) {
        return false;
      }
      boolean update =
          clause.match == SqlMergeClause.Match.MATCHED
              && (clause.action == SqlMergeClause.Action.UPDATE
                  || clause.action == SqlMergeClause.Action.UPDATE_ALL);
      boolean insert =
          clause.match == SqlMergeClause.Match.NOT_MATCHED
              && (clause.action == SqlMergeClause.Action.INSERT
                  || clause.action == SqlMergeClause.Action.INSERT_ALL);
      if (!(update && index == 0) && !insert) {
        return false;
      }
    }
    return true;
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
