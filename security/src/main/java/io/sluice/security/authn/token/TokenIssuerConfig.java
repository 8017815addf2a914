package io.sluice.security.authn.token;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Tokens that Sluice issues after a password login (the Flight SQL handshake answers with one), so
 * that later calls need not send the password again.
 *
 * @param lifetime how long a token is valid; a client logs in again afterwards
 */
public record TokenIssuerConfig(Duration lifetime) {
  public static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
  public static final Duration MAXIMUM_LIFETIME = Duration.ofDays(1);

  public TokenIssuerConfig {
    requireNonNull(lifetime, "lifetime");
    if (lifetime.compareTo(Duration.ofSeconds(1)) < 0 || lifetime.compareTo(MAXIMUM_LIFETIME) > 0) {
      throw new IllegalArgumentException(
          "The lifetime of Sluice tokens must be 1 second to 1 day, not " + lifetime);
    }
  }

  /** Tokens valid for one hour. */
  public static TokenIssuerConfig defaults() {
    return new TokenIssuerConfig(DEFAULT_LIFETIME);
  }
}
