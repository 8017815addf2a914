package io.sluice.engine.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TCLIServiceConstants;
import org.apache.hive.service.rpc.thrift.TColumnDesc;
import org.apache.hive.service.rpc.thrift.TPrimitiveTypeEntry;
import org.apache.hive.service.rpc.thrift.TTableSchema;
import org.apache.hive.service.rpc.thrift.TTypeDesc;
import org.apache.hive.service.rpc.thrift.TTypeEntry;
import org.apache.hive.service.rpc.thrift.TTypeQualifierValue;

/**
 * Maps HiveServer2 result columns to Arrow fields. The gateway's frontends rely on exactly this
 * mapping; types without an Arrow counterpart here (arrays, maps, structs, intervals, NULL) travel
 * as Utf8 in Spark's own string form, which is how Spark sends them.
 */
final class ResultSchemaMapper {
  private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;

  private ResultSchemaMapper() {}

  static Schema toArrowSchema(TTableSchema tableSchema) {
    List<Field> fields = new ArrayList<>(tableSchema.getColumnsSize());
    for (TColumnDesc column : tableSchema.getColumns()) {
      fields.add(Field.nullable(column.getColumnName(), toArrowType(column.getTypeDesc())));
    }
    return new Schema(fields);
  }

  static ArrowType toArrowType(TTypeDesc typeDesc) {
    if (typeDesc == null || typeDesc.getTypesSize() == 0) {
      return UTF8;
    }
    TTypeEntry entry = typeDesc.getTypes().get(0);
    if (!entry.isSetPrimitiveEntry()) {
      return UTF8;
    }
    TPrimitiveTypeEntry primitive = entry.getPrimitiveEntry();
    return switch (primitive.getType()) {
      case BOOLEAN_TYPE -> ArrowType.Bool.INSTANCE;
      case TINYINT_TYPE -> new ArrowType.Int(8, true);
      case SMALLINT_TYPE -> new ArrowType.Int(16, true);
      case INT_TYPE -> new ArrowType.Int(32, true);
      case BIGINT_TYPE -> new ArrowType.Int(64, true);
      case FLOAT_TYPE -> new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE_TYPE -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case DECIMAL_TYPE -> toDecimal(primitive);
      case STRING_TYPE, VARCHAR_TYPE, CHAR_TYPE -> UTF8;
      case DATE_TYPE -> new ArrowType.Date(DateUnit.DAY);
      case TIMESTAMP_TYPE -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
      case BINARY_TYPE -> ArrowType.Binary.INSTANCE;
      default -> UTF8;
    };
  }

  private static ArrowType toDecimal(TPrimitiveTypeEntry primitive) {
    Map<String, TTypeQualifierValue> qualifiers =
        primitive.isSetTypeQualifiers() ? primitive.getTypeQualifiers().getQualifiers() : Map.of();
    TTypeQualifierValue precision = qualifiers.get(TCLIServiceConstants.PRECISION);
    TTypeQualifierValue scale = qualifiers.get(TCLIServiceConstants.SCALE);
    if (precision == null
        || scale == null
        || !precision.isSetI32Value()
        || !scale.isSetI32Value()) {
      // Without precision and scale no Arrow decimal can hold every value: keep the text.
      return UTF8;
    }
    return new ArrowType.Decimal(precision.getI32Value(), scale.getI32Value(), 128);
  }
}
