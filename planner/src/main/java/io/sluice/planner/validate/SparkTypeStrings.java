package io.sluice.planner.validate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.StructKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Spark's type names as Spark prints them ({@code int}, {@code decimal(10,2)}, {@code
 * array<string>}, {@code map<string,array<int>>}, {@code struct<a:int,b:string>}), as Calcite
 * types, with Spark's meaning: {@code timestamp} has the session's time zone, {@code float} is four
 * bytes.
 */
final class SparkTypeStrings {
  private static final Map<String, SqlTypeName> PRIMITIVES =
      Map.ofEntries(
          Map.entry("boolean", SqlTypeName.BOOLEAN),
          Map.entry("tinyint", SqlTypeName.TINYINT),
          Map.entry("byte", SqlTypeName.TINYINT),
          Map.entry("smallint", SqlTypeName.SMALLINT),
          Map.entry("short", SqlTypeName.SMALLINT),
          Map.entry("int", SqlTypeName.INTEGER),
          Map.entry("integer", SqlTypeName.INTEGER),
          Map.entry("bigint", SqlTypeName.BIGINT),
          Map.entry("long", SqlTypeName.BIGINT),
          Map.entry("float", SqlTypeName.REAL),
          Map.entry("real", SqlTypeName.REAL),
          Map.entry("double", SqlTypeName.DOUBLE),
          Map.entry("string", SqlTypeName.VARCHAR),
          Map.entry("binary", SqlTypeName.VARBINARY),
          Map.entry("date", SqlTypeName.DATE),
          Map.entry("timestamp", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE),
          Map.entry("timestamp_ltz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE),
          Map.entry("timestamp_ntz", SqlTypeName.TIMESTAMP));

  private final String text;
  private final RelDataTypeFactory types;
  private int position;

  private SparkTypeStrings(String text, RelDataTypeFactory types) {
    this.text = text;
    this.types = types;
  }

  /**
   * The Calcite type of a Spark type name.
   *
   * @throws IllegalArgumentException when the text is not a Spark type
   */
  static RelDataType toCalcite(String text, RelDataTypeFactory types) {
    SparkTypeStrings parser = new SparkTypeStrings(text, types);
    RelDataType type = parser.type();
    parser.skipSpaces();
    if (parser.position != text.length()) {
      throw new IllegalArgumentException("Not a Spark type: " + text);
    }
    return type;
  }

  private RelDataType type() {
    String name = word();
    switch (name) {
      case "array" -> {
        expect('<');
        RelDataType element = nullable(type());
        expect('>');
        return types.createArrayType(element, -1);
      }
      case "map" -> {
        expect('<');
        RelDataType key = type();
        expect(',');
        RelDataType value = nullable(type());
        expect('>');
        return types.createMapType(key, value);
      }
      case "struct" -> {
        expect('<');
        List<String> names = new ArrayList<>();
        List<RelDataType> fields = new ArrayList<>();
        while (true) {
          skipSpaces();
          names.add(fieldName());
          skipSpaces();
          if (peek() == ':') {
            position++;
          }
          fields.add(nullable(type()));
          skipSpaces();
          if (peek() == ',') {
            position++;
            continue;
          }
          expect('>');
          return types.createStructType(StructKind.FULLY_QUALIFIED, fields, names);
        }
      }
      case "decimal", "dec", "numeric" -> {
        skipSpaces();
        if (peek() != '(') {
          return types.createSqlType(SqlTypeName.DECIMAL, 10, 0);
        }
        position++;
        int precision = number();
        int scale = 0;
        skipSpaces();
        if (peek() == ',') {
          position++;
          scale = number();
        }
        expect(')');
        return types.createSqlType(SqlTypeName.DECIMAL, precision, scale);
      }
      case "varchar", "char" -> {
        expect('(');
        number();
        expect(')');
        return types.createSqlType(SqlTypeName.VARCHAR);
      }
      default -> {
        SqlTypeName primitive = PRIMITIVES.get(name);
        if (primitive == null) {
          throw new IllegalArgumentException("Not a Spark type: " + name);
        }
        return primitive == SqlTypeName.TIMESTAMP
                || primitive == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE
            ? types.createSqlType(primitive, 6)
            : types.createSqlType(primitive);
      }
    }
  }

  private RelDataType nullable(RelDataType type) {
    return types.createTypeWithNullability(type, true);
  }

  private String word() {
    skipSpaces();
    return name().toLowerCase(Locale.ROOT);
  }

  /** Letters, digits and underscores, at least one. */
  private String name() {
    int start = position;
    while (position < text.length()
        && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
      position++;
    }
    if (start == position) {
      throw new IllegalArgumentException("Not a Spark type: " + text);
    }
    return text.substring(start, position);
  }

  /** A struct field's name: a word, or a backquoted name. */
  private String fieldName() {
    if (peek() != '`') {
      return name();
    }
    StringBuilder name = new StringBuilder();
    position++;
    while (position < text.length()) {
      char next = text.charAt(position++);
      if (next == '`') {
        if (peek() != '`') {
          return name.toString();
        }
        position++;
      }
      name.append(next);
    }
    throw new IllegalArgumentException("Not a Spark type: " + text);
  }

  private int number() {
    skipSpaces();
    int start = position;
    while (position < text.length() && Character.isDigit(text.charAt(position))) {
      position++;
    }
    if (start == position) {
      throw new IllegalArgumentException("Not a Spark type: " + text);
    }
    return Integer.parseInt(text.substring(start, position));
  }

  private void expect(char expected) {
    skipSpaces();
    if (peek() != expected) {
      throw new IllegalArgumentException("Not a Spark type: " + text);
    }
    position++;
  }

  private char peek() {
    return position < text.length() ? text.charAt(position) : '\0';
  }

  private void skipSpaces() {
    while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
      position++;
    }
  }
}
