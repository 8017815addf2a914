package io.sluice.gateway.config;

import java.time.Duration;

/**
 * Session defaults.
 *
 * @param defaultSchema the schema a new session starts in, {@code default} unless set
 * @param idleTimeout how long a session without requests is kept, 1 hour by default
 */
public record SessionConfig(String defaultSchema, Duration idleTimeout) {
  SessionConfig withDefaults() {
    return new SessionConfig(
        defaultSchema == null ? "default" : defaultSchema,
        idleTimeout == null ? Duration.ofHours(1) : idleTimeout);
  }
}
