package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code USE [NAMESPACE|DATABASE|SCHEMA] name}: switches the session's catalog or schema. */
public final class SqlUseCommand extends SparkSqlCall {
  /** NAMESPACE, DATABASE or SCHEMA when the client wrote one: then the name is a namespace. */
  public final @Nullable String word;

  public final SqlIdentifier name;

  public SqlUseCommand(SqlParserPos pos, @Nullable String word, SqlIdentifier name) {
    super(pos, "USE", SqlKind.OTHER);
    this.word = word;
    this.name = name;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.SESSION_COMMAND;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("USE");
    if (word != null) {
      writer.keyword(word);
    }
    name.unparse(writer, 0, 0);
  }
}
