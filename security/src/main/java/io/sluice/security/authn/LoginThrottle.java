package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: counts recent login failures per user name and per client address,
 * and answers how long the next attempt must wait. The first failures are free (by default 3 per
 * user: the attempt after the third failure waits 250 ms), each further one doubles the wait, up to
 * a maximum. A successful login clears its user's count; an address's count is only forgotten after
 * a quiet time, so that one valid account does not let an address try other users' passwords
 * freely.
 *
 * <p>The wait applies <em>before</em> the next attempt, whatever its outcome: a client cannot learn
 * that a guess failed by seeing its answer arrive late. This class only computes delays; {@link
 * AuthenticationService} applies them.
 */
public final class LoginThrottle {
  private static final int MAXIMUM_KEY_LENGTH = 256;

  private final LoginThrottleConfig config;
  private final InstantSource clock;
  private final Map<String, Failures> failuresByUser = new ConcurrentHashMap<>();
  private final Map<String, Failures> failuresByAddress = new ConcurrentHashMap<>();

  private record Failures(int count, Instant last) {}

  public LoginThrottle(LoginThrottleConfig config, InstantSource clock) {
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
  }

  public LoginThrottleConfig config() {
    return config;
  }

  /**
   * How long an attempt for this user from this address must wait before its credentials are
   * checked: the longer of the user's and the address's delay.
   *
   * @param user the user name, or null when the credentials carry none (a bearer token)
   */
  public Duration delayBeforeAttempt(String user, String clientAddress) {
    Instant now = clock.instant();
    Duration byAddress =
        delay(failuresByAddress, addressKey(clientAddress), config.freeFailuresPerAddress(), now);
    if (user == null) {
      return byAddress;
    }
    Duration byUser = delay(failuresByUser, userKey(user), config.freeFailuresPerUser(), now);
    return byUser.compareTo(byAddress) > 0 ? byUser : byAddress;
  }

  /** Counts a failed attempt against the user (if any) and the address. */
  public void recordFailure(String user, String clientAddress) {
    Instant now = clock.instant();
    count(failuresByAddress, addressKey(clientAddress), now);
    if (user != null) {
      count(failuresByUser, userKey(user), now);
    }
  }

  /** Clears the user's failures; the address's are left to expire. */
  public void recordSuccess(String user, String clientAddress) {
    failuresByUser.remove(userKey(user));
  }

  private Duration delay(Map<String, Failures> failures, String key, int free, Instant now) {
    Failures recent = failures.get(key);
    if (recent == null || isForgotten(recent, now) || recent.count() < free) {
      return Duration.ZERO;
    }
    int doublings = recent.count() - free;
    if (doublings >= 31) {
      return config.maximumDelay();
    }
    Duration delay = config.initialDelay().multipliedBy(1L << doublings);
    return delay.compareTo(config.maximumDelay()) > 0 ? config.maximumDelay() : delay;
  }

  private void count(Map<String, Failures> failures, String key, Instant now) {
    if (failures.size() >= config.maximumTrackedKeys() && !failures.containsKey(key)) {
      failures.values().removeIf(recent -> isForgotten(recent, now));
      if (failures.size() >= config.maximumTrackedKeys()) {
        // Under a flood of made-up names the per-address count (or per-user) still applies.
        return;
      }
    }
    failures.compute(
        key,
        (ignored, recent) ->
            recent == null || isForgotten(recent, now)
                ? new Failures(1, now)
                : new Failures(
                    recent.count() == Integer.MAX_VALUE ? recent.count() : recent.count() + 1,
                    now));
  }

  private boolean isForgotten(Failures recent, Instant now) {
    return !now.isBefore(recent.last().plus(config.forgetAfter()));
  }

  private static String userKey(String user) {
    // Case variants of one name count together; an over-long name is cut to bound memory.
    String key = user.toLowerCase(Locale.ROOT);
    return key.length() > MAXIMUM_KEY_LENGTH ? key.substring(0, MAXIMUM_KEY_LENGTH) : key;
  }

  private static String addressKey(String clientAddress) {
    String key = clientAddress == null ? Credentials.UNKNOWN_ADDRESS : clientAddress;
    return key.length() > MAXIMUM_KEY_LENGTH ? key.substring(0, MAXIMUM_KEY_LENGTH) : key;
  }
}
