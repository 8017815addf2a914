package io.sluice.engine.spark;

import static java.nio.charset.StandardCharsets.ISO_8859_1;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Reads the strings HiveServer2 sends for dates, timestamps and decimals. Hand-written instead of
 * {@code DateTimeFormatter}: these run once per value of large results, and Spark's forms are
 * fixed: {@code yyyy-MM-dd}, {@code yyyy-MM-dd HH:mm:ss[.SSSSSS]} (trailing zeros of the fraction
 * dropped), years beyond 9999 with a sign, and plain decimal strings.
 */
final class SparkValueParser {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  /** What {@link #parseUnscaled} returns for a value it leaves to BigDecimal; 18 digits never. */
  static final long NOT_A_LONG = Long.MIN_VALUE;

  /** Unscaled values of up to 18 digits fit a long: those skip BigDecimal. */
  private static final int MAX_LONG_DIGITS = 18;

  private SparkValueParser() {}

  /** Days since 1970-01-01 of a date in Spark's form. */
  static int parseEpochDay(String text) {
    byte[] bytes = text.getBytes(ISO_8859_1);
    return parseEpochDay(bytes, 0, bytes.length);
  }

  /** Days since 1970-01-01 of a date in Spark's form, read from ASCII bytes. */
  static int parseEpochDay(byte[] bytes, int offset, int length) {
    if (length == 10 && bytes[offset + 4] == '-' && bytes[offset + 7] == '-') {
      // The usual four-digit year: fixed positions, no allocation.
      int year = fixedDigits(bytes, offset, 4);
      int month = fixedDigits(bytes, offset + 5, 2);
      int day = fixedDigits(bytes, offset + 8, 2);
      if (year >= 0 && month >= 0 && day >= 0) {
        return Math.toIntExact(epochDay(year, month, day, bytes, offset, length, "date"));
      }
      throw invalid(new String(bytes, offset, length, ISO_8859_1), "date");
    }
    String text = new String(bytes, offset, length, ISO_8859_1);
    Cursor cursor = new Cursor(text);
    long epochDay = readDate(cursor, text, "date");
    if (!cursor.atEnd()) {
      throw invalid(text, "date");
    }
    return Math.toIntExact(epochDay);
  }

  /** Microseconds since 1970-01-01 00:00:00 of a timestamp's wall-clock value in Spark's form. */
  static long parseEpochMicros(String text) {
    Cursor cursor = new Cursor(text);
    long epochDay = readDate(cursor, text, "timestamp");
    if (!cursor.skip(' ') && !cursor.skip('T')) {
      throw invalid(text, "timestamp");
    }
    int hour = cursor.readDigits(2, 2, text, "timestamp");
    cursor.expect(':', text, "timestamp");
    int minute = cursor.readDigits(2, 2, text, "timestamp");
    cursor.expect(':', text, "timestamp");
    int second = cursor.readDigits(2, 2, text, "timestamp");
    long fractionMicros = 0;
    if (cursor.skip('.')) {
      int start = cursor.position;
      int fraction = cursor.readDigits(1, 9, text, "timestamp");
      int digits = cursor.position - start;
      // Microseconds are Spark's precision: pad shorter fractions, drop digits beyond six.
      fractionMicros = scaleFraction(fraction, digits);
    }
    if (!cursor.atEnd() || hour > 23 || minute > 59 || second > 59) {
      throw invalid(text, "timestamp");
    }
    long secondOfDay = (hour * 60L + minute) * 60L + second;
    return Math.addExact(
        Math.multiplyExact(epochDay, MICROS_PER_DAY),
        secondOfDay * MICROS_PER_SECOND + fractionMicros);
  }

  /**
   * Days since 1970-01-01 of a proleptic Gregorian date, as {@code LocalDate.toEpochDay} computes
   * them but without creating one (Howard Hinnant's days-from-civil).
   */
  static long epochDay(int year, int month, int day, String text, String what) {
    if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      throw invalid(text, what);
    }
    return epochDay(year, month, day);
  }

  private static long epochDay(
      int year, int month, int day, byte[] bytes, int offset, int length, String what) {
    if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month)) {
      throw invalid(new String(bytes, offset, length, ISO_8859_1), what);
    }
    return epochDay(year, month, day);
  }

  private static long epochDay(int year, int month, int day) {
    long shiftedYear = month <= 2 ? year - 1L : year;
    long era = Math.floorDiv(shiftedYear, 400);
    long yearOfEra = shiftedYear - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }

  private static int lengthOfMonth(int year, int month) {
    return switch (month) {
      case 2 -> isLeapYear(year) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  private static boolean isLeapYear(long year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }

  /** The value of {@code count} ASCII digits, or -1 when one of them is not a digit. */
  private static int fixedDigits(byte[] bytes, int offset, int count) {
    int value = 0;
    for (int index = offset; index < offset + count; index++) {
      int digit = bytes[index] - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }

  /**
   * The unscaled value of a decimal string at the given scale, or {@code null} when it does not fit
   * in a long at that scale without rounding; callers then use {@link #parseDecimal}.
   */
  static Long parseUnscaledOrNull(String text, int scale) {
    byte[] bytes = text.getBytes(ISO_8859_1);
    long unscaled = parseUnscaled(bytes, 0, bytes.length, scale);
    return unscaled == NOT_A_LONG ? null : unscaled;
  }

  /**
   * The unscaled value of a decimal in ASCII bytes at the given scale, or {@link #NOT_A_LONG} when
   * it does not fit in a long at that scale without rounding or is not a plain decimal; callers
   * then use {@link #parseDecimal}, which also reports malformed text.
   */
  static long parseUnscaled(byte[] bytes, int offset, int length, int scale) {
    int position = offset;
    int end = offset + length;
    boolean negative = false;
    if (length > 0 && (bytes[offset] == '-' || bytes[offset] == '+')) {
      negative = bytes[offset] == '-';
      position++;
    }
    long unscaled = 0;
    int digits = 0;
    int fractionDigits = -1;
    boolean anyDigit = false;
    for (; position < end; position++) {
      byte character = bytes[position];
      if (character == '.' && fractionDigits < 0) {
        fractionDigits = 0;
        continue;
      }
      if (character < '0' || character > '9') {
        return NOT_A_LONG;
      }
      anyDigit = true;
      if (unscaled != 0 || character != '0') {
        digits++;
      }
      if (digits > MAX_LONG_DIGITS) {
        return NOT_A_LONG;
      }
      unscaled = unscaled * 10 + (character - '0');
      if (fractionDigits >= 0) {
        fractionDigits++;
      }
    }
    if (fractionDigits < 0) {
      fractionDigits = 0;
    }
    if (fractionDigits > scale || !anyDigit) {
      return NOT_A_LONG;
    }
    for (int missing = scale - fractionDigits; missing > 0; missing--) {
      if (++digits > MAX_LONG_DIGITS && unscaled != 0) {
        return NOT_A_LONG;
      }
      unscaled *= 10;
    }
    return negative ? -unscaled : unscaled;
  }

  /** A decimal string at exactly the given scale; more fraction digits than that are an error. */
  static BigDecimal parseDecimal(String text, int scale) {
    try {
      return new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "Cannot read '" + text + "' as a decimal with scale " + scale, e);
    }
  }

  private static long readDate(Cursor cursor, String text, String what) {
    boolean negative = false;
    if (cursor.skip('-')) {
      negative = true;
    } else {
      cursor.skip('+');
    }
    int year = cursor.readDigits(4, 9, text, what);
    cursor.expect('-', text, what);
    int month = cursor.readDigits(2, 2, text, what);
    cursor.expect('-', text, what);
    int day = cursor.readDigits(2, 2, text, what);
    return epochDay(negative ? -year : year, month, day, text, what);
  }

  private static long scaleFraction(int fraction, int digits) {
    long value = fraction;
    for (int digit = digits; digit < 6; digit++) {
      value *= 10;
    }
    for (int digit = digits; digit > 6; digit--) {
      value /= 10;
    }
    return value;
  }

  private static IllegalArgumentException invalid(String text, String what) {
    return new IllegalArgumentException("Cannot read '" + text + "' as a " + what);
  }

  /** A read position in one string. */
  private static final class Cursor {
    private final String text;
    private int position;

    Cursor(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return position == text.length();
    }

    boolean skip(char expected) {
      if (position < text.length() && text.charAt(position) == expected) {
        position++;
        return true;
      }
      return false;
    }

    void expect(char expected, String value, String what) {
      if (!skip(expected)) {
        throw invalid(value, what);
      }
    }

    int readDigits(int minimum, int maximum, String value, String what) {
      int start = position;
      int result = 0;
      while (position < text.length() && position - start < maximum) {
        char character = text.charAt(position);
        if (character < '0' || character > '9') {
          break;
        }
        result = result * 10 + (character - '0');
        position++;
      }
      if (position - start < minimum) {
        throw invalid(value, what);
      }
      return result;
    }
  }
}
