package io.sluice.planner.parse.ast;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** One {@code WHEN ... THEN ...} clause of Spark's MERGE. */
public final class SqlMergeClause extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("MERGE CLAUSE", SqlKind.OTHER);

  /** Which rows the clause acts on. */
  public enum Match {
    /** Target rows with a matching source row. */
    MATCHED,
    /** Source rows with no matching target row ({@code NOT MATCHED [BY TARGET]}). */
    NOT_MATCHED,
    /** Target rows with no matching source row. */
    NOT_MATCHED_BY_SOURCE
  }

  /** What the clause does. */
  public enum Action {
    DELETE,
    /** {@code UPDATE SET *}: every target column from the source column of the same name. */
    UPDATE_ALL,
    /** {@code UPDATE SET c = e, ...}: {@link #columns} and {@link #values}. */
    UPDATE,
    /** {@code INSERT *}: every target column from the source column of the same name. */
    INSERT_ALL,
    /** {@code INSERT [(columns)] VALUES (...)}. */
    INSERT
  }

  public final Match match;
  public final @Nullable SqlNode condition;
  public final Action action;
  public final @Nullable SqlNodeList columns;
  public final @Nullable SqlNodeList values;

  public SqlMergeClause(
      SqlParserPos pos,
      Match match,
      @Nullable SqlNode condition,
      Action action,
      @Nullable SqlNodeList columns,
      @Nullable SqlNodeList values) {
    super(pos);
    this.match = match;
    this.condition = condition;
    this.action = action;
    this.columns = columns;
    this.values = values;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(condition, columns, values);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.newlineAndIndent();
    writer.keyword("WHEN");
    writer.keyword(
        switch (match) {
          case MATCHED -> "MATCHED";
          case NOT_MATCHED -> "NOT MATCHED";
          case NOT_MATCHED_BY_SOURCE -> "NOT MATCHED BY SOURCE";
        });
    SparkSqlCall.clause(writer, "AND", condition);
    writer.keyword("THEN");
    switch (action) {
      case DELETE -> writer.keyword("DELETE");
      case UPDATE_ALL -> writer.keyword("UPDATE SET *");
      case INSERT_ALL -> writer.keyword("INSERT *");
      case UPDATE -> {
        writer.keyword("UPDATE SET");
        for (int i = 0; i < columns.size(); i++) {
          if (i > 0) {
            writer.print(",");
          }
          columns.get(i).unparse(writer, 0, 0);
          writer.keyword("=");
          values.get(i).unparse(writer, 0, 0);
        }
      }
      case INSERT -> {
        writer.keyword("INSERT");
        if (columns != null) {
          SparkSqlCall.parenthesized(writer, columns);
        }
        writer.keyword("VALUES");
        SparkSqlCall.parenthesized(writer, values);
      }
    }
  }
}
