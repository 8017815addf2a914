package io.sluice.planner.parse;

import io.sluice.planner.StatementKind;
import io.sluice.planner.parse.ast.SparkSqlCall;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSetOption;

/** Decides what a parsed statement does; statements of no known kind are refused here. */
public final class StatementClassifier {
  private StatementClassifier() {}

  /**
   * The statement's kind.
   *
   * @throws SluiceException with {@link ErrorCode#UNSUPPORTED_STATEMENT} naming the statement when
   *     it is of no kind Sluice plans (EXPLAIN, transaction control, ...)
   */
  public static StatementKind classify(SqlNode statement) {
    if (statement instanceof SparkSqlCall spark) {
      return spark.statementKind();
    }
    SqlKind kind = statement.getKind();
    switch (kind) {
      case SELECT, ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES, EXPLICIT_TABLE:
        return StatementKind.QUERY;
      case INSERT, UPDATE, DELETE, MERGE:
        return StatementKind.DML;
      case DESCRIBE_TABLE, DESCRIBE_SCHEMA:
        return StatementKind.METADATA_COMMAND;
      case SET_OPTION:
        return StatementKind.SESSION_COMMAND;
      default:
        break;
    }
    if (kind.belongsTo(SqlKind.DDL)) {
      return StatementKind.DDL;
    }
    if (statement instanceof SqlSetOption) {
      return StatementKind.SESSION_COMMAND;
    }
    throw new SluiceException(
        ErrorCode.UNSUPPORTED_STATEMENT,
        "Cannot run " + statementName(statement) + ": Sluice does not support this statement");
  }

  /** The statement's name as SQL spells it, for messages: SELECT, CREATE TABLE, SHOW, ... */
  public static String statementName(SqlNode statement) {
    if (statement instanceof SparkSqlCall spark) {
      return spark.statementName();
    }
    SqlKind kind = statement.getKind();
    if (kind == SqlKind.OTHER || kind == SqlKind.OTHER_DDL) {
      String className = statement.getClass().getSimpleName();
      return className.startsWith("Sql")
          ? className.substring(3).toUpperCase(java.util.Locale.ROOT)
          : className;
    }
    return switch (kind) {
      case DESCRIBE_TABLE, DESCRIBE_SCHEMA -> "DESCRIBE";
      case SET_OPTION -> "SET";
      case ORDER_BY, WITH, UNION, INTERSECT, EXCEPT, VALUES, EXPLICIT_TABLE -> "SELECT";
      default -> kind.name().replace('_', ' ');
    };
  }
}
