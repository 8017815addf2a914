package io.sluice.security.authn;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.testing.TestingClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TestLoginThrottle {
  private final TestingClock clock = new TestingClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final LoginThrottle throttle = new LoginThrottle(LoginThrottleConfig.defaults(), clock);

  @Test
  void firstThreeFailuresOfAUserAreFreeThenTheDelayDoublesUpToTheMaximum() {
    for (int i = 0; i < 2; i++) {
      throttle.recordFailure("alice", address(i));
      assertThat(throttle.delayBeforeAttempt("alice", address(i))).isZero();
    }
    long[] expectedMillis = {250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000};
    for (int i = 0; i < expectedMillis.length; i++) {
      throttle.recordFailure("alice", address(10 + i));
      assertThat(throttle.delayBeforeAttempt("alice", "198.51.100.1"))
          .isEqualTo(Duration.ofMillis(expectedMillis[i]));
    }
    assertThat(throttle.delayBeforeAttempt("bob", "198.51.100.1")).isZero();
  }

  @Test
  void userNamesDifferingOnlyInCaseCountTogether() {
    for (String name : new String[] {"alice", "Alice", "ALICE"}) {
      throttle.recordFailure(name, address(name.hashCode()));
    }
    assertThat(throttle.delayBeforeAttempt("alice", "198.51.100.1"))
        .isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void anAddressTryingManyUsersIsSlowedDownToo() {
    for (int i = 0; i < 9; i++) {
      throttle.recordFailure("user" + i, "203.0.113.9");
    }
    assertThat(throttle.delayBeforeAttempt("someone", "203.0.113.9")).isZero();

    throttle.recordFailure("user9", "203.0.113.9");
    assertThat(throttle.delayBeforeAttempt("someone", "203.0.113.9"))
        .isEqualTo(Duration.ofMillis(250));
    assertThat(throttle.delayBeforeAttempt(null, "203.0.113.9")).isEqualTo(Duration.ofMillis(250));
    throttle.recordFailure(null, "203.0.113.9");
    assertThat(throttle.delayBeforeAttempt(null, "203.0.113.9")).isEqualTo(Duration.ofMillis(500));
    assertThat(throttle.delayBeforeAttempt("someone", "203.0.113.10")).isZero();
  }

  @Test
  void successClearsTheUsersFailuresButNotTheAddresses() {
    for (int i = 0; i < 11; i++) {
      throttle.recordFailure("alice", "203.0.113.9");
    }
    assertThat(throttle.delayBeforeAttempt("alice", "198.51.100.1"))
        .isEqualTo(Duration.ofSeconds(10));

    throttle.recordSuccess("alice", "203.0.113.9");

    assertThat(throttle.delayBeforeAttempt("alice", "198.51.100.1")).isZero();
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9"))
        .isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void failuresAreForgottenAfterAQuietTime() {
    for (int i = 0; i < 5; i++) {
      throttle.recordFailure("alice", "203.0.113.9");
    }
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9"))
        .isEqualTo(Duration.ofSeconds(1));

    clock.advance(Duration.ofMinutes(14));
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9"))
        .isEqualTo(Duration.ofSeconds(1));
    // A failure within the quiet time starts it again and counts on.
    throttle.recordFailure("alice", "203.0.113.9");
    clock.advance(Duration.ofMinutes(14));
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9"))
        .isEqualTo(Duration.ofSeconds(2));

    clock.advance(Duration.ofMinutes(1));
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9")).isZero();
    throttle.recordFailure("alice", "203.0.113.9");
    assertThat(throttle.delayBeforeAttempt("alice", "203.0.113.9")).isZero();
  }

  @Test
  void memoryIsBoundedUnderAFloodOfNames() {
    LoginThrottle small =
        new LoginThrottle(
            new LoginThrottleConfig(
                3, 10, Duration.ofMillis(250), Duration.ofSeconds(10), Duration.ofMinutes(15), 100),
            clock);
    for (int i = 0; i < 1000; i++) {
      small.recordFailure("user" + i, "203.0.113.9");
    }
    // The address is still throttled even though most names were not tracked.
    assertThat(small.delayBeforeAttempt("user999", "203.0.113.9"))
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void disabledThrottleNeverDelays() {
    LoginThrottle disabled = new LoginThrottle(LoginThrottleConfig.disabled(), clock);
    for (int i = 0; i < 100; i++) {
      disabled.recordFailure("alice", "203.0.113.9");
    }
    assertThat(disabled.delayBeforeAttempt("alice", "203.0.113.9")).isZero();
  }

  private static String address(int i) {
    return "192.0.2." + Math.floorMod(i, 250);
  }
}
