package io.sluice.planner.parse.ast;

import io.sluice.planner.parse.impl.Token;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Helpers of the grammar's CALL statement. */
public final class SqlSparkProcedures {
  private SqlSparkProcedures() {}

  /**
   * The name of a named procedure argument from its token, which may be any word (Iceberg's
   * procedures take {@code table}, {@code where} and {@code timestamp}) or a backquoted name.
   */
  public static SqlIdentifier argumentName(Token token, SqlParserPos pos) {
    String image = token.image;
    if (image.length() >= 2 && image.startsWith("`") && image.endsWith("`")) {
      image = image.substring(1, image.length() - 1).replace("\\`", "`");
    }
    return new SqlIdentifier(image, pos);
  }
}
