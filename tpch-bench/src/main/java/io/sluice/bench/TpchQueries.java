package io.sluice.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The 22 TPC-H query texts, the same ones the planner's golden tests and the E2E test use. */
final class TpchQueries {
  private TpchQueries() {}

  static String text(int number) {
    String name = String.format("/tpch/queries/q%02d.sql", number);
    try (InputStream input = TpchQueries.class.getResourceAsStream(name)) {
      if (input == null) {
        throw new IllegalStateException("Missing TPC-H query resource " + name);
      }
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
