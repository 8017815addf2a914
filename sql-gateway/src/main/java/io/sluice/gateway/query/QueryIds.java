package io.sluice.gateway.query;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.atomic.AtomicLong;

/** Query ids that sort by start time and read well in logs: {@code 20261121_060255_00001}. */
final class QueryIds {
  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss");
  private final AtomicLong counter = new AtomicLong();

  String next() {
    return FORMAT.format(ZonedDateTime.now(ZoneOffset.UTC))
        + "_"
        + String.format("%05d", counter.incrementAndGet() % 100_000);
  }
}
