package io.sluice.planner.parse.ast;

import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark's {@code left LATERAL VIEW [OUTER] generator(args) alias [AS column, ...]}: each row of the
 * left side joined with the rows the generator makes from it. The planner validates it as Calcite's
 * lateral join with the generator as a table function; it prints itself as Spark spells it.
 */
public final class SqlSparkLateralView extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("LATERAL VIEW", SqlKind.OTHER);

  private SqlNode left;
  public final boolean outer;
  private SqlCall generator;
  public final SqlIdentifier alias;

  /** The generator's column names; empty when Spark's default names apply. */
  public final SqlNodeList columns;

  public SqlSparkLateralView(
      SqlParserPos pos,
      SqlNode left,
      boolean outer,
      SqlCall generator,
      SqlIdentifier alias,
      SqlNodeList columns) {
    super(pos);
    this.left = left;
    this.outer = outer;
    this.generator = generator;
    this.alias = alias;
    this.columns = columns;
  }

  public SqlNode left() {
    return left;
  }

  public SqlCall generator() {
    return generator;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return Arrays.asList(left, generator);
  }

  @Override
  public void setOperand(int i, @Nullable SqlNode operand) {
    switch (i) {
      case 0 -> left = operand;
      case 1 -> generator = (SqlCall) operand;
      default -> throw new IllegalArgumentException("LATERAL VIEW has two operands");
    }
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    left.unparse(writer, 0, 0);
    writer.newlineAndIndent();
    writer.keyword(outer ? "LATERAL VIEW OUTER" : "LATERAL VIEW");
    generator.unparse(writer, 0, 0);
    alias.unparse(writer, 0, 0);
    if (!columns.isEmpty()) {
      writer.keyword("AS");
      SparkSqlCall.commaList(writer, columns);
    }
  }
}
