package io.sluice.security.authn.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2id password hashes (BouncyCastle) in the PHC string format that other tools read too:
 * {@code $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>}, salt and hash in unpadded Base64.
 */
public final class PasswordHasher {
  private static final int SALT_BYTES = 16;
  private static final int HASH_BYTES = 32;
  private static final Pattern PHC =
      Pattern.compile(
          "\\$argon2id\\$v=19\\$m=(\\d{1,8}),t=(\\d{1,3}),p=(\\d{1,3})"
              + "\\$([A-Za-z0-9+/]{11,128})\\$([A-Za-z0-9+/]{22,128})");

  private final PasswordHasherConfig config;
  private final SecureRandom random = new SecureRandom();
  private final Semaphore hashingPermits;
  private final LongAdder computations = new LongAdder();

  /** A stored hash taken apart. */
  record EncodedHash(
      int memoryKibibytes, int iterations, int parallelism, byte[] salt, byte[] hash) {}

  public PasswordHasher(PasswordHasherConfig config) {
    this.config = requireNonNull(config, "config");
    this.hashingPermits = new Semaphore(config.maximumConcurrentHashes(), true);
  }

  public PasswordHasherConfig config() {
    return config;
  }

  /** How many Argon2 hashes this hasher has computed; shows that the login cache works. */
  public long computations() {
    return computations.sum();
  }

  /** A new salted hash of the password with this hasher's parameters. */
  public String hash(String password) {
    requireNonNull(password, "password");
    byte[] salt = new byte[SALT_BYTES];
    random.nextBytes(salt);
    byte[] hash =
        argon2(
            password,
            config.memoryKibibytes(),
            config.iterations(),
            config.parallelism(),
            salt,
            HASH_BYTES);
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return "$argon2id$v=19$m="
        + config.memoryKibibytes()
        + ",t="
        + config.iterations()
        + ",p="
        + config.parallelism()
        + "$"
        + base64.encodeToString(salt)
        + "$"
        + base64.encodeToString(hash);
  }

  /**
   * Whether the password matches the stored hash, compared in constant time.
   *
   * @throws IllegalArgumentException if {@code encodedHash} is not an Argon2id PHC string
   */
  public boolean verify(String password, String encodedHash) {
    return verify(password, parse(encodedHash));
  }

  boolean verify(String password, EncodedHash stored) {
    requireNonNull(password, "password");
    byte[] computed =
        argon2(
            password,
            stored.memoryKibibytes(),
            stored.iterations(),
            stored.parallelism(),
            stored.salt(),
            stored.hash().length);
    return MessageDigest.isEqual(computed, stored.hash());
  }

  /**
   * A hash with the given cost that no password matches: checking an unknown user's password
   * against it takes as long as checking a real user's, so timing does not tell who exists.
   */
  EncodedHash unmatchableHash(int memoryKibibytes, int iterations, int parallelism) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] hash = new byte[HASH_BYTES];
    random.nextBytes(salt);
    random.nextBytes(hash);
    return new EncodedHash(memoryKibibytes, iterations, parallelism, salt, hash);
  }

  /**
   * Takes a stored hash apart and checks its parameters.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating the hash
   */
  static EncodedHash parse(String encodedHash) {
    requireNonNull(encodedHash, "encodedHash");
    Matcher matcher = PHC.matcher(encodedHash);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "it is not an Argon2id hash of the form $argon2id$v=19$m=<KiB>,t=<iterations>,"
              + "p=<lanes>$<salt>$<hash>; set passwords with the user commands, never in the file");
    }
    int memory = Integer.parseInt(matcher.group(1));
    int iterations = Integer.parseInt(matcher.group(2));
    int parallelism = Integer.parseInt(matcher.group(3));
    PasswordHasherConfig.check(memory, iterations, parallelism);
    Base64.Decoder base64 = Base64.getDecoder();
    byte[] salt;
    byte[] hash;
    try {
      salt = base64.decode(matcher.group(4));
      hash = base64.decode(matcher.group(5));
    } catch (IllegalArgumentException notBase64) {
      throw new IllegalArgumentException("its salt or hash is not valid Base64");
    }
    if (salt.length < 8) {
      throw new IllegalArgumentException("its salt is shorter than 8 bytes");
    }
    if (hash.length < 16 || hash.length > 64) {
      throw new IllegalArgumentException("its hash must be 16 to 64 bytes long");
    }
    return new EncodedHash(memory, iterations, parallelism, salt, hash);
  }

  private byte[] argon2(
      String password,
      int memoryKibibytes,
      int iterations,
      int parallelism,
      byte[] salt,
      int length) {
    Argon2Parameters parameters =
        new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
            .withVersion(Argon2Parameters.ARGON2_VERSION_13)
            .withMemoryAsKB(memoryKibibytes)
            .withIterations(iterations)
            .withParallelism(parallelism)
            .withSalt(salt)
            .build();
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(parameters);
    byte[] passwordBytes = password.getBytes(UTF_8);
    byte[] output = new byte[length];
    hashingPermits.acquireUninterruptibly();
    try {
      generator.generateBytes(passwordBytes, output);
      computations.increment();
    } finally {
      hashingPermits.release();
      Arrays.fill(passwordBytes, (byte) 0);
    }
    return output;
  }
}
