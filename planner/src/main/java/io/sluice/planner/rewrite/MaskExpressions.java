package io.sluice.planner.rewrite;

import io.sluice.planner.unparse.SparkTypeSpecs;
import io.sluice.security.access.ColumnMask.MaskType;
import java.util.Optional;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.DateString;

/**
 * Ranger's mask types as Spark SQL expressions that keep the column's type. Ranger's Hive service
 * definition names Hive functions for them ({@code mask}, {@code mask_show_last_n}, {@code
 * mask_show_first_n}, {@code mask_hash}); these are their Spark 3.5 equivalents:
 *
 * <ul>
 *   <li>strings: MASK is Spark's {@code mask(c)} (upper case to X, lower case to x, digits to n,
 *       anything else kept); MASK_SHOW_LAST_4 and MASK_SHOW_FIRST_4 mask letters and digits as
 *       {@code x}, as Ranger's {@code mask_show_last_n(c, 4, 'x', 'x', 'x', -1, '1')} does, except
 *       the last or first four characters; MASK_HASH is {@code sha2(c, 256)}, the hex SHA-256 that
 *       Hive's {@code mask_hash} gives; MASK_DATE_SHOW_YEAR masks letters and digits as {@code x},
 *       which is what Ranger's {@code mask(c, 'x', 'x', 'x', -1, '1', 1, 0, -1)} does to a string;
 *   <li>integers and decimals: every digit becomes 1, the sign and decimal point stay (Hive's
 *       number mask character), except the last or first four characters for MASK_SHOW_LAST_4 and
 *       MASK_SHOW_FIRST_4; cast back to the column's type (the result has as many digits as the
 *       value, so it always fits); MASK_DATE_SHOW_YEAR masks as MASK, as Ranger's expression does
 *       to a number;
 *   <li>dates: MASK, MASK_SHOW_LAST_4 and MASK_SHOW_FIRST_4 give 0001-01-01 (Hive's default mask of
 *       a date); MASK_DATE_SHOW_YEAR gives January 1st of the value's year, {@code trunc(c,
 *       'YEAR')};
 *   <li>timestamps: as dates, at midnight; MASK_DATE_SHOW_YEAR is {@code date_trunc('YEAR', c)} for
 *       {@code timestamp}, and goes through {@code DATE} for {@code timestamp_ntz}, whose {@code
 *       date_trunc} would give a {@code timestamp};
 *   <li>MASK_HASH of anything but a string, and every mask of other types (boolean, binary, arrays,
 *       maps, structs) but MASK_NONE, is a NULL of the column's type: Hive's {@code mask_hash}
 *       gives NULL for them, and nothing else both hides the value and keeps the type;
 *   <li>MASK_NULL is {@code CAST(NULL AS <type>)}; MASK_NONE is the column.
 * </ul>
 *
 * <p>A NULL stays NULL under every mask. CUSTOM masks are policy expressions; see {@link
 * PolicyExpressions}.
 */
final class MaskExpressions {
  private static final SqlParserPos POSITION = SqlParserPos.ZERO;
  private static final String DIGITS = "[0-9]";
  private static final String NUMBER_MASK = "1";
  private static final String LETTER_AND_DIGIT_MASK = "x";
  private static final int SHOWN = 4;

  private MaskExpressions() {}

  /**
   * The masked column, or empty when the column's type has no Spark name to cast to.
   *
   * @param type a mask type other than CUSTOM
   * @param column the column's name
   * @param columnType the column's type
   */
  static Optional<SqlNode> mask(MaskType type, String column, RelDataType columnType) {
    Optional<SqlDataTypeSpec> spec = SparkTypeSpecs.of(columnType);
    if (spec.isEmpty()) {
      return type == MaskType.MASK_NONE ? Optional.of(column(column)) : Optional.empty();
    }
    SqlIdentifier value = column(column);
    SqlNode typedNull = typedNull(spec.get());
    if (type == MaskType.MASK_NONE) {
      return Optional.of(value);
    }
    if (type == MaskType.MASK_NULL) {
      return Optional.of(typedNull);
    }
    SqlTypeName typeName = columnType.getSqlTypeName();
    SqlNode masked =
        switch (typeName) {
          case CHAR, VARCHAR -> maskString(type, value);
          case TINYINT, SMALLINT, INTEGER, BIGINT, DECIMAL ->
              type == MaskType.MASK_HASH ? typedNull : maskNumber(type, value, spec.get());
          case DATE ->
              switch (type) {
                case MASK_DATE_SHOW_YEAR -> call("trunc", value, literal("YEAR"));
                case MASK_HASH -> typedNull;
                default -> whenNotNull(value, firstDay());
              };
          case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
              switch (type) {
                case MASK_DATE_SHOW_YEAR ->
                    typeName == SqlTypeName.TIMESTAMP
                        ? cast(call("trunc", cast(value, "DATE"), literal("YEAR")), spec.get())
                        : call("date_trunc", literal("YEAR"), value);
                case MASK_HASH -> typedNull;
                default -> whenNotNull(value, cast(firstDay(), spec.get()));
              };
          default -> typedNull;
        };
    return Optional.of(masked);
  }

  /** {@code CAST(NULL AS <type>)}. */
  static SqlNode typedNull(SqlDataTypeSpec type) {
    return cast(SqlLiteral.createNull(POSITION), type);
  }

  private static SqlNode maskString(MaskType type, SqlNode value) {
    return switch (type) {
      case MASK -> call("mask", value);
      case MASK_SHOW_LAST_4 ->
          call(
              "concat",
              maskLettersAndDigits(
                  call("substr", value, number(1), minus(call("length", value), SHOWN))),
              call("substr", value, number(-SHOWN)));
      case MASK_SHOW_FIRST_4 ->
          call(
              "concat",
              call("substr", value, number(1), number(SHOWN)),
              maskLettersAndDigits(call("substr", value, number(SHOWN + 1))));
      case MASK_HASH -> call("sha2", value, number(256));
      case MASK_DATE_SHOW_YEAR -> maskLettersAndDigits(value);
      default -> throw new IllegalArgumentException("Not a built-in string mask: " + type);
    };
  }

  private static SqlNode maskNumber(MaskType type, SqlNode value, SqlDataTypeSpec spec) {
    SqlNode text = cast(value, "STRING");
    SqlNode masked =
        switch (type) {
          case MASK, MASK_DATE_SHOW_YEAR -> maskDigits(text);
          case MASK_SHOW_LAST_4 ->
              call(
                  "concat",
                  maskDigits(call("substr", text, number(1), minus(call("length", text), SHOWN))),
                  call("substr", text, number(-SHOWN)));
          case MASK_SHOW_FIRST_4 ->
              call(
                  "concat",
                  call("substr", text, number(1), number(SHOWN)),
                  maskDigits(call("substr", text, number(SHOWN + 1))));
          default -> throw new IllegalArgumentException("Not a built-in number mask: " + type);
        };
    return cast(masked, spec);
  }

  private static SqlNode maskLettersAndDigits(SqlNode value) {
    return call(
        "mask",
        value,
        literal(LETTER_AND_DIGIT_MASK),
        literal(LETTER_AND_DIGIT_MASK),
        literal(LETTER_AND_DIGIT_MASK));
  }

  private static SqlNode maskDigits(SqlNode text) {
    return call("regexp_replace", text, literal(DIGITS), literal(NUMBER_MASK));
  }

  private static SqlNode firstDay() {
    return SqlLiteral.createDate(new DateString(1, 1, 1), POSITION);
  }

  /** {@code CASE WHEN value IS NOT NULL THEN masked END}: a NULL stays NULL. */
  private static SqlNode whenNotNull(SqlNode value, SqlNode masked) {
    return new SqlCase(
        POSITION,
        null,
        SqlNodeList.of(SqlStdOperatorTable.IS_NOT_NULL.createCall(POSITION, value)),
        SqlNodeList.of(masked),
        null);
  }

  private static SqlNode minus(SqlNode left, int right) {
    return SqlStdOperatorTable.MINUS.createCall(POSITION, left, number(right));
  }

  static SqlIdentifier column(String name) {
    return new SqlIdentifier(name, POSITION);
  }

  static SqlNode cast(SqlNode value, SqlDataTypeSpec type) {
    return SqlStdOperatorTable.CAST.createCall(POSITION, value, type);
  }

  private static SqlNode cast(SqlNode value, String sparkType) {
    return cast(value, SparkTypeSpecs.named(sparkType));
  }

  /** A Spark function, printed by its name as written. */
  private static SqlNode call(String function, SqlNode... operands) {
    return new SqlUnresolvedFunction(
            new SqlIdentifier(function, POSITION),
            null,
            null,
            null,
            null,
            SqlFunctionCategory.USER_DEFINED_FUNCTION)
        .createCall(POSITION, operands);
  }

  private static SqlLiteral literal(String value) {
    return SqlLiteral.createCharString(value, POSITION);
  }

  private static SqlLiteral number(int value) {
    return SqlLiteral.createExactNumeric(Integer.toString(value), POSITION);
  }
}
