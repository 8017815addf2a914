package io.sluice.planner.parse.ast;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A sample of a table, written before its alias: {@code t TABLESAMPLE (10 PERCENT)}, {@code
 * TABLESAMPLE (50 ROWS)} or {@code TABLESAMPLE (BUCKET 3 OUT OF 32)}. Sampling reads no column and
 * keeps the table's columns, so it is validated and authorized as the table it samples.
 */
public final class SqlSparkSample extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("TABLESAMPLE", SqlKind.TABLESAMPLE);

  /** How the sample's size is given. */
  public enum Method {
    PERCENT,
    ROWS,
    BUCKET
  }

  private SqlNode table;
  public final Method method;
  public final SqlNode size;

  /** The number of buckets, for BUCKET n OUT OF total; otherwise null. */
  public final @Nullable SqlNode total;

  public SqlSparkSample(
      SqlParserPos pos, SqlNode table, Method method, SqlNode size, @Nullable SqlNode total) {
    super(pos);
    this.table = table;
    this.method = method;
    this.size = size;
    this.total = total;
  }

  public SqlNode table() {
    return table;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    // Only the table is an operand: the sizes are literals, which nothing rewrites.
    return Arrays.asList(table);
  }

  @Override
  public void setOperand(int i, @Nullable SqlNode operand) {
    if (i != 0 || operand == null) {
      throw new IllegalArgumentException("TABLESAMPLE has one operand, its table");
    }
    table = operand;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    table.unparse(writer, 0, 0);
    writer.keyword("TABLESAMPLE");
    SqlWriter.Frame frame = writer.startList("(", ")");
    switch (method) {
      case PERCENT -> {
        size.unparse(writer, 0, 0);
        writer.keyword("PERCENT");
      }
      case ROWS -> {
        size.unparse(writer, 0, 0);
        writer.keyword("ROWS");
      }
      case BUCKET -> {
        writer.keyword("BUCKET");
        size.unparse(writer, 0, 0);
        writer.keyword("OUT OF");
        total.unparse(writer, 0, 0);
      }
    }
    writer.endList(frame);
  }
}
