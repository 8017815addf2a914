package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code CACHE [LAZY] TABLE t [OPTIONS (...)] [AS query]}: keeps a table, or a query's result under
 * a temporary name, in the engine's memory.
 */
public final class SqlCacheTable extends SparkSqlCall {
  public final boolean lazy;
  public final SqlIdentifier name;
  public final @Nullable SqlNodeList options;

  /** The query cached under {@link #name}; absent when the table itself is cached. */
  public final @Nullable SqlNode query;

  public SqlCacheTable(
      SqlParserPos pos,
      boolean lazy,
      SqlIdentifier name,
      @Nullable SqlNodeList options,
      @Nullable SqlNode query) {
    super(pos, "CACHE TABLE", SqlKind.OTHER);
    this.lazy = lazy;
    this.name = name;
    this.options = options;
    this.query = query;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, options, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CACHE");
    if (lazy) {
      writer.keyword("LAZY");
    }
    writer.keyword("TABLE");
    name.unparse(writer, 0, 0);
    parenthesized(writer, "OPTIONS", options);
    if (query != null) {
      writer.newlineAndIndent();
      clause(writer, "AS", query);
    }
  }
}
