package io.sluice.security.testing;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that stands still until a test moves it. */
public final class TestingClock implements InstantSource {
  private volatile Instant now;

  public TestingClock(Instant start) {
    this.now = start;
  }

  /** Starts at the real current time, so that tokens from a real provider are fresh. */
  public static TestingClock startingNow() {
    return new TestingClock(Instant.now());
  }

  @Override
  public Instant instant() {
    return now;
  }

  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  public void set(Instant instant) {
    now = instant;
  }
}
