package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * {@code CALL catalog.system.procedure(args)}: an Iceberg procedure; each argument is an expression
 * or a named {@code name => expression}.
 */
public final class SqlCallProcedure extends SparkSqlCall {
  public final SqlIdentifier name;
  public final SqlNodeList arguments;

  public SqlCallProcedure(SqlParserPos pos, SqlIdentifier name, SqlNodeList arguments) {
    super(pos, "CALL", SqlKind.PROCEDURE_CALL);
    this.name = name;
    this.arguments = arguments;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name, arguments);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CALL");
    name.unparse(writer, 0, 0);
    parenthesized(writer, arguments);
  }
}
