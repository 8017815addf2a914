package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How failed logins slow down the next attempts. Once the free failures are used up, the next
 * attempt waits {@code initialDelay}, and each further failure doubles the wait up to {@code
 * maximumDelay}.
 *
 * @param freeFailuresPerUser failures of one user name that cost nothing (typing mistakes)
 * @param freeFailuresPerAddress failures from one client address that cost nothing; higher than per
 *     user because many users may share an address (a BI server, a NAT gateway)
 * @param initialDelay the delay after the free failures
 * @param maximumDelay the longest delay
 * @param forgetAfter how long without a failure until a user's or address's count starts over
 * @param maximumTrackedKeys how many user names and addresses each are remembered at most, so that
 *     a flood of made-up names cannot exhaust memory
 */
public record LoginThrottleConfig(
    int freeFailuresPerUser,
    int freeFailuresPerAddress,
    Duration initialDelay,
    Duration maximumDelay,
    Duration forgetAfter,
    int maximumTrackedKeys) {

  public static final int DEFAULT_FREE_FAILURES_PER_USER = 3;
  public static final int DEFAULT_FREE_FAILURES_PER_ADDRESS = 10;
  public static final Duration DEFAULT_INITIAL_DELAY = Duration.ofMillis(250);
  public static final Duration DEFAULT_MAXIMUM_DELAY = Duration.ofSeconds(10);
  public static final Duration DEFAULT_FORGET_AFTER = Duration.ofMinutes(15);
  public static final int DEFAULT_MAXIMUM_TRACKED_KEYS = 100_000;

  public LoginThrottleConfig {
    requireNonNull(initialDelay, "initialDelay");
    requireNonNull(maximumDelay, "maximumDelay");
    requireNonNull(forgetAfter, "forgetAfter");
    if (freeFailuresPerUser < 0 || freeFailuresPerAddress < 0) {
      throw new IllegalArgumentException(
          "The free login failures cannot be negative: per user "
              + freeFailuresPerUser
              + ", per address "
              + freeFailuresPerAddress);
    }
    if (initialDelay.isNegative() || maximumDelay.isNegative()) {
      throw new IllegalArgumentException(
          "Login delays cannot be negative: initial " + initialDelay + ", maximum " + maximumDelay);
    }
    if (initialDelay.compareTo(maximumDelay) > 0) {
      throw new IllegalArgumentException(
          "The initial login delay "
              + initialDelay
              + " cannot be longer than the maximum delay "
              + maximumDelay);
    }
    if (forgetAfter.isNegative() || forgetAfter.isZero()) {
      throw new IllegalArgumentException(
          "The time after which login failures are forgotten must be positive: " + forgetAfter);
    }
    if (maximumTrackedKeys < 1) {
      throw new IllegalArgumentException(
          "The login throttle must track at least one key, not " + maximumTrackedKeys);
    }
  }

  /** 3 free failures per user and 10 per address, then 250 ms doubling to 10 s; 15 min memory. */
  public static LoginThrottleConfig defaults() {
    return new LoginThrottleConfig(
        DEFAULT_FREE_FAILURES_PER_USER,
        DEFAULT_FREE_FAILURES_PER_ADDRESS,
        DEFAULT_INITIAL_DELAY,
        DEFAULT_MAXIMUM_DELAY,
        DEFAULT_FORGET_AFTER,
        DEFAULT_MAXIMUM_TRACKED_KEYS);
  }

  /** No delays at all, for tests and for deployments that throttle in front of Sluice. */
  public static LoginThrottleConfig disabled() {
    return new LoginThrottleConfig(
        Integer.MAX_VALUE,
        Integer.MAX_VALUE,
        Duration.ZERO,
        Duration.ZERO,
        DEFAULT_FORGET_AFTER,
        DEFAULT_MAXIMUM_TRACKED_KEYS);
  }

  public LoginThrottleConfig withFreeFailures(int perUser, int perAddress) {
    return new LoginThrottleConfig(
        perUser, perAddress, initialDelay, maximumDelay, forgetAfter, maximumTrackedKeys);
  }

  public LoginThrottleConfig withDelays(Duration initial, Duration maximum) {
    return new LoginThrottleConfig(
        freeFailuresPerUser,
        freeFailuresPerAddress,
        initial,
        maximum,
        forgetAfter,
        maximumTrackedKeys);
  }

  public LoginThrottleConfig withForgetAfter(Duration forget) {
    return new LoginThrottleConfig(
        freeFailuresPerUser,
        freeFailuresPerAddress,
        initialDelay,
        maximumDelay,
        forget,
        maximumTrackedKeys);
  }
}
