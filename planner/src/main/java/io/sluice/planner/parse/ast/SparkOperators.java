package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlTypeName;

/** Spark's operators that Calcite has no operator for. */
public final class SparkOperators {
  private SparkOperators() {}

  /** {@code a DIV b}: the integral part of a divided by b, a bigint; as binding as {@code *}. */
  public static final SqlBinaryOperator DIV =
      new SqlBinaryOperator(
          "DIV",
          SqlKind.OTHER,
          60,
          true,
          ReturnTypes.BIGINT_NULLABLE,
          InferTypes.FIRST_KNOWN,
          OperandTypes.NUMERIC_NUMERIC);

  /** {@code TIMESTAMP_NTZ '...'}: a timestamp without time zone, Calcite's TIMESTAMP. */
  public static final SqlSpecialOperator TIMESTAMP_NTZ =
      new TypedLiteral("TIMESTAMP_NTZ", SqlTypeName.TIMESTAMP);

  /** {@code TIMESTAMP_LTZ '...'}: a timestamp in the session's time zone, Spark's TIMESTAMP. */
  public static final SqlSpecialOperator TIMESTAMP_LTZ =
      new TypedLiteral("TIMESTAMP_LTZ", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

  /**
   * Spark's {@code x [NOT] LIKE|ILIKE ANY|ALL (p1, p2, ...)}: the call's second operand is the list
   * of patterns.
   *
   * @param like the operator written before the quantifier: LIKE, NOT LIKE, ILIKE or NOT ILIKE
   * @throws IllegalArgumentException for another operator (RLIKE, SIMILAR TO)
   */
  public static QuantifiedLike quantifiedLike(SqlOperator like, boolean all) {
    boolean negated = like == SqlStdOperatorTable.NOT_LIKE || like == SqlLibraryOperators.NOT_ILIKE;
    boolean caseInsensitive =
        like == SqlLibraryOperators.ILIKE || like == SqlLibraryOperators.NOT_ILIKE;
    if (!negated && !caseInsensitive && like != SqlStdOperatorTable.LIKE) {
      throw new IllegalArgumentException(
          like.getName() + " takes one pattern; only LIKE and ILIKE take ANY or ALL");
    }
    return new QuantifiedLike(negated, caseInsensitive, all);
  }

  /** {@code [NOT] LIKE|ILIKE ANY|ALL}: true when any (all) of the patterns match (do not match). */
  public static final class QuantifiedLike extends SqlBinaryOperator {
    public final boolean negated;
    public final boolean caseInsensitive;
    public final boolean all;

    private QuantifiedLike(boolean negated, boolean caseInsensitive, boolean all) {
      super(
          (negated ? "NOT " : "") + (caseInsensitive ? "ILIKE" : "LIKE") + (all ? " ALL" : " ANY"),
          SqlKind.OTHER,
          32,
          false,
          ReturnTypes.BOOLEAN_NULLABLE,
          InferTypes.FIRST_KNOWN,
          null);
      this.negated = negated;
      this.caseInsensitive = caseInsensitive;
      this.all = all;
    }

    /** The single-pattern operator each pattern is matched with. */
    public SqlOperator single() {
      if (caseInsensitive) {
        return negated ? SqlLibraryOperators.NOT_ILIKE : SqlLibraryOperators.ILIKE;
      }
      return negated ? SqlStdOperatorTable.NOT_LIKE : SqlStdOperatorTable.LIKE;
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
      call.operand(0).unparse(writer, getLeftPrec(), getRightPrec());
      writer.sep(getName());
      SqlWriter.Frame patterns = writer.startList("(", ")");
      for (SqlNode pattern : (SqlNodeList) call.operand(1)) {
        writer.sep(",");
        pattern.unparse(writer, 0, 0);
      }
      writer.endList(patterns);
      writer.endList(frame);
    }
  }

  /** A literal written as a type name and a string: prints as written, typed as the type. */
  private static final class TypedLiteral extends SqlSpecialOperator {
    TypedLiteral(String name, SqlTypeName type) {
      super(
          name,
          SqlKind.OTHER,
          100,
          false,
          ReturnTypes.explicit(type, 6),
          null,
          OperandTypes.CHARACTER);
    }

    @Override
    public void unparse(SqlWriter writer, SqlCall call, int leftPrec, int rightPrec) {
      writer.keyword(getName());
      call.operand(0).unparse(writer, 0, 0);
    }
  }
}
