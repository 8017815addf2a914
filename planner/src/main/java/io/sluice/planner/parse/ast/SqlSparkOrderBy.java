package io.sluice.planner.parse.ast;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A query with Spark's {@code CLUSTER BY}, {@code DISTRIBUTE BY} and {@code SORT BY} in place of
 * ORDER BY, and LIMIT and OFFSET. Its keys are expressions over the query's columns, as ORDER BY's
 * are; the planner validates the query as one ordered by all of them, which resolves and authorizes
 * each column they read.
 */
public final class SqlSparkOrderBy extends SqlOrderBy {
  public final @Nullable SqlNodeList clusterBy;
  public final @Nullable SqlNodeList distributeBy;
  public final @Nullable SqlNodeList sortBy;

  public SqlSparkOrderBy(
      SqlParserPos pos,
      SqlNode query,
      @Nullable SqlNodeList clusterBy,
      @Nullable SqlNodeList distributeBy,
      @Nullable SqlNodeList sortBy,
      @Nullable SqlNode offset,
      @Nullable SqlNode fetch) {
    super(pos, query, SqlNodeList.EMPTY, offset, fetch);
    this.clusterBy = clusterBy;
    this.distributeBy = distributeBy;
    this.sortBy = sortBy;
  }

  /** Every key, CLUSTER BY's, DISTRIBUTE BY's and SORT BY's (with their directions). */
  public SqlNodeList keys() {
    List<SqlNode> keys = new ArrayList<>();
    for (SqlNodeList list : new SqlNodeList[] {clusterBy, distributeBy, sortBy}) {
      if (list != null) {
        keys.addAll(list.getList());
      }
    }
    return new SqlNodeList(keys, getParserPosition());
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    List<@Nullable SqlNode> operands = new ArrayList<>(super.getOperandList());
    operands.add(clusterBy);
    operands.add(distributeBy);
    operands.add(sortBy);
    return operands;
  }

  /**
   * Prints the query and its clauses, as the dialect's unparse of this call: {@link
   * SqlCall#unparse} first decides, as for ORDER BY, whether the whole needs parentheses (a
   * subquery does), and the query inside prints without its own.
   */
  public void unparseClauses(SqlWriter writer) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.ORDER_BY);
    query.unparse(writer, OPERATOR.getLeftPrec(), OPERATOR.getRightPrec());
    keys(writer, "CLUSTER BY", clusterBy);
    keys(writer, "DISTRIBUTE BY", distributeBy);
    keys(writer, "SORT BY", sortBy);
    if (fetch != null) {
      writer.newlineAndIndent();
      writer.keyword("LIMIT");
      fetch.unparse(writer, 0, 0);
    }
    if (offset != null) {
      writer.newlineAndIndent();
      writer.keyword("OFFSET");
      offset.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  private static void keys(SqlWriter writer, String keyword, @Nullable SqlNodeList keys) {
    if (keys != null) {
      writer.newlineAndIndent();
      writer.keyword(keyword);
      SparkSqlCall.commaList(writer, keys);
    }
  }
}
