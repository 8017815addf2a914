package io.sluice.gateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TestQueryIds {
  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-21T06:02:55.250Z"));
  private final QueryIds ids = new QueryIds(now::get);

  @Test
  void idsCarryTheSecondInUtcAndAPaddedSequence() {
    assertThat(ids.next()).isEqualTo("20261121_060255_00001");
    assertThat(ids.next()).isEqualTo("20261121_060255_00002");

    now.set(Instant.parse("2026-11-21T06:02:56.001Z"));
    assertThat(ids.next()).isEqualTo("20261121_060256_00003");

    now.set(Instant.parse("2027-01-01T00:00:00Z"));
    assertThat(ids.next()).isEqualTo("20270101_000000_00004");
  }

  @Test
  void theSequenceWrapsAfterFiveDigits() {
    String last = null;
    for (int i = 1; i <= 99_999; i++) {
      last = ids.next();
    }
    assertThat(last).isEqualTo("20261121_060255_99999");
    assertThat(ids.next()).isEqualTo("20261121_060255_00000");
    assertThat(ids.next()).isEqualTo("20261121_060255_00001");
  }

  @Test
  void timesBeforeTheEpochFormatTheirOwnSecond() {
    now.set(Instant.parse("1969-12-31T23:59:59.500Z"));
    assertThat(ids.next()).isEqualTo("19691231_235959_00001");
  }
}
