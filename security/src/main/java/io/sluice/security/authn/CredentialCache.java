package io.sluice.security.authn;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Remembers successful password checks for a short time. HTTP Basic clients send the password with
 * every request, and an Argon2 verification or a round trip to the identity provider costs tens of
 * milliseconds.
 *
 * <p>Neither the password nor a plain hash of it is kept: entries are keyed by an HMAC of user and
 * password under a random key that lives only in this process, so the cache's memory is useless for
 * guessing passwords offline. Only successes are cached; a wrong password is always checked.
 *
 * @param <V> what a successful check produced
 */
public final class CredentialCache<V> {
  private static final String HMAC = "HmacSHA256";

  private final Duration timeToLive;
  private final int maximumEntries;
  private final InstantSource clock;
  private final SecretKeySpec key;
  private final Map<ByteBuffer, Entry<V>> entries = new ConcurrentHashMap<>();

  private record Entry<V>(V value, Instant expiresAt) {}

  public CredentialCache(Duration timeToLive, int maximumEntries, InstantSource clock) {
    this.timeToLive = requireNonNull(timeToLive, "timeToLive");
    this.clock = requireNonNull(clock, "clock");
    if (timeToLive.isNegative()) {
      throw new IllegalArgumentException(
          "A cache's time to live cannot be negative: " + timeToLive);
    }
    if (maximumEntries < 1) {
      throw new IllegalArgumentException(
          "A cache must hold at least one entry, not " + maximumEntries);
    }
    this.maximumEntries = maximumEntries;
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    this.key = new SecretKeySpec(secret, HMAC);
  }

  /** What a successful check of this user and password produced, if it is still fresh. */
  public Optional<V> get(String user, String password) {
    ByteBuffer cacheKey = cacheKey(user, password);
    Entry<V> entry = entries.get(cacheKey);
    if (entry == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(entry.expiresAt())) {
      entries.remove(cacheKey, entry);
      return Optional.empty();
    }
    return Optional.of(entry.value());
  }

  /** Remembers a success for the cache's time to live. */
  public void put(String user, String password, V value) {
    put(user, password, value, Instant.MAX);
  }

  /** Remembers a success for the cache's time to live, but not beyond {@code notAfter}. */
  public void put(String user, String password, V value, Instant notAfter) {
    if (timeToLive.isZero()) {
      return;
    }
    Instant now = clock.instant();
    Instant expiresAt = now.plus(timeToLive);
    if (notAfter.isBefore(expiresAt)) {
      expiresAt = notAfter;
    }
    if (!now.isBefore(expiresAt)) {
      return;
    }
    if (entries.size() >= maximumEntries) {
      entries.values().removeIf(entry -> !now.isBefore(entry.expiresAt()));
      if (entries.size() >= maximumEntries) {
        // Full of fresh entries: forgetting them only costs one more check per user.
        entries.clear();
      }
    }
    entries.put(cacheKey(user, password), new Entry<>(requireNonNull(value, "value"), expiresAt));
  }

  /** Forgets everything, for instance because the users changed. */
  public void clear() {
    entries.clear();
  }

  public int size() {
    return entries.size();
  }

  private ByteBuffer cacheKey(String user, String password) {
    byte[] userBytes = user.getBytes(UTF_8);
    byte[] passwordBytes = password.getBytes(UTF_8);
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      // The length prefix keeps ("ab", "c") and ("a", "bc") apart.
      mac.update(ByteBuffer.allocate(4).putInt(userBytes.length).array());
      mac.update(userBytes);
      return ByteBuffer.wrap(mac.doFinal(passwordBytes));
    } catch (GeneralSecurityException impossible) {
      // Every Java platform has HmacSHA256.
      throw new IllegalStateException("Cannot compute an HMAC", impossible);
    }
  }
}
