package io.sluice.engine.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TRowSet;

/**
 * Copies columnar HiveServer2 row sets into the vectors of one reused {@link VectorSchemaRoot},
 * column by column. Buffers grow to the largest batch seen and are then reused.
 *
 * <p>Each writer reads the Thrift column kind Spark sends for its Arrow type (booleans, integers
 * and doubles natively; decimals, dates and timestamps as strings); a column that arrives as
 * another kind is read through its string form, so other HiveServer2 implementations work too.
 */
final class RowSetWriter {
  private final VectorSchemaRoot root;
  private final ColumnWriter[] writers;

  RowSetWriter(VectorSchemaRoot root) {
    this.root = root;
    List<FieldVector> vectors = root.getFieldVectors();
    this.writers = new ColumnWriter[vectors.size()];
    for (int index = 0; index < writers.length; index++) {
      writers[index] = ColumnWriter.forVector(vectors.get(index));
    }
  }

  /**
   * Replaces the root's content with the rows of {@code rowSet}.
   *
   * @return the number of rows written
   * @throws IllegalStateException when the row set does not match the result's schema
   * @throws IllegalArgumentException when a value cannot be read as its column's type
   */
  int write(TRowSet rowSet) {
    if (!rowSet.isSetColumns()) {
      if (rowSet.getRowsSize() == 0) {
        root.setRowCount(0);
        return 0;
      }
      throw new IllegalStateException("The engine sent rows instead of columns");
    }
    List<TColumn> columns = rowSet.getColumns();
    if (columns.size() != writers.length) {
      throw new IllegalStateException(
          "The engine sent " + columns.size() + " columns for a result of " + writers.length);
    }
    int rowCount = 0;
    for (int index = 0; index < writers.length; index++) {
      ColumnData column = ColumnData.of(columns.get(index));
      if (index == 0) {
        rowCount = column.size();
      } else if (column.size() != rowCount) {
        throw new IllegalStateException(
            "The engine sent "
                + column.size()
                + " values for column "
                + (index + 1)
                + " but "
                + rowCount
                + " for column 1");
      }
      writers[index].write(column, rowCount);
    }
    root.setRowCount(rowCount);
    return rowCount;
  }

  /** The values of one Thrift column and its null bitmap (bit i set means row i is null). */
  record ColumnData(List<?> values, byte[] nulls) {
    private static final byte[] NO_NULLS = new byte[0];

    static ColumnData of(TColumn column) {
      return switch (column.getSetField()) {
        case BOOL_VAL -> of(column.getBoolVal().getValues(), column.getBoolVal().getNulls());
        case BYTE_VAL -> of(column.getByteVal().getValues(), column.getByteVal().getNulls());
        case I16_VAL -> of(column.getI16Val().getValues(), column.getI16Val().getNulls());
        case I32_VAL -> of(column.getI32Val().getValues(), column.getI32Val().getNulls());
        case I64_VAL -> of(column.getI64Val().getValues(), column.getI64Val().getNulls());
        case DOUBLE_VAL -> of(column.getDoubleVal().getValues(), column.getDoubleVal().getNulls());
        case STRING_VAL -> of(column.getStringVal().getValues(), column.getStringVal().getNulls());
        case BINARY_VAL -> of(column.getBinaryVal().getValues(), column.getBinaryVal().getNulls());
      };
    }

    private static ColumnData of(List<?> values, byte[] nulls) {
      return new ColumnData(values == null ? List.of() : values, nulls == null ? NO_NULLS : nulls);
    }

    int size() {
      return values.size();
    }

    boolean isNull(int row) {
      int index = row >>> 3;
      return index < nulls.length && (nulls[index] & (1 << (row & 7))) != 0;
    }

    Object value(int row) {
      return values.get(row);
    }

    String text(int row) {
      Object value = values.get(row);
      if (value instanceof String string) {
        return string;
      }
      if (value instanceof ByteBuffer buffer) {
        return UTF_8.decode(buffer.duplicate()).toString();
      }
      return String.valueOf(value);
    }
  }

  /** Fills one vector from one Thrift column. */
  abstract static class ColumnWriter {
    abstract void write(ColumnData column, int rowCount);

    static ColumnWriter forVector(FieldVector vector) {
      return switch (vector.getMinorType()) {
        case BIT -> new BooleanWriter((BitVector) vector);
        case TINYINT -> new TinyIntWriter((TinyIntVector) vector);
        case SMALLINT -> new SmallIntWriter((SmallIntVector) vector);
        case INT -> new IntWriter((IntVector) vector);
        case BIGINT -> new BigIntWriter((BigIntVector) vector);
        case FLOAT4 -> new FloatWriter((Float4Vector) vector);
        case FLOAT8 -> new DoubleWriter((Float8Vector) vector);
        case DECIMAL -> new DecimalWriter((DecimalVector) vector);
        case VARCHAR -> new StringWriter((VarCharVector) vector);
        case DATEDAY -> new DateWriter((DateDayVector) vector);
        case TIMESTAMPMICRO -> new TimestampWriter((TimeStampMicroVector) vector);
        case VARBINARY -> new BinaryWriter((VarBinaryVector) vector);
        default ->
            throw new IllegalStateException(
                "No writer for Arrow type " + vector.getField().getType() + ": a bug in Sluice");
      };
    }

    static void prepare(BaseFixedWidthVector vector, int rowCount) {
      if (vector.getValueCapacity() < rowCount) {
        vector.allocateNew(rowCount);
      } else {
        vector.reset();
      }
    }

    static void prepare(BaseVariableWidthVector vector, int rowCount) {
      if (vector.getValueCapacity() < rowCount) {
        vector.allocateNew(Math.max(vector.getByteCapacity(), rowCount * 16L), rowCount);
      } else {
        vector.reset();
      }
    }
  }

  private static final class BooleanWriter extends ColumnWriter {
    private final BitVector vector;

    BooleanWriter(BitVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Boolean value) {
          vector.set(row, value ? 1 : 0);
        } else {
          vector.set(row, Boolean.parseBoolean(column.text(row)) ? 1 : 0);
        }
      }
    }
  }

  private static final class TinyIntWriter extends ColumnWriter {
    private final TinyIntVector vector;

    TinyIntWriter(TinyIntVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          vector.set(row, value.byteValue());
        } else {
          vector.set(row, Byte.parseByte(column.text(row)));
        }
      }
    }
  }

  private static final class SmallIntWriter extends ColumnWriter {
    private final SmallIntVector vector;

    SmallIntWriter(SmallIntVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          vector.set(row, value.shortValue());
        } else {
          vector.set(row, Short.parseShort(column.text(row)));
        }
      }
    }
  }

  private static final class IntWriter extends ColumnWriter {
    private final IntVector vector;

    IntWriter(IntVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          vector.set(row, value.intValue());
        } else {
          vector.set(row, Integer.parseInt(column.text(row)));
        }
      }
    }
  }

  private static final class BigIntWriter extends ColumnWriter {
    private final BigIntVector vector;

    BigIntWriter(BigIntVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          vector.set(row, value.longValue());
        } else {
          vector.set(row, Long.parseLong(column.text(row)));
        }
      }
    }
  }

  private static final class FloatWriter extends ColumnWriter {
    private final Float4Vector vector;

    FloatWriter(Float4Vector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          // Spark sends FLOAT as the double parsed from the float's shortest decimal form, so
          // narrowing gives back the exact float.
          vector.set(row, value.floatValue());
        } else {
          vector.set(row, Float.parseFloat(column.text(row)));
        }
      }
    }
  }

  private static final class DoubleWriter extends ColumnWriter {
    private final Float8Vector vector;

    DoubleWriter(Float8Vector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof Number value) {
          vector.set(row, value.doubleValue());
        } else {
          vector.set(row, Double.parseDouble(column.text(row)));
        }
      }
    }
  }

  private static final class DecimalWriter extends ColumnWriter {
    private final DecimalVector vector;
    private final int scale;

    DecimalWriter(DecimalVector vector) {
      this.vector = vector;
      this.scale = vector.getScale();
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
          continue;
        }
        String text = column.text(row);
        Long unscaled = SparkValueParser.parseUnscaledOrNull(text, scale);
        if (unscaled != null) {
          vector.set(row, unscaled);
        } else {
          BigDecimal value = SparkValueParser.parseDecimal(text, scale);
          vector.set(row, value);
        }
      }
    }
  }

  private static final class StringWriter extends ColumnWriter {
    private final VarCharVector vector;

    StringWriter(VarCharVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof ByteBuffer buffer) {
          vector.setSafe(row, buffer, buffer.position(), buffer.remaining());
        } else {
          byte[] bytes = column.text(row).getBytes(UTF_8);
          vector.setSafe(row, bytes, 0, bytes.length);
        }
      }
    }
  }

  private static final class BinaryWriter extends ColumnWriter {
    private final VarBinaryVector vector;

    BinaryWriter(VarBinaryVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else if (column.value(row) instanceof ByteBuffer buffer) {
          vector.setSafe(row, buffer, buffer.position(), buffer.remaining());
        } else {
          byte[] bytes = column.text(row).getBytes(UTF_8);
          vector.setSafe(row, bytes, 0, bytes.length);
        }
      }
    }
  }

  private static final class DateWriter extends ColumnWriter {
    private final DateDayVector vector;

    DateWriter(DateDayVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else {
          vector.set(row, SparkValueParser.parseEpochDay(column.text(row)));
        }
      }
    }
  }

  private static final class TimestampWriter extends ColumnWriter {
    private final TimeStampMicroVector vector;

    TimestampWriter(TimeStampMicroVector vector) {
      this.vector = vector;
    }

    @Override
    void write(ColumnData column, int rowCount) {
      prepare(vector, rowCount);
      for (int row = 0; row < rowCount; row++) {
        if (column.isNull(row)) {
          vector.setNull(row);
        } else {
          vector.set(row, SparkValueParser.parseEpochMicros(column.text(row)));
        }
      }
    }
  }
}
