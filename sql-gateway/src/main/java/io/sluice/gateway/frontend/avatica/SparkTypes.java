package io.sluice.gateway.frontend.avatica;

import java.sql.Types;
import java.util.List;

/** The engine's types as JDBC's getTypeInfo lists them. */
final class SparkTypes {
  record TypeInfo(
      String name,
      int jdbcType,
      int precision,
      String literalPrefix,
      String literalSuffix,
      String createParameters,
      boolean caseSensitive,
      boolean signed,
      int maximumScale,
      Integer radix) {}

  static final List<TypeInfo> ALL =
      List.of(
          new TypeInfo("boolean", Types.BOOLEAN, 1, null, null, null, false, false, 0, null),
          new TypeInfo("tinyint", Types.TINYINT, 3, null, null, null, false, true, 0, 10),
          new TypeInfo("smallint", Types.SMALLINT, 5, null, null, null, false, true, 0, 10),
          new TypeInfo("int", Types.INTEGER, 10, null, null, null, false, true, 0, 10),
          new TypeInfo("bigint", Types.BIGINT, 19, null, null, null, false, true, 0, 10),
          new TypeInfo("float", Types.REAL, 7, null, null, null, false, true, 0, 2),
          new TypeInfo("double", Types.DOUBLE, 15, null, null, null, false, true, 0, 2),
          new TypeInfo(
              "decimal", Types.DECIMAL, 38, null, null, "precision,scale", false, true, 38, 10),
          new TypeInfo(
              "string", Types.VARCHAR, Integer.MAX_VALUE, "'", "'", null, true, false, 0, null),
          new TypeInfo(
              "binary", Types.BINARY, Integer.MAX_VALUE, "X'", "'", null, false, false, 0, null),
          new TypeInfo("date", Types.DATE, 10, "DATE '", "'", null, false, false, 0, null),
          new TypeInfo(
              "timestamp", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", null, false, false, 6, null),
          new TypeInfo("array", Types.ARRAY, 0, null, null, null, false, false, 0, null),
          new TypeInfo("map", Types.JAVA_OBJECT, 0, null, null, null, false, false, 0, null),
          new TypeInfo("struct", Types.STRUCT, 0, null, null, null, false, false, 0, null));

  private SparkTypes() {}
}
