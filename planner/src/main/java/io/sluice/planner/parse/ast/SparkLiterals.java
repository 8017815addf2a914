package io.sluice.planner.parse.ast;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;

/** Spark's literals that Calcite's grammar has no form for. */
public final class SparkLiterals {
  private static final Set<TimeUnit> YEAR_MONTH = EnumSet.of(TimeUnit.YEAR, TimeUnit.MONTH);
  private static final List<TimeUnit> DAY_TIME =
      List.of(TimeUnit.DAY, TimeUnit.HOUR, TimeUnit.MINUTE, TimeUnit.SECOND);
  private static final BigInteger MICROS_PER_SECOND = BigInteger.valueOf(1_000_000);

  private SparkLiterals() {}

  /** {@code TIMESTAMP_NTZ '...'} or {@code TIMESTAMP_LTZ '...'}; Spark reads the text. */
  public static SqlCall timestamp(String text, boolean withoutZone, SqlParserPos pos) {
    return (withoutZone ? SparkOperators.TIMESTAMP_NTZ : SparkOperators.TIMESTAMP_LTZ)
        .createCall(pos, SqlLiteral.createCharString(text, pos));
  }

  /**
   * Spark's multi-unit interval, {@code INTERVAL 2 HOURS 30 MINUTES}, as the one interval literal
   * Spark makes of it: year-month when every unit is a year or month, else day-time, from the
   * largest unit written to the smallest ({@code INTERVAL '2:30' HOUR TO MINUTE}).
   *
   * @param values each unit's number, negated by a unary minus where written with one
   * @throws IllegalArgumentException with a message for the user, where Spark refuses the interval
   */
  public static SqlLiteral multiUnitInterval(
      List<SqlNode> values, List<SqlIntervalQualifier> units, SqlParserPos pos) {
    EnumSet<TimeUnit> written = EnumSet.noneOf(TimeUnit.class);
    BigInteger months = BigInteger.ZERO;
    BigInteger micros = BigInteger.ZERO;
    for (int i = 0; i < values.size(); i++) {
      TimeUnit unit = units.get(i).getStartUnit();
      BigDecimal value = number(values.get(i), unit);
      switch (unit) {
        case YEAR -> months = months.add(whole(value, unit).multiply(BigInteger.valueOf(12)));
        case MONTH -> months = months.add(whole(value, unit));
        case WEEK -> micros = micros.add(whole(value, unit).multiply(microsPer(TimeUnit.WEEK)));
        case DAY, HOUR, MINUTE -> micros = micros.add(whole(value, unit).multiply(microsPer(unit)));
        case SECOND -> {
          BigDecimal scaled = value.movePointRight(6);
          if (scaled.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException(
                "Interval value " + value.toPlainString() + " SECONDS is finer than a microsecond");
          }
          micros = micros.add(scaled.toBigIntegerExact());
        }
        default ->
            throw new IllegalArgumentException(
                "Spark has no " + unit.name().toLowerCase(Locale.ROOT) + " intervals");
      }
      written.add(unit == TimeUnit.WEEK ? TimeUnit.DAY : unit);
    }
    boolean yearMonth = YEAR_MONTH.containsAll(written);
    if (!yearMonth && written.stream().anyMatch(YEAR_MONTH::contains)) {
      throw new IllegalArgumentException(
          "Cannot mix year-month and day-time fields in one interval: Spark reads an interval of"
              + " years and months or one of days to seconds; add two intervals instead");
    }
    if (yearMonth) {
      TimeUnit start = written.contains(TimeUnit.YEAR) ? TimeUnit.YEAR : TimeUnit.MONTH;
      TimeUnit end = written.contains(TimeUnit.MONTH) ? TimeUnit.MONTH : TimeUnit.YEAR;
      BigInteger[] yearsAndMonths = months.abs().divideAndRemainder(BigInteger.valueOf(12));
      String text =
          start == end
              ? (start == TimeUnit.YEAR ? yearsAndMonths[0] : months.abs()).toString()
              : yearsAndMonths[0] + "-" + yearsAndMonths[1];
      return literal(months.signum(), text, start, end, pos);
    }
    TimeUnit start = DAY_TIME.stream().filter(written::contains).findFirst().orElseThrow();
    TimeUnit end = start;
    for (TimeUnit unit : DAY_TIME) {
      if (written.contains(unit)) {
        end = unit;
      }
    }
    return literal(micros.signum(), dayTime(micros.abs(), start, end), start, end, pos);
  }

  private static SqlLiteral literal(
      int sign, String text, TimeUnit start, TimeUnit end, SqlParserPos pos) {
    SqlIntervalQualifier qualifier =
        new SqlIntervalQualifier(start, -1, start == end ? null : end, -1, pos);
    return SqlLiteral.createInterval(sign < 0 ? -1 : 1, text, qualifier, pos);
  }

  /** The fields from start to end of a positive number of microseconds, as Calcite writes them. */
  private static String dayTime(BigInteger micros, TimeUnit start, TimeUnit end) {
    StringBuilder text = new StringBuilder();
    BigInteger rest = micros;
    for (TimeUnit unit : DAY_TIME.subList(DAY_TIME.indexOf(start), DAY_TIME.indexOf(end) + 1)) {
      BigInteger[] quotient = rest.divideAndRemainder(microsPer(unit));
      if (unit != start) {
        text.append(unit == TimeUnit.HOUR ? ' ' : ':');
        if (quotient[0].compareTo(BigInteger.TEN) < 0) {
          text.append('0');
        }
      }
      text.append(quotient[0]);
      rest = quotient[1];
    }
    if (end == TimeUnit.SECOND && rest.signum() > 0) {
      String fraction = String.format(Locale.ROOT, "%06d", rest.intValueExact());
      text.append('.').append(fraction.replaceAll("0+$", ""));
    } else if (rest.signum() > 0) {
      throw new IllegalStateException("unreachable: the smallest unit written divides the total");
    }
    return text.toString();
  }

  private static BigInteger microsPer(TimeUnit unit) {
    return switch (unit) {
      case WEEK -> microsPer(TimeUnit.DAY).multiply(BigInteger.valueOf(7));
      case DAY -> microsPer(TimeUnit.HOUR).multiply(BigInteger.valueOf(24));
      case HOUR -> microsPer(TimeUnit.MINUTE).multiply(BigInteger.valueOf(60));
      case MINUTE -> MICROS_PER_SECOND.multiply(BigInteger.valueOf(60));
      case SECOND -> MICROS_PER_SECOND;
      default -> throw new IllegalArgumentException(unit.name());
    };
  }

  private static BigDecimal number(SqlNode value, TimeUnit unit) {
    boolean negative = false;
    if (value.getKind() == SqlKind.MINUS_PREFIX) {
      negative = true;
      value = ((SqlCall) value).operand(0);
    }
    if (!(value instanceof SqlNumericLiteral number) || number.bigDecimalValue() == null) {
      throw new IllegalArgumentException(
          "An interval of several units takes a number before each unit, not "
              + value
              + " before "
              + unit.name());
    }
    BigDecimal decimal = number.bigDecimalValue();
    return negative ? decimal.negate() : decimal;
  }

  private static BigInteger whole(BigDecimal value, TimeUnit unit) {
    try {
      return value.toBigIntegerExact();
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException(
          "Interval value "
              + value.toPlainString()
              + " "
              + unit.name()
              + " is not a whole number; write it in a smaller unit",
          e);
    }
  }
}
