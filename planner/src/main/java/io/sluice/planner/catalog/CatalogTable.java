package io.sluice.planner.catalog;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.StructKind;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.TemporalTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * An Iceberg table as Calcite sees it: its row type, built once from the Iceberg schema. Spark's
 * complex types become Calcite's ROW, ARRAY and MAP so that {@code e.device.os}, {@code a[1]} and
 * {@code m['k']} validate.
 *
 * <p>Every Iceberg table keeps its snapshots, so Spark reads one as of a time ({@code FOR
 * SYSTEM_TIME AS OF}): to Calcite the table is temporal. The period columns Calcite asks a temporal
 * table for are used only when converting to relational algebra, which Sluice never does.
 */
final class CatalogTable extends AbstractTable implements TemporalTable {
  private static final String NO_PERIOD_COLUMN = "";

  private final CatalogManager.LoadedTable loaded;
  private volatile RowTypeForFactory rowType;

  CatalogTable(CatalogManager.LoadedTable loaded) {
    this.loaded = loaded;
  }

  CatalogManager.LoadedTable loaded() {
    return loaded;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RowTypeForFactory cached = rowType;
    if (cached != null && cached.typeFactory() == typeFactory) {
      return cached.rowType();
    }
    List<String> names = new ArrayList<>();
    List<RelDataType> types = new ArrayList<>();
    for (Types.NestedField field : loaded.schema().columns()) {
      names.add(CatalogManager.normalize(field.name()));
      types.add(nullable(typeFactory, toCalcite(typeFactory, field.type()), field.isOptional()));
    }
    RelDataType built = typeFactory.createStructType(types, names);
    rowType = new RowTypeForFactory(typeFactory, built);
    return built;
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return loaded.view().isPresent() ? Schema.TableType.VIEW : Schema.TableType.TABLE;
  }

  @Override
  public String getSysStartFieldName() {
    return NO_PERIOD_COLUMN;
  }

  @Override
  public String getSysEndFieldName() {
    return NO_PERIOD_COLUMN;
  }

  private static RelDataType toCalcite(RelDataTypeFactory typeFactory, Type type) {
    return switch (type.typeId()) {
      case BOOLEAN -> typeFactory.createSqlType(SqlTypeName.BOOLEAN);
      case INTEGER -> typeFactory.createSqlType(SqlTypeName.INTEGER);
      case LONG, TIME -> typeFactory.createSqlType(SqlTypeName.BIGINT);
      case FLOAT -> typeFactory.createSqlType(SqlTypeName.REAL);
      case DOUBLE -> typeFactory.createSqlType(SqlTypeName.DOUBLE);
      case DATE -> typeFactory.createSqlType(SqlTypeName.DATE);
      case TIMESTAMP -> timestamp(typeFactory, ((Types.TimestampType) type).shouldAdjustToUTC());
      case TIMESTAMP_NANO ->
          timestamp(typeFactory, ((Types.TimestampNanoType) type).shouldAdjustToUTC());
      case STRING, UUID -> typeFactory.createSqlType(SqlTypeName.VARCHAR);
      case FIXED, BINARY -> typeFactory.createSqlType(SqlTypeName.VARBINARY);
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        yield typeFactory.createSqlType(SqlTypeName.DECIMAL, decimal.precision(), decimal.scale());
      }
      case STRUCT -> {
        List<String> names = new ArrayList<>();
        List<RelDataType> types = new ArrayList<>();
        for (Types.NestedField field : ((Types.StructType) type).fields()) {
          names.add(field.name());
          types.add(
              nullable(typeFactory, toCalcite(typeFactory, field.type()), field.isOptional()));
        }
        yield typeFactory.createStructType(StructKind.FULLY_QUALIFIED, types, names);
      }
      case LIST -> {
        Types.ListType list = (Types.ListType) type;
        yield typeFactory.createArrayType(
            nullable(
                typeFactory, toCalcite(typeFactory, list.elementType()), list.isElementOptional()),
            -1);
      }
      case MAP -> {
        Types.MapType map = (Types.MapType) type;
        yield typeFactory.createMapType(
            toCalcite(typeFactory, map.keyType()),
            nullable(typeFactory, toCalcite(typeFactory, map.valueType()), map.isValueOptional()));
      }
        // No Spark 3.5 type: such a column can be carried along but not computed with.
      default -> typeFactory.createSqlType(SqlTypeName.ANY);
    };
  }

  /**
   * Spark's {@code timestamp} is an instant shown in the session time zone, which is Calcite's
   * TIMESTAMP WITH LOCAL TIME ZONE; {@code timestamp_ntz} is Calcite's TIMESTAMP.
   */
  private static RelDataType timestamp(RelDataTypeFactory typeFactory, boolean withZone) {
    return typeFactory.createSqlType(
        withZone ? SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE : SqlTypeName.TIMESTAMP, 6);
  }

  private static RelDataType nullable(
      RelDataTypeFactory typeFactory, RelDataType type, boolean nullable) {
    return typeFactory.createTypeWithNullability(type, nullable);
  }

  private record RowTypeForFactory(RelDataTypeFactory typeFactory, RelDataType rowType) {}
}
