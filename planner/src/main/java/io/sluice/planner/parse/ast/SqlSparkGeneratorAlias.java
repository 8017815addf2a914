package io.sluice.planner.parse.ast;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A generator in a select list with a name for each of its columns, {@code stack(2, 'a', 1, 'b', 2)
 * AS (name, n)}. Validated as the lateral table the generator makes (see the validator's copy).
 */
public final class SqlSparkGeneratorAlias extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("AS", SqlKind.OTHER) {
        @Override
        public SqlCall createCall(
            @Nullable SqlLiteral functionQualifier,
            SqlParserPos pos,
            @Nullable SqlNode... operands) {
          return new SqlSparkGeneratorAlias(pos, operands[0], (SqlNodeList) operands[1]);
        }
      };

  private SqlNode generator;
  private final SqlNodeList aliases;

  public SqlSparkGeneratorAlias(SqlParserPos pos, SqlNode generator, SqlNodeList aliases) {
    super(pos);
    this.generator = generator;
    this.aliases = aliases;
  }

  public SqlNode generator() {
    return generator;
  }

  public SqlNodeList aliases() {
    return aliases;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(generator, aliases);
  }

  @Override
  public void setOperand(int i, SqlNode operand) {
    if (i != 0) {
      throw new IllegalArgumentException("only the generator of " + this + " can be replaced");
    }
    generator = operand;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    generator.unparse(writer, 0, 0);
    writer.keyword("AS");
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode alias : aliases) {
      writer.sep(",");
      alias.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
