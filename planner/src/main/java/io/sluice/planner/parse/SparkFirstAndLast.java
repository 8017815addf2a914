package io.sluice.planner.parse;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Spark's {@code first(x)} and {@code last(x)} aggregates as Calcite's grammar reads them: as
 * MATCH_RECOGNIZE's navigation functions {@code FIRST(x, 0)} and {@code LAST(x, 0)}, the zero added
 * by the parser. Spark has no MATCH_RECOGNIZE, so such a call always means the aggregate.
 */
public final class SparkFirstAndLast {
  private SparkFirstAndLast() {}

  /** Whether the call is {@code first(x)} or {@code last(x)} as the client wrote it. */
  public static boolean isAggregate(SqlCall call) {
    return (call.getOperator() == SqlStdOperatorTable.FIRST
            || call.getOperator() == SqlStdOperatorTable.LAST)
        && call.operandCount() == 2
        && call.operand(1) instanceof SqlLiteral offset
        && SqlParserPos.ZERO.equals(offset.getParserPosition());
  }
}
