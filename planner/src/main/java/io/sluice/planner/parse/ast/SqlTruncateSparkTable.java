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

/** {@code TRUNCATE TABLE t [PARTITION (...)]}: deletes every row, so it is a change of data. */
public final class SqlTruncateSparkTable extends SparkSqlCall {
  public final SqlIdentifier name;
  public final @Nullable SqlNodeList partition;

  public SqlTruncateSparkTable(
      SqlParserPos pos, SqlIdentifier name, @Nullable SqlNodeList partition) {
    super(pos, "TRUNCATE TABLE", SqlKind.TRUNCATE_TABLE);
    this.name = name;
    this.partition = partition;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DML;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, partition);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("TRUNCATE TABLE");
    name.unparse(writer, 0, 0);
    parenthesized(writer, "PARTITION", partition);
  }
}
