package io.sluice.gateway.query;

import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Query ids that sort by start time and read well in logs: {@code 20261121_060255_00001}.
 *
 * <p>Every statement takes one on its way to the engine, so the time is formatted once per second
 * and the sequence number is padded by hand ({@code String.format} cost more than the planner's
 * validation of a small query).
 */
final class QueryIds {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss").withZone(ZoneOffset.UTC);
  private static final int SEQUENCE_DIGITS = 5;
  private static final long SEQUENCE_WRAP = 100_000;

  private final InstantSource clock;
  private final AtomicLong counter = new AtomicLong();
  private volatile Second second = new Second(Long.MIN_VALUE, "");

  /** One second's formatted time. */
  private record Second(long epochSecond, String text) {}

  QueryIds() {
    this(InstantSource.system());
  }

  QueryIds(InstantSource clock) {
    this.clock = clock;
  }

  String next() {
    long epochSecond = Math.floorDiv(clock.millis(), 1000L);
    Second current = second;
    if (current.epochSecond() != epochSecond) {
      current = new Second(epochSecond, FORMAT.format(Instant.ofEpochSecond(epochSecond)));
      second = current;
    }
    String sequence = Long.toString(counter.incrementAndGet() % SEQUENCE_WRAP);
    StringBuilder id = new StringBuilder(current.text().length() + 1 + SEQUENCE_DIGITS);
    id.append(current.text()).append('_');
    for (int digit = sequence.length(); digit < SEQUENCE_DIGITS; digit++) {
      id.append('0');
    }
    return id.append(sequence).toString();
  }
}
