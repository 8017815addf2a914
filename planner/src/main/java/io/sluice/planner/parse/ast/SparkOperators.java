package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlBinaryOperator;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;

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
}
