package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code REFRESH TABLE t}, {@code REFRESH FUNCTION f} or {@code REFRESH 'path'}. */
public final class SqlRefreshCommand extends SparkSqlCall {
  /** {@code TABLE} or {@code FUNCTION}; absent for a path. */
  public final @Nullable String what;

  public final @Nullable SqlIdentifier name;
  public final @Nullable SqlNode path;

  public SqlRefreshCommand(
      SqlParserPos pos,
      @Nullable String what,
      @Nullable SqlIdentifier name,
      @Nullable SqlNode path) {
    super(pos, what == null ? "REFRESH" : "REFRESH " + what, SqlKind.OTHER);
    this.what = what;
    this.name = name;
    this.path = path;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, path);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("REFRESH");
    if (what != null) {
      writer.keyword(what);
      name.unparse(writer, 0, 0);
    } else {
      path.unparse(writer, 0, 0);
    }
  }
}
