package io.sluice.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The password file: users, groups and attributes with Argon2id password hashes, managed with
 * {@code sluice users}. On by default.
 *
 * @param enabled whether users in the file may log in; true by default
 * @param file the file, {@code <dataDirectory>/users.yaml} by default
 * @param cacheTimeToLive how long a verified password is remembered (HTTP clients send it with
 *     every request and a hash costs tens of milliseconds), 5 minutes by default
 */
public record PasswordFileAuthConfig(Boolean enabled, Path file, Duration cacheTimeToLive) {
  /** The same, with a user file left at its default following the data directory. */
  PasswordFileAuthConfig followingDataDirectory(Path oldDataDirectory) {
    return file.equals(
            new PasswordFileAuthConfig(null, null, null).withDefaults(oldDataDirectory).file())
        ? new PasswordFileAuthConfig(enabled, null, cacheTimeToLive)
        : this;
  }

  PasswordFileAuthConfig withDefaults(Path dataDirectory) {
    return new PasswordFileAuthConfig(
        enabled == null || enabled,
        (file == null ? dataDirectory.resolve("users.yaml") : file).toAbsolutePath().normalize(),
        cacheTimeToLive == null ? Duration.ofMinutes(5) : cacheTimeToLive);
  }
}
