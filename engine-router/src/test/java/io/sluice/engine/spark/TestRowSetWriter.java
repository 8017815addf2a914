package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampMicroVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TBoolColumn;
import org.apache.hive.service.rpc.thrift.TCLIServiceConstants;
import org.apache.hive.service.rpc.thrift.TColumn;
import org.apache.hive.service.rpc.thrift.TColumnDesc;
import org.apache.hive.service.rpc.thrift.TDoubleColumn;
import org.apache.hive.service.rpc.thrift.TI16Column;
import org.apache.hive.service.rpc.thrift.TI32Column;
import org.apache.hive.service.rpc.thrift.TI64Column;
import org.apache.hive.service.rpc.thrift.TPrimitiveTypeEntry;
import org.apache.hive.service.rpc.thrift.TRowSet;
import org.apache.hive.service.rpc.thrift.TStringColumn;
import org.apache.hive.service.rpc.thrift.TTableSchema;
import org.apache.hive.service.rpc.thrift.TTypeDesc;
import org.apache.hive.service.rpc.thrift.TTypeEntry;
import org.apache.hive.service.rpc.thrift.TTypeId;
import org.apache.hive.service.rpc.thrift.TTypeQualifierValue;
import org.apache.hive.service.rpc.thrift.TTypeQualifiers;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TMemoryInputTransport;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Row sets built by hand, for what a live Spark server does not send. */
class TestRowSetWriter {
  private BufferAllocator allocator;

  @BeforeEach
  void setUp() {
    allocator = new RootAllocator();
  }

  @AfterEach
  void tearDown() {
    allocator.close();
  }

  @Test
  void varcharAndCharAreUtf8AndDecimalWithoutQualifiersKeepsItsText() {
    TTableSchema schema = new TTableSchema();
    schema.addToColumns(column("v", primitive(TTypeId.VARCHAR_TYPE, Map.of()), 1));
    schema.addToColumns(column("c", primitive(TTypeId.CHAR_TYPE, Map.of()), 2));
    schema.addToColumns(column("d", primitive(TTypeId.DECIMAL_TYPE, Map.of()), 3));
    schema.addToColumns(
        column(
            "p",
            primitive(
                TTypeId.DECIMAL_TYPE,
                Map.of(
                    TCLIServiceConstants.PRECISION, TTypeQualifierValue.i32Value(20),
                    TCLIServiceConstants.SCALE, TTypeQualifierValue.i32Value(4))),
            4));
    schema.addToColumns(column("u", primitive(TTypeId.USER_DEFINED_TYPE, Map.of()), 5));
    assertThat(ResultSchemaMapper.toArrowSchema(schema).getFields())
        .extracting(Field::getType)
        .containsExactly(
            ArrowType.Utf8.INSTANCE,
            ArrowType.Utf8.INSTANCE,
            ArrowType.Utf8.INSTANCE,
            new ArrowType.Decimal(20, 4, 128),
            ArrowType.Utf8.INSTANCE);
  }

  @Test
  void nullBitmapShorterThanTheColumnMeansTheRestAreNotNull() {
    // java.util.BitSet.toByteArray, which Spark uses, drops trailing zero bytes.
    byte[] nulls = {0b0000_0010};
    List<Long> values = Arrays.asList(1L, 0L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    try (VectorSchemaRoot root = root(new ArrowType.Int(64, true))) {
      int rows =
          write(
              new RowSetWriter(root),
              rowSet(TColumn.i64Val(new TI64Column(values, ByteBuffer.wrap(nulls)))));
      BigIntVector vector = (BigIntVector) root.getVector(0);
      assertThat(rows).isEqualTo(10);
      assertThat(vector.isNull(1)).isTrue();
      assertThat(vector.get(9)).isEqualTo(10L);
      assertThat(vector.getNullCount()).isEqualTo(1);
    }
  }

  @Test
  void reusedRootHoldsOnlyTheLatestBatch() {
    try (VectorSchemaRoot root = root(ArrowType.Utf8.INSTANCE)) {
      RowSetWriter writer = new RowSetWriter(root);
      write(writer, rowSet(strings(new byte[] {0b100}, "a", "bb", "", "dddd")));
      write(writer, rowSet(strings(new byte[0], "x")));
      VarCharVector vector = (VarCharVector) root.getVector(0);
      assertThat(root.getRowCount()).isEqualTo(1);
      assertThat(vector.getObject(0).toString()).isEqualTo("x");
      assertThat(vector.isNull(0)).isFalse();
      write(writer, rowSet(strings(new byte[] {0b1}, "", "second")));
      assertThat(vector.isNull(0)).isTrue();
      assertThat(vector.getObject(1).toString()).isEqualTo("second");
    }
  }

  @Test
  void numbersSentAsStringsAreParsed() {
    try (VectorSchemaRoot root = root(new ArrowType.Int(32, true))) {
      write(new RowSetWriter(root), rowSet(strings(new byte[0], "12", "-3")));
      IntVector vector = (IntVector) root.getVector(0);
      assertThat(vector.get(0)).isEqualTo(12);
      assertThat(vector.get(1)).isEqualTo(-3);
    }
    try (VectorSchemaRoot root = root(ArrowType.Utf8.INSTANCE)) {
      write(
          new RowSetWriter(root),
          rowSet(TColumn.i32Val(new TI32Column(List.of(5, 6), ByteBuffer.allocate(0)))));
      assertThat(((VarCharVector) root.getVector(0)).getObject(1).toString()).isEqualTo("6");
    }
  }

  @Test
  void decimalsBeyondALongAreExact() {
    try (VectorSchemaRoot root = root(new ArrowType.Decimal(38, 2, 128))) {
      write(
          new RowSetWriter(root),
          rowSet(strings(new byte[0], "123456789012345678901234567890123456.78", "-1.5")));
      DecimalVector vector = (DecimalVector) root.getVector(0);
      assertThat(vector.getObject(0))
          .isEqualTo(new BigDecimal("123456789012345678901234567890123456.78"));
      assertThat(vector.getObject(1)).isEqualTo(new BigDecimal("-1.50"));
    }
  }

  @Test
  void rowSetWithTheWrongNumberOfColumnsIsRejected() {
    try (VectorSchemaRoot root = root(ArrowType.Utf8.INSTANCE)) {
      TRowSet rowSet = rowSet(strings(new byte[0], "a"));
      rowSet.addToColumns(strings(new byte[0], "b"));
      assertThatThrownBy(() -> write(new RowSetWriter(root), rowSet))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("The engine sent 2 columns for a result of 1");
    }
  }

  @Test
  void binaryValuesKeepTheirBytes() {
    try (VectorSchemaRoot root = root(ArrowType.Binary.INSTANCE)) {
      ByteBuffer slice = ByteBuffer.wrap("xxhelloyy".getBytes(StandardCharsets.UTF_8), 2, 5);
      write(
          new RowSetWriter(root),
          rowSet(
              TColumn.binaryVal(
                  new org.apache.hive.service.rpc.thrift.TBinaryColumn(
                      List.of(slice), ByteBuffer.allocate(0)))));
      assertThat(new String((byte[]) root.getVector(0).getObject(0), StandardCharsets.UTF_8))
          .isEqualTo("hello");
    }
  }

  private VectorSchemaRoot root(ArrowType type) {
    return VectorSchemaRoot.create(new Schema(List.of(Field.nullable("c", type))), allocator);
  }

  @Test
  void nullDecimalsDatesAndTimestampsArriveAsEmptyPlaceholders() {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("d", new ArrowType.Decimal(12, 2, 128)),
                Field.nullable("day", new ArrowType.Date(DateUnit.DAY)),
                Field.nullable("ts", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
                Field.nullable("s", ArrowType.Utf8.INSTANCE)));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      TRowSet rowSet = rowSet(strings(new byte[] {0b10}, "1.5", ""));
      rowSet.addToColumns(strings(new byte[] {0b01}, "", "2024-02-29"));
      rowSet.addToColumns(strings(new byte[] {0b10}, "2024-02-29 10:11:12.5", ""));
      rowSet.addToColumns(strings(new byte[] {0b10}, "", ""));
      assertThat(write(new RowSetWriter(root), rowSet)).isEqualTo(2);
      assertThat(((DecimalVector) root.getVector(0)).getObject(0))
          .isEqualTo(new BigDecimal("1.50"));
      assertThat(root.getVector(0).isNull(1)).isTrue();
      assertThat(root.getVector(1).isNull(0)).isTrue();
      assertThat(((DateDayVector) root.getVector(1)).get(1))
          .isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
      assertThat(((TimeStampMicroVector) root.getVector(2)).get(0))
          .isEqualTo(
              LocalDateTime.of(2024, 2, 29, 10, 11, 12, 500_000_000).toEpochSecond(ZoneOffset.UTC)
                      * 1_000_000
                  + 500_000);
      assertThat(root.getVector(2).isNull(1)).isTrue();
      // An empty string is a value, not a null, unless the bitmap says so.
      assertThat(root.getVector(3).isNull(0)).isFalse();
      assertThat(((VarCharVector) root.getVector(3)).getObject(0).toString()).isEmpty();
      assertThat(root.getVector(3).isNull(1)).isTrue();
    }
  }

  @Test
  void emptyDecimalThatIsNotNullIsRejected() {
    try (VectorSchemaRoot root = root(new ArrowType.Decimal(12, 2, 128))) {
      assertThatThrownBy(
              () -> write(new RowSetWriter(root), rowSet(strings(new byte[0], "1.00", ""))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Cannot read '' as a decimal");
    }
  }

  @Test
  void valuesSplitAcrossReadsAndLongerThanTheReadBufferArriveWhole() {
    String longValue = "é".repeat(100_000);
    String[] values = new String[3_000];
    for (int index = 0; index < values.length; index++) {
      values[index] = index == 1_234 ? longValue : "value-" + index;
    }
    try (VectorSchemaRoot root = root(ArrowType.Utf8.INSTANCE)) {
      // Seven bytes per read: every length prefix and value straddles reads.
      assertThat(write(new RowSetWriter(root), rowSet(strings(new byte[0], values)), 7))
          .isEqualTo(values.length);
      VarCharVector vector = (VarCharVector) root.getVector(0);
      assertThat(vector.getObject(1_234).toString()).isEqualTo(longValue);
      assertThat(vector.getObject(2_999).toString()).isEqualTo("value-2999");
    }
  }

  @Test
  void nativeNumbersAndBooleansAreReadWithTheirNulls() {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("b", ArrowType.Bool.INSTANCE),
                Field.nullable("i", new ArrowType.Int(16, true)),
                Field.nullable("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      TRowSet rowSet =
          rowSet(
              TColumn.boolVal(
                  new TBoolColumn(List.of(true, false, false), ByteBuffer.wrap(new byte[] {4}))));
      rowSet.addToColumns(
          TColumn.i16Val(
              new TI16Column(
                  List.of((short) -7, (short) 0, (short) 9), ByteBuffer.wrap(new byte[] {2}))));
      rowSet.addToColumns(
          TColumn.doubleVal(new TDoubleColumn(List.of(0.25, 1e300, 0.0), ByteBuffer.allocate(0))));
      write(new RowSetWriter(root), rowSet);
      assertThat(((BitVector) root.getVector(0)).getObject(0)).isTrue();
      assertThat(root.getVector(0).isNull(2)).isTrue();
      assertThat(((SmallIntVector) root.getVector(1)).get(0)).isEqualTo((short) -7);
      assertThat(root.getVector(1).isNull(1)).isTrue();
      assertThat(((Float8Vector) root.getVector(2)).get(1)).isEqualTo(1e300);
    }
  }

  /** Serializes a row set as the server does and reads it back through the writer. */
  private static int write(RowSetWriter writer, TRowSet rowSet) {
    return write(writer, rowSet, Integer.MAX_VALUE);
  }

  private static int write(RowSetWriter writer, TRowSet rowSet, int bytesPerRead) {
    try {
      TMemoryBuffer out = new TMemoryBuffer(1024);
      rowSet.write(new TBinaryProtocol(out));
      byte[] bytes = Arrays.copyOf(out.getArray(), out.length());
      TMemoryInputTransport input = new TMemoryInputTransport(bytes);
      TTransport trickle =
          new TTransport() {
            @Override
            public boolean isOpen() {
              return true;
            }

            @Override
            public void open() {}

            @Override
            public void close() {}

            @Override
            public int read(byte[] buffer, int offset, int length) throws TTransportException {
              return input.read(buffer, offset, Math.min(length, bytesPerRead));
            }

            @Override
            public void write(byte[] buffer, int offset, int length) {
              throw new UnsupportedOperationException();
            }
          };
      ReadBufferedTransport transport = new ReadBufferedTransport(trickle);
      return writer.read(new TBinaryProtocol(transport), transport);
    } catch (TException e) {
      throw new IllegalStateException(e);
    }
  }

  private static TRowSet rowSet(TColumn column) {
    TRowSet rowSet = new TRowSet(0, List.of());
    rowSet.addToColumns(column);
    return rowSet;
  }

  private static TColumn strings(byte[] nulls, String... values) {
    return TColumn.stringVal(new TStringColumn(List.of(values), ByteBuffer.wrap(nulls)));
  }

  private static TColumnDesc column(String name, TTypeDesc type, int position) {
    return new TColumnDesc(name, type, position);
  }

  private static TTypeDesc primitive(TTypeId type, Map<String, TTypeQualifierValue> qualifiers) {
    TPrimitiveTypeEntry entry = new TPrimitiveTypeEntry(type);
    if (!qualifiers.isEmpty()) {
      entry.setTypeQualifiers(new TTypeQualifiers(qualifiers));
    }
    return new TTypeDesc(List.of(TTypeEntry.primitiveEntry(entry)));
  }
}
