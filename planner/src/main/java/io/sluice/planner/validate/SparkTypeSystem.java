package io.sluice.planner.validate;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Spark's type rules where they decide the types of result columns: decimals of up to 38 digits,
 * Spark's decimal arithmetic (with {@code spark.sql.decimalOperations.allowPrecisionLoss}, the
 * default), SUM and AVG result types, microsecond timestamps and integer ranks.
 */
public final class SparkTypeSystem extends RelDataTypeSystemImpl {
  public static final SparkTypeSystem INSTANCE = new SparkTypeSystem();

  private static final int MAXIMUM_DECIMAL_PRECISION = 38;

  /** Spark keeps at least this many fractional digits when a decimal result must be narrowed. */
  private static final int MINIMUM_ADJUSTED_SCALE = 6;

  private SparkTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    return switch (typeName) {
      case DECIMAL -> MAXIMUM_DECIMAL_PRECISION;
      case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> 6;
      default -> super.getMaxPrecision(typeName);
    };
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    return typeName == SqlTypeName.DECIMAL
        ? MAXIMUM_DECIMAL_PRECISION
        : super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    RelDataType sum =
        switch (argumentType.getSqlTypeName()) {
          case TINYINT, SMALLINT, INTEGER, BIGINT -> typeFactory.createSqlType(SqlTypeName.BIGINT);
          case REAL, FLOAT, DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
          case DECIMAL ->
              typeFactory.createSqlType(
                  SqlTypeName.DECIMAL,
                  Math.min(MAXIMUM_DECIMAL_PRECISION, argumentType.getPrecision() + 10),
                  argumentType.getScale());
          default -> argumentType;
        };
    return typeFactory.createTypeWithNullability(sum, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    RelDataType average =
        argumentType.getSqlTypeName() == SqlTypeName.DECIMAL
            ? typeFactory.createSqlType(
                SqlTypeName.DECIMAL,
                Math.min(MAXIMUM_DECIMAL_PRECISION, argumentType.getPrecision() + 4),
                Math.min(MAXIMUM_DECIMAL_PRECISION, argumentType.getScale() + 4))
            : typeFactory.createSqlType(SqlTypeName.DOUBLE);
    return typeFactory.createTypeWithNullability(average, argumentType.isNullable());
  }

  @Override
  public RelDataType deriveRankType(RelDataTypeFactory typeFactory) {
    return typeFactory.createSqlType(SqlTypeName.INTEGER);
  }

  @Override
  public RelDataType deriveDecimalPlusType(
      RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
    if (!isDecimalArithmetic(left, right)) {
      return null;
    }
    int leftPrecision = precision(left);
    int rightPrecision = precision(right);
    int scale = Math.max(left.getScale(), right.getScale());
    int integerDigits =
        Math.max(leftPrecision - left.getScale(), rightPrecision - right.getScale());
    return decimal(typeFactory, integerDigits + scale + 1, scale);
  }

  @Override
  public RelDataType deriveDecimalMultiplyType(
      RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
    if (!isDecimalArithmetic(left, right)) {
      return null;
    }
    return decimal(
        typeFactory, precision(left) + precision(right) + 1, left.getScale() + right.getScale());
  }

  @Override
  public RelDataType deriveDecimalDivideType(
      RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
    if (!isDecimalArithmetic(left, right)) {
      return null;
    }
    int scale = Math.max(MINIMUM_ADJUSTED_SCALE, left.getScale() + precision(right) + 1);
    int precision = precision(left) - left.getScale() + right.getScale() + scale;
    return decimal(typeFactory, precision, scale);
  }

  @Override
  public RelDataType deriveDecimalModType(
      RelDataTypeFactory typeFactory, RelDataType left, RelDataType right) {
    if (!isDecimalArithmetic(left, right)) {
      return null;
    }
    int scale = Math.max(left.getScale(), right.getScale());
    int integerDigits =
        Math.min(precision(left) - left.getScale(), precision(right) - right.getScale());
    return decimal(typeFactory, integerDigits + scale, scale);
  }

  private static boolean isDecimalArithmetic(RelDataType left, RelDataType right) {
    return SqlTypeUtil.isExactNumeric(left)
        && SqlTypeUtil.isExactNumeric(right)
        && (SqlTypeUtil.isDecimal(left) || SqlTypeUtil.isDecimal(right));
  }

  /** The precision of an exact type; Spark widens integers to decimals of these precisions. */
  private static int precision(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case TINYINT -> 3;
      case SMALLINT -> 5;
      case INTEGER -> 10;
      case BIGINT -> 20;
      default -> type.getPrecision();
    };
  }

  /** Spark's {@code DecimalType.adjustPrecisionScale}: keep integer digits, give up fraction. */
  private static RelDataType decimal(RelDataTypeFactory typeFactory, int precision, int scale) {
    if (precision <= MAXIMUM_DECIMAL_PRECISION) {
      return typeFactory.createSqlType(SqlTypeName.DECIMAL, precision, scale);
    }
    int integerDigits = precision - scale;
    int minimumScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
    int adjustedScale = Math.max(MAXIMUM_DECIMAL_PRECISION - integerDigits, minimumScale);
    return typeFactory.createSqlType(SqlTypeName.DECIMAL, MAXIMUM_DECIMAL_PRECISION, adjustedScale);
  }
}
