package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Spark's inline table, {@code FROM VALUES (...), (...) AS t (a, b)}, written without parentheses:
 * Spark reads it as another plan than the parenthesized {@code (VALUES ...) AS t (a, b)} (the same
 * rows), so it prints back as it was written. To the rest of the planner it is a VALUES call.
 */
public final class SqlSparkInlineTable extends SqlBasicCall {
  private SqlSparkInlineTable(SqlCall values) {
    super(SqlStdOperatorTable.VALUES, values.getOperandList(), values.getParserPosition());
  }

  public static SqlSparkInlineTable of(SqlCall values) {
    return new SqlSparkInlineTable(values);
  }
}
