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
 * {@code ANALYZE TABLE t [PARTITION (...)] COMPUTE STATISTICS [NOSCAN | FOR COLUMNS ... | FOR ALL
 * COLUMNS]}, or {@code ANALYZE TABLES [IN namespace] COMPUTE STATISTICS [NOSCAN]}.
 */
public final class SqlAnalyzeTable extends SparkSqlCall {
  /** ANALYZE TABLES: every table of {@link #name}, a namespace, or of the current one. */
  public final boolean tables;

  public final @Nullable SqlIdentifier name;
  public final @Nullable SqlNodeList partition;
  public final boolean noscan;
  public final @Nullable SqlNodeList columns;
  public final boolean allColumns;

  public SqlAnalyzeTable(
      SqlParserPos pos,
      boolean tables,
      @Nullable SqlIdentifier name,
      @Nullable SqlNodeList partition,
      boolean noscan,
      @Nullable SqlNodeList columns,
      boolean allColumns) {
    super(pos, tables ? "ANALYZE TABLES" : "ANALYZE TABLE", SqlKind.OTHER);
    this.tables = tables;
    this.name = name;
    this.partition = partition;
    this.noscan = noscan;
    this.columns = columns;
    this.allColumns = allColumns;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.ENGINE_COMMAND;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, partition, columns);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ANALYZE");
    if (tables) {
      writer.keyword("TABLES");
      clause(writer, "IN", name);
    } else {
      writer.keyword("TABLE");
      name.unparse(writer, 0, 0);
      parenthesized(writer, "PARTITION", partition);
    }
    writer.keyword("COMPUTE STATISTICS");
    if (noscan) {
      writer.keyword("NOSCAN");
    } else if (allColumns) {
      writer.keyword("FOR ALL COLUMNS");
    } else if (columns != null) {
      writer.keyword("FOR COLUMNS");
      commaList(writer, columns);
    }
  }
}
