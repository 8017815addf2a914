package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code UNCACHE TABLE [IF EXISTS] t}. */
public final class SqlUncacheTable extends SparkSqlCall {
  public final boolean ifExists;
  public final SqlIdentifier name;

  public SqlUncacheTable(SqlParserPos pos, boolean ifExists, SqlIdentifier name) {
    super(pos, "UNCACHE TABLE", SqlKind.OTHER);
    this.ifExists = ifExists;
    this.name = name;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("UNCACHE TABLE");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, 0, 0);
  }
}
