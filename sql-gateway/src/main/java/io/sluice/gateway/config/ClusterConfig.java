package io.sluice.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The local lakehouse cluster: a Spark Thrift Server child process that Sluice starts on the first
 * query that needs data and stops after an idle time.
 *
 * @param name the cluster's name in logs and errors, {@code local} by default
 * @param sparkJars the directory of Spark's jars; by default the one the build resolved
 * @param idleTimeout how long the engine may sit idle before it is stopped, 10 minutes by default
 * @param startTimeout how long a start may take before it counts as failed, 2 minutes by default
 * @param driverMemory the engine's heap, {@code 2g} by default
 * @param sparkConf extra Spark settings for the engine
 * @param thriftPort the engine's Thrift port on 127.0.0.1, for tools that talk to Spark directly
 *     (Beeline, benchmarks); 0, the default, picks a free port at each start
 */
public record ClusterConfig(
    String name,
    Path sparkJars,
    Duration idleTimeout,
    Duration startTimeout,
    String driverMemory,
    Map<String, String> sparkConf,
    Integer thriftPort) {

  /** Where the build puts Spark's jars, relative to the Sluice checkout. */
  public static final String BUILT_SPARK_JARS = "spark-runtime/target/spark-jars";

  ClusterConfig withDefaults() {
    return new ClusterConfig(
        name == null ? "local" : name,
        (sparkJars == null ? defaultSparkJars() : sparkJars).toAbsolutePath().normalize(),
        idleTimeout == null ? Duration.ofMinutes(10) : idleTimeout,
        startTimeout == null ? Duration.ofMinutes(2) : startTimeout,
        driverMemory == null ? "2g" : driverMemory,
        sparkConf == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(sparkConf)),
        thriftPort == null ? 0 : thriftPort);
  }

  static void requirePositive(String key, java.time.Duration duration) {
    if (duration.isZero() || duration.isNegative()) {
      throw new ConfigException(key + " is " + duration + ": it must be longer than zero");
    }
  }

  void validate() {
    requirePositive("cluster.idleTimeout", idleTimeout);
    requirePositive("cluster.startTimeout", startTimeout);
    if (thriftPort < 0 || thriftPort > 65_535) {
      throw new ConfigException(
          "cluster.thriftPort is " + thriftPort + ": it must be 0 (a free port) to 65535");
    }
    int megabytes = driverMemoryMegabytes();
    if (megabytes < 512) {
      throw new ConfigException(
          "cluster.driverMemory is " + driverMemory + ": Spark needs at least 512m");
    }
    for (String key : sparkConf.keySet()) {
      if (sparkConf.get(key) == null) {
        throw new ConfigException("cluster.sparkConf key '" + key + "' has no value");
      }
      if (!key.startsWith("spark.")) {
        throw new ConfigException(
            "cluster.sparkConf key '" + key + "' is not a Spark setting: keys start with 'spark.'");
      }
    }
  }

  /** The driver heap in megabytes, from a size such as {@code 2g} or {@code 1536m}. */
  public int driverMemoryMegabytes() {
    String size = driverMemory.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (size.endsWith("g")) {
        return Math.toIntExact(Long.parseLong(size.substring(0, size.length() - 1)) * 1024);
      }
      if (size.endsWith("m")) {
        return Integer.parseInt(size.substring(0, size.length() - 1));
      }
    } catch (NumberFormatException | ArithmeticException invalid) {
      // Reported below with the accepted forms.
    }
    throw new ConfigException(
        "cluster.driverMemory is '" + driverMemory + "': write a size such as 2g or 1536m");
  }

  /**
   * The Spark jars the build resolved: {@code -Dsluice.spark.jars}, else {@code SLUICE_SPARK_JARS},
   * else under {@code -Dsluice.home} (set by the launcher script), else under the working
   * directory.
   */
  static Path defaultSparkJars() {
    String property = System.getProperty("sluice.spark.jars");
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String environment = System.getenv("SLUICE_SPARK_JARS");
    if (environment != null && !environment.isBlank()) {
      return Path.of(environment);
    }
    String home = System.getProperty("sluice.home");
    return (home == null ? Path.of("") : Path.of(home)).resolve(BUILT_SPARK_JARS);
  }
}
