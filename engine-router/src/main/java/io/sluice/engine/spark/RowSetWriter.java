package io.sluice.engine.spark;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
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
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;

/**
 * Reads columnar HiveServer2 row sets ({@code TRowSet}) off the wire straight into the vectors of
 * one reused {@link VectorSchemaRoot}, without building Thrift's object model first: numbers go
 * from the protocol into the vectors, strings are copied from the received bytes, and decimals and
 * dates are parsed from those bytes. Buffers grow to the largest batch seen and are then reused.
 *
 * <p>Each writer takes the Thrift column kind Spark sends for its Arrow type (booleans, integers
 * and doubles natively; decimals, dates and timestamps as strings) and any other kind through its
 * text form, so other HiveServer2 implementations work too. Spark sends a placeholder (0 or the
 * empty string) for a null value; an empty placeholder that the null bitmap does not mark as null
 * is an error, not a zero.
 *
 * <p>Field ids follow {@code TCLIService.thrift}: TRowSet 1 startRowOffset, 2 rows, 3 columns, 4
 * binaryColumns, 5 columnCount; each TColumn is a union of eight column structs (1 bool … 8
 * binary), each with 1 values and 2 nulls.
 */
final class RowSetWriter {
  private static final short ROWS_FIELD = 2;
  private static final short COLUMNS_FIELD = 3;
  private static final short BINARY_COLUMNS_FIELD = 4;
  private static final short VALUES_FIELD = 1;
  private static final short NULLS_FIELD = 2;
  private static final short FIRST_COLUMN_KIND = 1;
  private static final short LAST_COLUMN_KIND = 8;
  private static final byte[] NO_NULLS = new byte[0];

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
   * Reads one {@code TRowSet} struct from {@code in}, whose transport is {@code buffer}, and
   * replaces the root's content with its rows.
   *
   * @return the number of rows written
   * @throws IllegalStateException when the row set does not match the result's schema
   * @throws IllegalArgumentException when a value cannot be read as its column's type
   */
  int read(TProtocol in, ReadBufferedTransport buffer) throws TException {
    boolean sawColumns = false;
    int rowCount = 0;
    int rowsInRowForm = 0;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == COLUMNS_FIELD && field.type == TType.LIST) {
        rowCount = readColumns(in, buffer);
        sawColumns = true;
      } else if (field.id == ROWS_FIELD && field.type == TType.LIST) {
        rowsInRowForm = skipList(in);
      } else if (field.id == BINARY_COLUMNS_FIELD && field.type == TType.STRING) {
        if (in.readBinary().hasRemaining()) {
          throw new IllegalStateException(
              "The engine sent its columns serialized in tasks"
                  + " (hive.server2.thrift.resultset.serialize.in.tasks), which Sluice cannot"
                  + " read; turn that setting off on the engine");
        }
      } else {
        TProtocolUtil.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (!sawColumns) {
      if (rowsInRowForm > 0) {
        throw new IllegalStateException("The engine sent rows instead of columns");
      }
      root.setRowCount(0);
      return 0;
    }
    root.setRowCount(rowCount);
    return rowCount;
  }

  private int readColumns(TProtocol in, ReadBufferedTransport buffer) throws TException {
    TList columns = in.readListBegin();
    if (columns.size != writers.length) {
      throw new IllegalStateException(
          "The engine sent " + columns.size + " columns for a result of " + writers.length);
    }
    int rowCount = 0;
    for (int index = 0; index < writers.length; index++) {
      int count = readColumn(in, buffer, writers[index]);
      if (index == 0) {
        rowCount = count;
      } else if (count != rowCount) {
        throw new IllegalStateException(
            "The engine sent "
                + count
                + " values for column "
                + (index + 1)
                + " but "
                + rowCount
                + " for column 1");
      }
    }
    in.readListEnd();
    return rowCount;
  }

  /** Reads one {@code TColumn}: a union with exactly one column struct set. */
  private static int readColumn(TProtocol in, ReadBufferedTransport buffer, ColumnWriter writer)
      throws TException {
    in.readStructBegin();
    TField kind = in.readFieldBegin();
    if (kind.type != TType.STRUCT || kind.id < FIRST_COLUMN_KIND || kind.id > LAST_COLUMN_KIND) {
      throw new IllegalStateException(
          "The engine sent a column of unknown kind "
              + kind.id
              + " (Thrift type "
              + kind.type
              + ")");
    }
    int count = readColumnValues(in, buffer, writer);
    in.readFieldEnd();
    if (in.readFieldBegin().type != TType.STOP) {
      throw new IllegalStateException("The engine sent a column with more than one kind of value");
    }
    in.readStructEnd();
    return count;
  }

  /** Reads one column struct ({@code TI64Column}, {@code TStringColumn}, …): values and nulls. */
  private static int readColumnValues(
      TProtocol in, ReadBufferedTransport buffer, ColumnWriter writer) throws TException {
    int count = -1;
    byte[] nulls = NO_NULLS;
    in.readStructBegin();
    while (true) {
      TField field = in.readFieldBegin();
      if (field.type == TType.STOP) {
        break;
      }
      if (field.id == VALUES_FIELD && field.type == TType.LIST) {
        TList values = in.readListBegin();
        count = values.size;
        writer.start(count);
        readValues(buffer, writer, values.elemType, count);
        in.readListEnd();
      } else if (field.id == NULLS_FIELD && field.type == TType.STRING) {
        ByteBuffer bitmap = in.readBinary();
        nulls = new byte[bitmap.remaining()];
        bitmap.get(nulls);
      } else {
        TProtocolUtil.skip(in, field.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    if (count < 0) {
      throw new IllegalStateException("The engine sent a column without values");
    }
    writer.finish(count, nulls);
    return count;
  }

  private static void readValues(
      ReadBufferedTransport buffer, ColumnWriter writer, byte type, int count) throws TException {
    switch (type) {
      case TType.BOOL -> {
        for (int row = 0; row < count; row++) {
          writer.writeBoolean(row, buffer.readByte() == 1);
        }
      }
      case TType.BYTE -> {
        for (int row = 0; row < count; row++) {
          writer.writeLong(row, buffer.readByte());
        }
      }
      case TType.I16 -> {
        for (int row = 0; row < count; row++) {
          writer.writeLong(row, buffer.readI16());
        }
      }
      case TType.I32 -> {
        for (int row = 0; row < count; row++) {
          writer.writeLong(row, buffer.readI32());
        }
      }
      case TType.I64 -> {
        for (int row = 0; row < count; row++) {
          writer.writeLong(row, buffer.readI64());
        }
      }
      case TType.DOUBLE -> {
        for (int row = 0; row < count; row++) {
          writer.writeDouble(row, Double.longBitsToDouble(buffer.readI64()));
        }
      }
      case TType.STRING -> {
        for (int row = 0; row < count; row++) {
          int length = buffer.readI32();
          if (length < 0) {
            throw new IllegalStateException("The engine sent a value of negative length");
          }
          buffer.require(length);
          if (length == 0 && writer.emptyTextIsNullPlaceholder()) {
            writer.placeholder(row);
          } else {
            writer.writeText(row, buffer.array(), buffer.position(), length);
          }
          buffer.skip(length);
        }
      }
      default ->
          throw new IllegalStateException(
              "The engine sent column values of Thrift type " + type + ", which no column has");
    }
  }

  private static int skipList(TProtocol in) throws TException {
    TList list = in.readListBegin();
    for (int index = 0; index < list.size; index++) {
      TProtocolUtil.skip(in, list.elemType);
    }
    in.readListEnd();
    return list.size;
  }

  /**
   * Fills one vector from one Thrift column. Values arrive in the kind the engine chose; each
   * writer reads its natural kind directly and others through their text.
   */
  abstract static class ColumnWriter {
    private final String typeName;
    private int[] placeholders = new int[8];
    private int placeholderCount;

    ColumnWriter(String typeName) {
      this.typeName = typeName;
    }

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

    abstract FieldVector vector();

    /** Makes room for {@code count} values and clears the previous batch. */
    final void start(int count) {
      placeholderCount = 0;
      FieldVector vector = vector();
      if (vector instanceof BaseVariableWidthVector variable) {
        if (variable.getValueCapacity() < count) {
          variable.allocateNew(Math.max(variable.getByteCapacity(), count * 16L), count);
        } else {
          variable.reset();
        }
      } else {
        BaseFixedWidthVector fixed = (BaseFixedWidthVector) vector;
        if (fixed.getValueCapacity() < count) {
          fixed.allocateNew(count);
        } else {
          fixed.reset();
        }
      }
    }

    /** Writes one value given as text (ASCII or UTF-8 bytes). */
    abstract void writeText(int row, byte[] bytes, int offset, int length);

    void writeLong(int row, long value) {
      writeText(row, Long.toString(value));
    }

    void writeDouble(int row, double value) {
      writeText(row, Double.toString(value));
    }

    void writeBoolean(int row, boolean value) {
      writeText(row, Boolean.toString(value));
    }

    /** Whether an empty text stands for a null (true for every type parsed from text). */
    boolean emptyTextIsNullPlaceholder() {
      return true;
    }

    final void placeholder(int row) {
      if (placeholderCount == placeholders.length) {
        placeholders = Arrays.copyOf(placeholders, placeholders.length * 2);
      }
      placeholders[placeholderCount++] = row;
    }

    /** Applies the null bitmap (bit i set means row i is null) once the values are in. */
    final void finish(int count, byte[] nulls) {
      for (int index = 0; index < placeholderCount; index++) {
        int row = placeholders[index];
        if (!isNull(nulls, row)) {
          throw new IllegalArgumentException("Cannot read '' as a " + typeName);
        }
      }
      FieldVector vector = vector();
      int bytes = Math.min(nulls.length, (count + 7) >>> 3);
      for (int index = 0; index < bytes; index++) {
        int bits = nulls[index] & 0xff;
        while (bits != 0) {
          int row = (index << 3) + Integer.numberOfTrailingZeros(bits);
          if (row < count) {
            vector.setNull(row);
          }
          bits &= bits - 1;
        }
      }
    }

    private static boolean isNull(byte[] nulls, int row) {
      int index = row >>> 3;
      return index < nulls.length && (nulls[index] & (1 << (row & 7))) != 0;
    }

    private void writeText(int row, String text) {
      byte[] bytes = text.getBytes(UTF_8);
      writeText(row, bytes, 0, bytes.length);
    }

    static String text(byte[] bytes, int offset, int length) {
      return new String(bytes, offset, length, UTF_8);
    }
  }

  private static final class BooleanWriter extends ColumnWriter {
    private final BitVector vector;

    BooleanWriter(BitVector vector) {
      super("boolean");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeBoolean(int row, boolean value) {
      vector.set(row, value ? 1 : 0);
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.set(row, Boolean.parseBoolean(text(bytes, offset, length)) ? 1 : 0);
    }
  }

  /** Integer vectors: native values narrowed, text parsed, doubles truncated. */
  private abstract static class IntegerWriter extends ColumnWriter {
    IntegerWriter(String typeName) {
      super(typeName);
    }

    @Override
    void writeDouble(int row, double value) {
      writeLong(row, (long) value);
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      writeLong(row, Long.parseLong(text(bytes, offset, length)));
    }
  }

  private static final class TinyIntWriter extends IntegerWriter {
    private final TinyIntVector vector;

    TinyIntWriter(TinyIntVector vector) {
      super("tinyint");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, (byte) value);
    }
  }

  private static final class SmallIntWriter extends IntegerWriter {
    private final SmallIntVector vector;

    SmallIntWriter(SmallIntVector vector) {
      super("smallint");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, (short) value);
    }
  }

  private static final class IntWriter extends IntegerWriter {
    private final IntVector vector;

    IntWriter(IntVector vector) {
      super("int");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, (int) value);
    }
  }

  private static final class BigIntWriter extends IntegerWriter {
    private final BigIntVector vector;

    BigIntWriter(BigIntVector vector) {
      super("bigint");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, value);
    }
  }

  private static final class FloatWriter extends ColumnWriter {
    private final Float4Vector vector;

    FloatWriter(Float4Vector vector) {
      super("float");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, value);
    }

    @Override
    void writeDouble(int row, double value) {
      // Spark sends FLOAT as the double parsed from the float's shortest decimal form, so
      // narrowing gives back the exact float.
      vector.set(row, (float) value);
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.set(row, Float.parseFloat(text(bytes, offset, length)));
    }
  }

  private static final class DoubleWriter extends ColumnWriter {
    private final Float8Vector vector;

    DoubleWriter(Float8Vector vector) {
      super("double");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeLong(int row, long value) {
      vector.set(row, value);
    }

    @Override
    void writeDouble(int row, double value) {
      vector.set(row, value);
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.set(row, Double.parseDouble(text(bytes, offset, length)));
    }
  }

  private static final class DecimalWriter extends ColumnWriter {
    private final DecimalVector vector;
    private final int scale;

    DecimalWriter(DecimalVector vector) {
      super("decimal");
      this.vector = vector;
      this.scale = vector.getScale();
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      long unscaled = SparkValueParser.parseUnscaled(bytes, offset, length, scale);
      if (unscaled != SparkValueParser.NOT_A_LONG) {
        vector.set(row, unscaled);
      } else {
        BigDecimal value = SparkValueParser.parseDecimal(text(bytes, offset, length), scale);
        vector.set(row, value);
      }
    }
  }

  private static final class StringWriter extends ColumnWriter {
    private final VarCharVector vector;

    StringWriter(VarCharVector vector) {
      super("string");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    boolean emptyTextIsNullPlaceholder() {
      return false;
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.setSafe(row, bytes, offset, length);
    }
  }

  private static final class BinaryWriter extends ColumnWriter {
    private final VarBinaryVector vector;

    BinaryWriter(VarBinaryVector vector) {
      super("binary");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    boolean emptyTextIsNullPlaceholder() {
      return false;
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.setSafe(row, bytes, offset, length);
    }
  }

  private static final class DateWriter extends ColumnWriter {
    private final DateDayVector vector;

    DateWriter(DateDayVector vector) {
      super("date");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.set(row, SparkValueParser.parseEpochDay(bytes, offset, length));
    }
  }

  private static final class TimestampWriter extends ColumnWriter {
    private final TimeStampMicroVector vector;

    TimestampWriter(TimeStampMicroVector vector) {
      super("timestamp");
      this.vector = vector;
    }

    @Override
    FieldVector vector() {
      return vector;
    }

    @Override
    void writeText(int row, byte[] bytes, int offset, int length) {
      vector.set(row, SparkValueParser.parseEpochMicros(text(bytes, offset, length)));
    }
  }
}
