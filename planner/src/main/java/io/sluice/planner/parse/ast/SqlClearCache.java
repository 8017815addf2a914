package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code CLEAR CACHE}: drops every cached table and query result of the engine. */
public final class SqlClearCache extends SparkSqlCall {
  public SqlClearCache(SqlParserPos pos) {
    super(pos, "CLEAR CACHE", SqlKind.OTHER);
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CLEAR CACHE");
  }
}
