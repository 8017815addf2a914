package io.sluice.gateway.frontend.flight;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnType;
import io.sluice.spi.QualifiedName;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.sql.FlightSqlColumnMetadata;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Arrow schemas for catalog columns. The mapping is the one the Spark engine uses for its results,
 * so a prepared statement's declared schema and the rows that later arrive have the same shape.
 */
public final class ArrowSchemas {
  private ArrowSchemas() {}

  public static Schema schema(List<ColumnMetadata> columns, QualifiedName table) {
    List<Field> fields = new ArrayList<>(columns.size());
    for (ColumnMetadata column : columns) {
      FlightSqlColumnMetadata.Builder metadata =
          new FlightSqlColumnMetadata.Builder()
              .typeName(column.type().sparkName())
              .precision(column.type().precision())
              .scale(column.type().scale())
              .isCaseSensitive(false)
              .isReadOnly(true)
              .isSearchable(true)
              .isAutoIncrement(false);
      if (column.comment() != null) {
        metadata.remarks(column.comment());
      }
      if (table != null) {
        metadata.catalogName(table.catalog()).schemaName(table.schema()).tableName(table.table());
      }
      fields.add(
          new Field(
              column.name(),
              new FieldType(
                  true, arrowType(column.type()), null, metadata.build().getMetadataMap()),
              null));
    }
    return new Schema(fields);
  }

  static ArrowType arrowType(ColumnType type) {
    return switch (type.jdbcType()) {
      case Types.BOOLEAN, Types.BIT -> ArrowType.Bool.INSTANCE;
      case Types.TINYINT -> new ArrowType.Int(8, true);
      case Types.SMALLINT -> new ArrowType.Int(16, true);
      case Types.INTEGER -> new ArrowType.Int(32, true);
      case Types.BIGINT -> new ArrowType.Int(64, true);
      case Types.REAL, Types.FLOAT -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case Types.DOUBLE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case Types.DECIMAL, Types.NUMERIC ->
          new ArrowType.Decimal(type.precision(), type.scale(), 128);
      case Types.DATE -> new ArrowType.Date(DateUnit.DAY);
      case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE ->
          new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY -> ArrowType.Binary.INSTANCE;
      default -> ArrowType.Utf8.INSTANCE;
    };
  }
}
