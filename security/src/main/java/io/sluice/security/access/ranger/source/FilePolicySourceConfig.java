package io.sluice.security.access.ranger.source;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A local policy file, the embedded default.
 *
 * @param file the file, in {@link PolicyJson}'s format (Ranger's ServicePolicies JSON, optionally
 *     with roles); while it does not exist only super-users have access
 * @param pollInterval how often the file is checked for changes
 */
public record FilePolicySourceConfig(Path file, Duration pollInterval) {
  public static final Path DEFAULT_FILE = Path.of("sluice-data", "policies.json");
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);

  public FilePolicySourceConfig {
    requireNonNull(file, "file");
    requireNonNull(pollInterval, "pollInterval");
    if (pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException(
          "Invalid policy file configuration: the poll interval must be positive, not "
              + pollInterval);
    }
    file = file.toAbsolutePath().normalize();
  }

  /** {@code file}, checked every second. */
  public static FilePolicySourceConfig defaults(Path file) {
    return new FilePolicySourceConfig(file, DEFAULT_POLL_INTERVAL);
  }

  public FilePolicySourceConfig withPollInterval(Duration interval) {
    return new FilePolicySourceConfig(file, interval);
  }
}
