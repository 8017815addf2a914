package io.sluice.security.authn;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which successful logins were seen lately, so that a client that sends the same credentials with
 * every request (Avatica over HTTP sends the password each time; Flight clients an identity
 * provider's token) is audited as logging in once, not once per request. Credentials are kept as
 * SHA-256 digests with the client's address, never in the clear.
 *
 * <p>Thread-safe; holds at most {@value #MAXIMUM_ENTRIES} entries, dropping expired ones first and
 * everything when still full (a login is then audited again, never missed).
 */
final class RecentLogins {
  /** How long the same credentials from the same client count as the same login. */
  static final Duration MEMORY = Duration.ofMinutes(5);

  private static final int MAXIMUM_ENTRIES = 10_000;

  private final long memoryNanos;
  private final Map<String, Long> seenAtNanos = new ConcurrentHashMap<>();

  RecentLogins(Duration memory) {
    this.memoryNanos = memory.toNanos();
  }

  /** Whether these credentials make a new login (and remembers them as one when they do). */
  boolean isNew(Credentials credentials) {
    String key = key(credentials);
    long now = System.nanoTime();
    Long seen = seenAtNanos.get(key);
    if (seen != null && now - seen < memoryNanos) {
      return false;
    }
    if (seenAtNanos.size() >= MAXIMUM_ENTRIES) {
      seenAtNanos.values().removeIf(at -> now - at >= memoryNanos);
      if (seenAtNanos.size() >= MAXIMUM_ENTRIES) {
        seenAtNanos.clear();
      }
    }
    seenAtNanos.put(key, now);
    return true;
  }

  private static String key(Credentials credentials) {
    String text =
        credentials instanceof Credentials.Password password
            ? "password\u0000" + password.user() + "\u0000" + password.password()
            : "bearer\u0000" + ((Credentials.BearerToken) credentials).token();
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(credentials.clientAddress().getBytes(StandardCharsets.UTF_8));
      digest.update((byte) 0);
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("The JVM has no SHA-256", e);
    }
  }
}
