package io.sluice.planner.catalog;

import java.sql.Types;
import java.util.Locale;
import java.util.StringJoiner;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types.DecimalType;
import org.apache.iceberg.types.Types.ListType;
import org.apache.iceberg.types.Types.MapType;
import org.apache.iceberg.types.Types.NestedField;
import org.apache.iceberg.types.Types.StructType;
import org.apache.iceberg.types.Types.TimestampNanoType;
import org.apache.iceberg.types.Types.TimestampType;

/**
 * Column types as Spark names them, from Iceberg's types (table columns) and from Calcite's
 * (validated result columns).
 *
 * <p>Iceberg types follow Iceberg's Spark integration: {@code timestamptz} is Spark's {@code
 * timestamp}, {@code timestamp} without zone is {@code timestamp_ntz}, {@code uuid} is a {@code
 * string} and {@code fixed(n)} a {@code binary}. Spark 3.5 cannot read Iceberg {@code time} columns
 * at all; Sluice shows them as {@code bigint}, the microseconds from midnight Iceberg stores, so
 * that a table with such a column can still be described and its other columns queried.
 */
public final class ColumnTypes {
  /** Spark's string has no declared length; JDBC drivers for Spark report the largest int. */
  public static final int UNBOUNDED_LENGTH = Integer.MAX_VALUE;

  public static final ColumnType BOOLEAN = simple("boolean", Types.BOOLEAN);
  public static final ColumnType TINYINT = simple("tinyint", Types.TINYINT);
  public static final ColumnType SMALLINT = simple("smallint", Types.SMALLINT);
  public static final ColumnType INT = simple("int", Types.INTEGER);
  public static final ColumnType BIGINT = simple("bigint", Types.BIGINT);
  public static final ColumnType FLOAT = simple("float", Types.REAL);
  public static final ColumnType DOUBLE = simple("double", Types.DOUBLE);
  public static final ColumnType DATE = simple("date", Types.DATE);
  public static final ColumnType TIMESTAMP = simple("timestamp", Types.TIMESTAMP);
  public static final ColumnType TIMESTAMP_NTZ = simple("timestamp_ntz", Types.TIMESTAMP);
  public static final ColumnType STRING =
      new ColumnType("string", Types.VARCHAR, UNBOUNDED_LENGTH, 0);
  public static final ColumnType BINARY = simple("binary", Types.BINARY);
  public static final ColumnType VOID = simple("void", Types.NULL);

  private ColumnTypes() {}

  /** A {@code decimal(precision,scale)}. */
  public static ColumnType decimal(int precision, int scale) {
    return new ColumnType(
        "decimal(" + precision + "," + scale + ")", Types.DECIMAL, precision, scale);
  }

  /** The Spark type of an Iceberg type. */
  public static ColumnType fromIceberg(Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> BOOLEAN;
      case INTEGER -> INT;
      case LONG, TIME -> BIGINT;
      case FLOAT -> FLOAT;
      case DOUBLE -> DOUBLE;
      case DATE -> DATE;
      case TIMESTAMP -> ((TimestampType) type).shouldAdjustToUTC() ? TIMESTAMP : TIMESTAMP_NTZ;
      case TIMESTAMP_NANO ->
          ((TimestampNanoType) type).shouldAdjustToUTC() ? TIMESTAMP : TIMESTAMP_NTZ;
      case STRING, UUID -> STRING;
      case FIXED, BINARY -> BINARY;
      case DECIMAL -> {
        DecimalType decimal = (DecimalType) type;
        yield decimal(decimal.precision(), decimal.scale());
      }
      case STRUCT -> new ColumnType(icebergSparkName(type), Types.STRUCT, 0, 0);
      case LIST -> new ColumnType(icebergSparkName(type), Types.ARRAY, 0, 0);
      case MAP -> new ColumnType(icebergSparkName(type), Types.JAVA_OBJECT, 0, 0);
        // Variant, geometry, geography and unknown have no Spark 3.5 type; name them as Iceberg
        // does so that a description shows what the column is.
      default -> new ColumnType(type.toString(), Types.OTHER, 0, 0);
    };
  }

  /** The Spark type of a type Calcite derived while validating a statement. */
  public static ColumnType fromCalcite(RelDataType type) {
    SqlTypeName typeName = type.getSqlTypeName();
    return switch (typeName) {
      case BOOLEAN -> BOOLEAN;
      case TINYINT -> TINYINT;
      case SMALLINT -> SMALLINT;
      case INTEGER -> INT;
      case BIGINT -> BIGINT;
      case REAL, FLOAT -> FLOAT;
      case DOUBLE -> DOUBLE;
      case DECIMAL -> decimal(type.getPrecision(), type.getScale());
      case CHAR, VARCHAR -> STRING;
      case BINARY, VARBINARY -> BINARY;
      case DATE -> DATE;
      case TIMESTAMP -> TIMESTAMP_NTZ;
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE, TIMESTAMP_TZ -> TIMESTAMP;
      case NULL -> VOID;
      case ARRAY, MAP, ROW ->
          new ColumnType(
              calciteSparkName(type),
              typeName == SqlTypeName.ARRAY
                  ? Types.ARRAY
                  : typeName == SqlTypeName.MAP ? Types.JAVA_OBJECT : Types.STRUCT,
              0,
              0);
      default -> otherCalciteType(typeName);
    };
  }

  private static ColumnType otherCalciteType(SqlTypeName typeName) {
    if (typeName.getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
      return simple("interval year to month", Types.OTHER);
    }
    if (typeName.getFamily() == SqlTypeFamily.INTERVAL_DAY_TIME) {
      return simple("interval day to second", Types.OTHER);
    }
    return simple(typeName.getName().toLowerCase(Locale.ROOT), Types.OTHER);
  }

  private static String icebergSparkName(Type type) {
    switch (type.typeId()) {
      case STRUCT:
        StringJoiner fields = new StringJoiner(",", "struct<", ">");
        for (NestedField field : ((StructType) type).fields()) {
          fields.add(field.name() + ":" + icebergSparkName(field.type()));
        }
        return fields.toString();
      case LIST:
        return "array<" + icebergSparkName(((ListType) type).elementType()) + ">";
      case MAP:
        MapType map = (MapType) type;
        return "map<"
            + icebergSparkName(map.keyType())
            + ","
            + icebergSparkName(map.valueType())
            + ">";
      default:
        return fromIceberg(type).sparkName();
    }
  }

  private static String calciteSparkName(RelDataType type) {
    switch (type.getSqlTypeName()) {
      case ROW:
        StringJoiner fields = new StringJoiner(",", "struct<", ">");
        for (RelDataTypeField field : type.getFieldList()) {
          fields.add(field.getName() + ":" + calciteSparkName(field.getType()));
        }
        return fields.toString();
      case ARRAY:
        return "array<" + calciteSparkName(type.getComponentType()) + ">";
      case MAP:
        return "map<"
            + calciteSparkName(type.getKeyType())
            + ","
            + calciteSparkName(type.getValueType())
            + ">";
      default:
        return fromCalcite(type).sparkName();
    }
  }

  private static ColumnType simple(String sparkName, int jdbcType) {
    return new ColumnType(sparkName, jdbcType, 0, 0);
  }
}
