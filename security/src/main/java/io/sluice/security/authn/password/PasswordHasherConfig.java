package io.sluice.security.authn.password;

/**
 * Argon2id cost parameters for new password hashes. Existing hashes keep the parameters they were
 * made with (they are part of the stored string), so changing these only affects new passwords.
 *
 * @param memoryKibibytes memory per hash in KiB
 * @param iterations passes over the memory
 * @param parallelism lanes; 1 keeps a hash on one core of a small server
 * @param maximumConcurrentHashes how many hashes may run at once; further logins wait, so that a
 *     burst of logins cannot take {@code memoryKibibytes} each without bound
 */
public record PasswordHasherConfig(
    int memoryKibibytes, int iterations, int parallelism, int maximumConcurrentHashes) {

  /** OWASP's recommendation for Argon2id: 19 MiB, 2 iterations, 1 lane. */
  public static final int DEFAULT_MEMORY_KIBIBYTES = 19 * 1024;

  public static final int DEFAULT_ITERATIONS = 2;
  public static final int DEFAULT_PARALLELISM = 1;

  /**
   * Bounds on parameters read from a hash, so that a bad file cannot make Sluice hash for hours.
   */
  static final int MAXIMUM_MEMORY_KIBIBYTES = 1024 * 1024;

  static final int MAXIMUM_ITERATIONS = 64;
  static final int MAXIMUM_PARALLELISM = 16;

  public PasswordHasherConfig {
    check(memoryKibibytes, iterations, parallelism);
    if (maximumConcurrentHashes < 1) {
      throw new IllegalArgumentException(
          "At least one password hash must be allowed to run, not " + maximumConcurrentHashes);
    }
  }

  /** OWASP's parameters, and two concurrent hashes per core. */
  public static PasswordHasherConfig defaults() {
    return new PasswordHasherConfig(
        DEFAULT_MEMORY_KIBIBYTES,
        DEFAULT_ITERATIONS,
        DEFAULT_PARALLELISM,
        2 * Runtime.getRuntime().availableProcessors());
  }

  static void check(int memoryKibibytes, int iterations, int parallelism) {
    if (parallelism < 1 || parallelism > MAXIMUM_PARALLELISM) {
      throw new IllegalArgumentException(
          "Argon2 parallelism must be 1 to " + MAXIMUM_PARALLELISM + ", not " + parallelism);
    }
    if (memoryKibibytes < 8 * parallelism || memoryKibibytes > MAXIMUM_MEMORY_KIBIBYTES) {
      throw new IllegalArgumentException(
          "Argon2 memory must be "
              + 8 * parallelism
              + " to "
              + MAXIMUM_MEMORY_KIBIBYTES
              + " KiB, not "
              + memoryKibibytes);
    }
    if (iterations < 1 || iterations > MAXIMUM_ITERATIONS) {
      throw new IllegalArgumentException(
          "Argon2 iterations must be 1 to " + MAXIMUM_ITERATIONS + ", not " + iterations);
    }
  }
}
