package io.sluice.security.authn.password;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Sluice's own user file, the embedded default.
 *
 * @param file the YAML user file
 * @param cacheTimeToLive how long a successful password check is remembered; zero turns the cache
 *     off. Any change to the file forgets all of them at once.
 * @param hashing the Argon2id parameters for new passwords and how many checks may run at once
 */
public record PasswordFileConfig(
    Path file, Duration cacheTimeToLive, PasswordHasherConfig hashing) {

  public static final Duration DEFAULT_CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);

  public PasswordFileConfig {
    requireNonNull(file, "file");
    requireNonNull(cacheTimeToLive, "cacheTimeToLive");
    requireNonNull(hashing, "hashing");
    if (cacheTimeToLive.isNegative()) {
      throw new IllegalArgumentException(
          "The password cache's time to live cannot be negative: " + cacheTimeToLive);
    }
    file = file.toAbsolutePath().normalize();
  }

  /** A five-minute cache and OWASP's Argon2id parameters. */
  public static PasswordFileConfig defaults(Path file) {
    return new PasswordFileConfig(
        file, DEFAULT_CACHE_TIME_TO_LIVE, PasswordHasherConfig.defaults());
  }

  public PasswordFileConfig withCacheTimeToLive(Duration timeToLive) {
    return new PasswordFileConfig(file, timeToLive, hashing);
  }

  public PasswordFileConfig withHashing(PasswordHasherConfig newHashing) {
    return new PasswordFileConfig(file, cacheTimeToLive, newHashing);
  }
}
