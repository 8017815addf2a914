package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TestSparkValueParser {
  @Test
  void datesAreDaysSinceTheEpoch() {
    assertThat(SparkValueParser.parseEpochDay("1970-01-01")).isZero();
    assertThat(SparkValueParser.parseEpochDay("1969-12-31")).isEqualTo(-1);
    assertThat(SparkValueParser.parseEpochDay("2024-02-29"))
        .isEqualTo(LocalDate.of(2024, 2, 29).toEpochDay());
    assertThat(SparkValueParser.parseEpochDay("0001-01-01"))
        .isEqualTo(LocalDate.of(1, 1, 1).toEpochDay());
    assertThat(SparkValueParser.parseEpochDay("+10000-01-01"))
        .isEqualTo(LocalDate.of(10000, 1, 1).toEpochDay());
    assertThat(SparkValueParser.parseEpochDay("-0044-03-15"))
        .isEqualTo(LocalDate.of(-44, 3, 15).toEpochDay());
  }

  @Test
  void everyDayFromYearOneToYear9999AgreesWithJavaTime() {
    for (LocalDate day = LocalDate.of(1, 1, 1); day.getYear() < 10_000; day = day.plusDays(1)) {
      String text = day.toString();
      if (SparkValueParser.parseEpochDay(text) != day.toEpochDay()) {
        throw new AssertionError(text + " parsed as " + SparkValueParser.parseEpochDay(text));
      }
    }
  }

  @Test
  void timestampsAreMicrosecondsOfTheirWallClockValue() {
    assertThat(SparkValueParser.parseEpochMicros("1970-01-01 00:00:00")).isZero();
    assertThat(SparkValueParser.parseEpochMicros("1969-12-31 23:59:59.5")).isEqualTo(-500_000);
    assertThat(SparkValueParser.parseEpochMicros("2024-02-29 13:14:15.123456"))
        .isEqualTo(micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)));
    assertThat(SparkValueParser.parseEpochMicros("2024-02-29T13:14:15.1"))
        .isEqualTo(micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 100_000_000)));
    // Digits beyond microseconds are dropped, as Spark has none.
    assertThat(SparkValueParser.parseEpochMicros("2024-02-29 13:14:15.123456789"))
        .isEqualTo(micros(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)));
    assertThat(SparkValueParser.parseEpochMicros("9999-12-31 23:59:59.999999"))
        .isEqualTo(micros(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)));
  }

  @Test
  void malformedDatesAndTimestampsAreRejectedWithTheirText() {
    assertThatThrownBy(() -> SparkValueParser.parseEpochDay("2024-02-30"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read '2024-02-30' as a date");
    assertThatThrownBy(() -> SparkValueParser.parseEpochDay("2024-2-3"))
        .hasMessage("Cannot read '2024-2-3' as a date");
    assertThatThrownBy(() -> SparkValueParser.parseEpochMicros("2024-02-01 24:00:00"))
        .hasMessage("Cannot read '2024-02-01 24:00:00' as a timestamp");
    assertThatThrownBy(() -> SparkValueParser.parseEpochMicros("2024-02-01 10:00:00."))
        .hasMessage("Cannot read '2024-02-01 10:00:00.' as a timestamp");
    assertThatThrownBy(() -> SparkValueParser.parseEpochMicros("2024-02-01"))
        .hasMessage("Cannot read '2024-02-01' as a timestamp");
  }

  @Test
  void decimalsThatFitALongSkipBigDecimal() {
    assertThat(SparkValueParser.parseUnscaledOrNull("12345678.91", 2)).isEqualTo(1234567891L);
    assertThat(SparkValueParser.parseUnscaledOrNull("-0.05", 2)).isEqualTo(-5L);
    assertThat(SparkValueParser.parseUnscaledOrNull("7", 3)).isEqualTo(7000L);
    assertThat(SparkValueParser.parseUnscaledOrNull("1.5", 2)).isEqualTo(150L);
    assertThat(SparkValueParser.parseUnscaledOrNull("0.000", 3)).isEqualTo(0L);
    assertThat(SparkValueParser.parseUnscaledOrNull("999999999999999999", 0))
        .isEqualTo(999_999_999_999_999_999L);
  }

  @Test
  void decimalsThatDoNotFitALongFallBackToBigDecimal() {
    assertThat(SparkValueParser.parseUnscaledOrNull("1234567890123456789", 0)).isNull();
    assertThat(SparkValueParser.parseUnscaledOrNull("99999999999999999", 2)).isNull();
    assertThat(SparkValueParser.parseUnscaledOrNull("1.234", 2)).isNull();
    assertThat(SparkValueParser.parseUnscaledOrNull("1E+3", 0)).isNull();
    assertThat(SparkValueParser.parseUnscaledOrNull(".", 0)).isNull();
    assertThat(SparkValueParser.parseUnscaledOrNull("-", 0)).isNull();
    assertThat(SparkValueParser.parseDecimal("1234567890123456789012345678.0123456789", 10))
        .isEqualTo(new BigDecimal("1234567890123456789012345678.0123456789"));
    assertThat(SparkValueParser.parseDecimal("1E+3", 2)).isEqualTo(new BigDecimal("1000.00"));
    assertThatThrownBy(() -> SparkValueParser.parseDecimal("1.234", 2))
        .hasMessage("Cannot read '1.234' as a decimal with scale 2");
  }

  private static long micros(LocalDateTime time) {
    return ChronoUnit.MICROS.between(LocalDateTime.of(1970, 1, 1, 0, 0), time);
  }

  @Test
  void microsecondHelperAgreesWithJavaTime() {
    LocalDateTime time = LocalDateTime.of(2001, 9, 9, 1, 46, 40);
    assertThat(micros(time)).isEqualTo(time.toEpochSecond(ZoneOffset.UTC) * 1_000_000);
  }
}
