package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.local.TestingLocalCluster;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.Text;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every Spark type through a real Spark Thrift Server, from an Iceberg table and from literals. */
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class TestSparkThriftEngineTypes {
  private static final String TABLE = "lakehouse.default.engine_all_types";

  private static BufferAllocator allocator;
  private static SparkThriftEngine engine;

  @BeforeAll
  static void createTable() {
    allocator = new RootAllocator();
    engine = new SparkThriftEngine(TestingLocalCluster.engineConfig());
    run("DROP TABLE IF EXISTS " + TABLE);
    run(
        "CREATE TABLE "
            + TABLE
            + " (id INT, flag BOOLEAN, small_int INT, big BIGINT, real_value FLOAT,"
            + " double_value DOUBLE, price DECIMAL(10, 2), wide DECIMAL(38, 10), name STRING,"
            + " day DATE, moment TIMESTAMP, local_moment TIMESTAMP_NTZ, payload BINARY,"
            + " numbers ARRAY<INT>, attributes MAP<STRING, INT>, point STRUCT<x: INT, label: STRING>)"
            + " USING iceberg");
    run(
        "INSERT INTO "
            + TABLE
            + " VALUES (1, true, -7, 9007199254740993, 1.5, 2.25, 12345678.91,"
            + " 1234567890123456789012345678.0123456789, 'héllo ✓', DATE '2024-02-29',"
            + " TIMESTAMP '2024-02-29 13:14:15.123456', TIMESTAMP_NTZ '1969-12-31 23:59:59.5',"
            + " X'CAFE00', array(1, NULL, 3), map('k', 1), named_struct('x', 1, 'label', 'a')),"
            + " (2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
            + " NULL, NULL),"
            + " (3, false, 0, -1, -0.25, -1.0E300, -0.05, -0.0000000001, '', DATE '0001-01-01',"
            + " TIMESTAMP '2000-01-01 00:00:00', TIMESTAMP_NTZ '9999-12-31 23:59:59.999999', X'',"
            + " array(), map(), named_struct('x', NULL, 'label', NULL))");
  }

  @AfterAll
  static void dropTable() {
    run("DROP TABLE IF EXISTS " + TABLE);
    engine.close();
    allocator.close();
  }

  @Test
  void icebergColumnsMapToArrowTypes() {
    try (EngineResult result = execute("SELECT * FROM " + TABLE + " ORDER BY id")) {
      Map<String, ArrowType> types = new LinkedHashMap<>();
      for (Field field : result.schema().getFields()) {
        assertThat(field.isNullable()).as("%s is nullable", field.getName()).isTrue();
        types.put(field.getName(), field.getType());
      }
      assertThat(types)
          .containsExactly(
              Map.entry("id", new ArrowType.Int(32, true)),
              Map.entry("flag", ArrowType.Bool.INSTANCE),
              Map.entry("small_int", new ArrowType.Int(32, true)),
              Map.entry("big", new ArrowType.Int(64, true)),
              Map.entry("real_value", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
              Map.entry("double_value", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
              Map.entry("price", new ArrowType.Decimal(10, 2, 128)),
              Map.entry("wide", new ArrowType.Decimal(38, 10, 128)),
              Map.entry("name", ArrowType.Utf8.INSTANCE),
              Map.entry("day", new ArrowType.Date(DateUnit.DAY)),
              Map.entry("moment", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
              Map.entry("local_moment", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
              Map.entry("payload", ArrowType.Binary.INSTANCE),
              Map.entry("numbers", ArrowType.Utf8.INSTANCE),
              Map.entry("attributes", ArrowType.Utf8.INSTANCE),
              Map.entry("point", ArrowType.Utf8.INSTANCE));
    }
  }

  @Test
  void icebergValuesAndNullsArriveExactly() {
    List<List<Object>> rows = readAll("SELECT * FROM " + TABLE + " ORDER BY id");
    assertThat(rows).hasSize(3);
    assertThat(rows.get(0))
        .containsExactly(
            1,
            true,
            -7,
            9007199254740993L,
            1.5f,
            2.25d,
            new BigDecimal("12345678.91"),
            new BigDecimal("1234567890123456789012345678.0123456789"),
            "héllo ✓",
            LocalDate.of(2024, 2, 29),
            LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000),
            LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000),
            List.of((byte) 0xCA, (byte) 0xFE, (byte) 0x00),
            "[1,null,3]",
            "{\"k\":1}",
            "{\"x\":1,\"label\":\"a\"}");
    assertThat(rows.get(1).subList(1, 16)).containsOnlyNulls();
    assertThat(rows.get(2))
        .containsExactly(
            3,
            false,
            0,
            -1L,
            -0.25f,
            -1.0e300d,
            new BigDecimal("-0.05"),
            new BigDecimal("-0.0000000001"),
            "",
            LocalDate.of(1, 1, 1),
            LocalDateTime.of(2000, 1, 1, 0, 0),
            LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000),
            List.of(),
            "[]",
            "{}",
            "{\"x\":null,\"label\":null}");
  }

  @Test
  void literalsOfEveryTypeMapToArrowTypesAndValues() {
    String sql =
        "SELECT true AS b, CAST(-8 AS TINYINT) AS tiny, CAST(300 AS SMALLINT) AS small,"
            + " 2147483647 AS i, -9223372036854775808L AS l, CAST(-5.5 AS FLOAT) AS f,"
            + " CAST('NaN' AS DOUBLE) AS d, CAST('1.10' AS DECIMAL(5, 2)) AS dec,"
            + " CAST('abc' AS VARCHAR(5)) AS vc, DATE '1969-12-31' AS day,"
            + " TIMESTAMP '1969-12-31 23:59:59.5' AS ts, X'00FF' AS bin,"
            + " INTERVAL '1-2' YEAR TO MONTH AS year_month,"
            + " INTERVAL '3 04:05:06' DAY TO SECOND AS day_time, NULL AS nothing,"
            + " array(1, 2) AS arr, map('a', named_struct('b', 1)) AS nested";
    try (EngineResult result = execute(sql)) {
      assertThat(result.schema().getFields())
          .extracting(Field::getType)
          .containsExactly(
              ArrowType.Bool.INSTANCE,
              new ArrowType.Int(8, true),
              new ArrowType.Int(16, true),
              new ArrowType.Int(32, true),
              new ArrowType.Int(64, true),
              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE),
              new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE),
              new ArrowType.Decimal(5, 2, 128),
              ArrowType.Utf8.INSTANCE,
              new ArrowType.Date(DateUnit.DAY),
              new ArrowType.Timestamp(TimeUnit.MICROSECOND, null),
              ArrowType.Binary.INSTANCE,
              ArrowType.Utf8.INSTANCE,
              ArrowType.Utf8.INSTANCE,
              ArrowType.Utf8.INSTANCE,
              ArrowType.Utf8.INSTANCE,
              ArrowType.Utf8.INSTANCE);
      assertThat(result.schema().getFields())
          .extracting(Field::getName)
          .containsExactly(
              "b",
              "tiny",
              "small",
              "i",
              "l",
              "f",
              "d",
              "dec",
              "vc",
              "day",
              "ts",
              "bin",
              "year_month",
              "day_time",
              "nothing",
              "arr",
              "nested");
      assertThat(result.loadNextBatch()).isTrue();
      assertThat(row(result.root(), 0))
          .containsExactly(
              true,
              (byte) -8,
              (short) 300,
              Integer.MAX_VALUE,
              Long.MIN_VALUE,
              -5.5f,
              Double.NaN,
              new BigDecimal("1.10"),
              "abc",
              LocalDate.of(1969, 12, 31),
              LocalDateTime.of(1969, 12, 31, 23, 59, 59, 500_000_000),
              List.of((byte) 0x00, (byte) 0xFF),
              // Spark sends intervals in Hive's form.
              "1-2",
              "3 04:05:06.000000000",
              null,
              "[1,2]",
              "{\"a\":{\"b\":1}}");
      assertThat(result.loadNextBatch()).isFalse();
    }
  }

  @Test
  void columnNamesAreThoseSparkReports() {
    try (EngineResult result = execute("SELECT 1 + 1, upper('x') AS `Mixed Case`")) {
      assertThat(result.schema().getFields())
          .extracting(Field::getName)
          .containsExactly("(1 + 1)", "Mixed Case");
    }
  }

  private static List<List<Object>> readAll(String sql) {
    List<List<Object>> rows = new ArrayList<>();
    try (EngineResult result = execute(sql)) {
      while (result.loadNextBatch()) {
        for (int row = 0; row < result.root().getRowCount(); row++) {
          rows.add(row(result.root(), row));
        }
      }
    }
    return rows;
  }

  /** A row as plain Java values: strings for Utf8, byte lists for binary, java.time for dates. */
  private static List<Object> row(VectorSchemaRoot root, int row) {
    List<Object> values = new ArrayList<>();
    for (FieldVector vector : root.getFieldVectors()) {
      Object value = vector.getObject(row);
      if (value instanceof Text text) {
        value = text.toString();
      } else if (value instanceof byte[] bytes) {
        List<Byte> list = new ArrayList<>();
        for (byte b : bytes) {
          list.add(b);
        }
        value = list;
      } else if (vector instanceof DateDayVector && value != null) {
        value = LocalDate.ofEpochDay((Integer) value);
      }
      values.add(value);
    }
    return values;
  }

  private static EngineResult execute(String sql) {
    return engine.execute(new EngineRequest(TestingLocalCluster.nextQueryId(), sql), allocator);
  }

  private static void run(String sql) {
    engine.executeDiscardingRows(new EngineRequest(TestingLocalCluster.nextQueryId(), sql));
  }
}
