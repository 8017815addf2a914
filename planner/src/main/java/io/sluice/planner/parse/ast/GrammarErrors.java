package io.sluice.planner.parse.ast;

import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Errors that the grammar's own rules find (a statement Sluice refuses by design, a literal Spark
 * would not read), thrown at the text they are about. A plain {@code ParseException} from a rule
 * carries no token, so the user's message would lack its line and column; the parser turns this
 * exception into a parse error at {@code pos}.
 */
public final class GrammarErrors {
  private GrammarErrors() {}

  public static CalciteContextException at(SqlParserPos pos, String message) {
    return new CalciteContextException(
        message,
        new CalciteException(message, null),
        pos.getLineNum(),
        pos.getColumnNum(),
        pos.getEndLineNum(),
        pos.getEndColumnNum());
  }
}
