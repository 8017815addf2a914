package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code EXPLAIN [EXTENDED | FORMATTED | COST | CODEGEN] statement}: the engine's plan, as rows; it
 * is authorized as the statement it explains.
 */
public final class SqlSparkExplain extends SparkSqlCall {
  public final @Nullable String mode;
  public final SqlNode statement;

  public SqlSparkExplain(SqlParserPos pos, @Nullable String mode, SqlNode statement) {
    super(pos, "EXPLAIN", SqlKind.EXPLAIN);
    this.mode = mode;
    this.statement = statement;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.QUERY;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(statement);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("EXPLAIN");
    if (mode != null) {
      writer.keyword(mode);
    }
    writer.newlineAndIndent();
    statement.unparse(writer, 0, 0);
  }
}
