package io.sluice.planner.validate;

import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.fun.SqlExtractFunction;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * EXTRACT typed as Spark types it: an int for every field but SECOND, which keeps microseconds as a
 * {@code decimal(8,6)}. Calcite's EXTRACT returns a bigint; the parser creates it directly, so the
 * validated copy swaps it for this one.
 */
final class SparkExtractFunction extends SqlExtractFunction {
  static final SparkExtractFunction INSTANCE = new SparkExtractFunction();

  private SparkExtractFunction() {
    super("EXTRACT", true);
  }

  @Override
  public RelDataType inferReturnType(SqlOperatorBinding binding) {
    RelDataTypeFactory typeFactory = binding.getTypeFactory();
    TimeUnitRange unit = binding.getOperandLiteralValue(0, TimeUnitRange.class);
    RelDataType type =
        unit == TimeUnitRange.SECOND
            ? typeFactory.createSqlType(SqlTypeName.DECIMAL, 8, 6)
            : typeFactory.createSqlType(SqlTypeName.INTEGER);
    return typeFactory.createTypeWithNullability(type, binding.getOperandType(1).isNullable());
  }
}
