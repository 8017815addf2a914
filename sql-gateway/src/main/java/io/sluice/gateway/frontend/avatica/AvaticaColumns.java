package io.sluice.gateway.frontend.avatica;

import io.sluice.planner.catalog.ColumnMetadata;
import java.math.BigDecimal;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.Text;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ColumnMetaData.Rep;

/**
 * Avatica column descriptions and row values. Values travel in Avatica's numeric forms for dates
 * (days since the epoch) and timestamps (milliseconds of the wall-clock time), which its client
 * turns back into JDBC types without time-zone shifts.
 */
final class AvaticaColumns {
  private AvaticaColumns() {}

  /** Columns for a result the engine describes in Arrow. */
  static List<ColumnMetaData> fromArrow(Schema schema) {
    List<ColumnMetaData> columns = new ArrayList<>();
    List<Field> fields = schema.getFields();
    for (int index = 0; index < fields.size(); index++) {
      Field field = fields.get(index);
      columns.add(column(index, field.getName(), avaticaType(field.getType()), true));
    }
    return columns;
  }

  /** Columns for a statement the planner has validated but not run. */
  static List<ColumnMetaData> fromPlanner(List<ColumnMetadata> planned) {
    List<ColumnMetaData> columns = new ArrayList<>();
    for (int index = 0; index < planned.size(); index++) {
      ColumnMetadata column = planned.get(index);
      columns.add(
          column(
              index,
              column.name(),
              new TypeDescription(
                  column.type().jdbcType(),
                  column.type().sparkName(),
                  repFor(column.type().jdbcType()),
                  column.type().precision(),
                  column.type().scale()),
              column.nullable()));
    }
    return columns;
  }

  /** A metadata result column (for DatabaseMetaData's result sets). */
  static ColumnMetaData metadataColumn(int index, String name, int jdbcType) {
    String typeName =
        jdbcType == Types.INTEGER
            ? "INTEGER"
            : jdbcType == Types.SMALLINT
                ? "SMALLINT"
                : jdbcType == Types.BOOLEAN ? "BOOLEAN" : "VARCHAR";
    return column(
        index, name, new TypeDescription(jdbcType, typeName, repFor(jdbcType), 0, 0), true);
  }

  private static ColumnMetaData column(
      int index, String name, TypeDescription type, boolean nullable) {
    return new ColumnMetaData(
        index,
        false,
        false,
        true,
        false,
        nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
        true,
        displaySize(type),
        name,
        name,
        null,
        type.precision(),
        type.scale(),
        null,
        null,
        ColumnMetaData.scalar(type.jdbcType(), type.typeName(), type.rep()),
        true,
        false,
        false,
        type.rep().clazz.getName());
  }

  private static int displaySize(TypeDescription type) {
    return switch (type.jdbcType()) {
      case Types.DECIMAL -> type.precision() + 2;
      case Types.DATE -> 10;
      case Types.TIMESTAMP -> 29;
      case Types.BOOLEAN -> 5;
      case Types.TINYINT -> 4;
      case Types.SMALLINT -> 6;
      case Types.INTEGER -> 11;
      case Types.BIGINT -> 20;
      case Types.REAL -> 14;
      case Types.DOUBLE -> 24;
      default -> Integer.MAX_VALUE;
    };
  }

  private record TypeDescription(
      int jdbcType, String typeName, Rep rep, int precision, int scale) {}

  private static TypeDescription avaticaType(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return new TypeDescription(Types.BOOLEAN, "boolean", Rep.BOOLEAN, 1, 0);
    }
    if (type instanceof ArrowType.Int integer) {
      return switch (integer.getBitWidth()) {
        case 8 -> new TypeDescription(Types.TINYINT, "tinyint", Rep.BYTE, 3, 0);
        case 16 -> new TypeDescription(Types.SMALLINT, "smallint", Rep.SHORT, 5, 0);
        case 32 -> new TypeDescription(Types.INTEGER, "int", Rep.INTEGER, 10, 0);
        default -> new TypeDescription(Types.BIGINT, "bigint", Rep.LONG, 19, 0);
      };
    }
    if (type instanceof ArrowType.FloatingPoint floating) {
      return switch (floating.getPrecision()) {
        case SINGLE -> new TypeDescription(Types.REAL, "float", Rep.FLOAT, 7, 0);
        default -> new TypeDescription(Types.DOUBLE, "double", Rep.DOUBLE, 15, 0);
      };
    }
    if (type instanceof ArrowType.Decimal decimal) {
      return new TypeDescription(
          Types.DECIMAL,
          "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")",
          Rep.NUMBER,
          decimal.getPrecision(),
          decimal.getScale());
    }
    if (type instanceof ArrowType.Date) {
      return new TypeDescription(Types.DATE, "date", Rep.INTEGER, 10, 0);
    }
    if (type instanceof ArrowType.Timestamp) {
      return new TypeDescription(Types.TIMESTAMP, "timestamp", Rep.LONG, 29, 6);
    }
    if (type instanceof ArrowType.Binary) {
      return new TypeDescription(Types.BINARY, "binary", Rep.BYTE_STRING, Integer.MAX_VALUE, 0);
    }
    return new TypeDescription(Types.VARCHAR, "string", Rep.STRING, Integer.MAX_VALUE, 0);
  }

  private static Rep repFor(int jdbcType) {
    return switch (jdbcType) {
      case Types.BOOLEAN, Types.BIT -> Rep.BOOLEAN;
      case Types.TINYINT -> Rep.BYTE;
      case Types.SMALLINT -> Rep.SHORT;
      case Types.INTEGER -> Rep.INTEGER;
      case Types.BIGINT -> Rep.LONG;
      case Types.REAL, Types.FLOAT -> Rep.FLOAT;
      case Types.DOUBLE -> Rep.DOUBLE;
      case Types.DECIMAL, Types.NUMERIC -> Rep.NUMBER;
      case Types.DATE -> Rep.INTEGER;
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> Rep.LONG;
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> Rep.BYTE_STRING;
      default -> Rep.STRING;
    };
  }

  /**
   * The value of one cell, in the representation the column declares. A prepared statement's
   * columns come from the planner and its rows from the engine, so numbers are converted to the
   * declared representation rather than assumed to match.
   */
  static Object value(FieldVector vector, int row, ColumnMetaData column) {
    if (vector.isNull(row)) {
      return null;
    }
    Object raw = vector.getObject(row);
    if (raw instanceof Text text) {
      raw = text.toString();
    } else if (raw instanceof LocalDateTime timestamp) {
      raw = timestamp.toInstant(ZoneOffset.UTC).toEpochMilli();
    }
    // A binary value stays a byte[]: Avatica's protobuf frames carry byte[] (not ByteString).
    return convert(raw, column.type.rep);
  }

  private static Object convert(Object value, Rep rep) {
    if (value instanceof Number number) {
      return switch (rep) {
        case BYTE -> number.byteValue();
        case SHORT -> number.shortValue();
        case INTEGER -> number.intValue();
        case LONG -> number.longValue();
        case FLOAT -> number.floatValue();
        case DOUBLE -> number.doubleValue();
        case NUMBER -> number instanceof BigDecimal ? number : new BigDecimal(number.toString());
        case STRING -> number.toString();
        default -> number;
      };
    }
    if (rep == Rep.STRING && !(value instanceof String)) {
      return String.valueOf(value);
    }
    return value;
  }
}
