package io.sluice.engine.cluster.local;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A lakehouse cluster of one Spark Thrift Server running as a child process on this machine.
 *
 * <p>Start from {@link #defaults(String, Path, Path)} and change what differs with the {@code
 * with...} methods.
 *
 * @param name the cluster's name, used in errors and in the Spark application name
 * @param stateDirectory where the cluster keeps its log, temporary files and Spark's scratch space
 * @param sparkJarsDirectory the Spark Thrift Server closure (the spark-runtime module builds it);
 *     the child's whole classpath
 * @param catalogName the Iceberg catalog's name inside Spark, also its default catalog
 * @param catalogUri the JDBC URI of the Iceberg catalog, {@code jdbc:sqlite:<file>} by default
 * @param warehouseDirectory where Iceberg writes table data and metadata
 * @param driverHeapMegabytes the child JVM's maximum heap
 * @param idleTimeout how long the child may sit without running results before it is stopped
 * @param startTimeout how long a start may take until the server accepts sessions
 * @param sparkConf further Spark settings, each key starting with {@code spark.}; they override
 *     Sluice's own
 * @param thriftPort the server's Thrift port on 127.0.0.1; 0 picks a free port at each start
 */
public record LocalClusterConfig(
    String name,
    Path stateDirectory,
    Path sparkJarsDirectory,
    String catalogName,
    String catalogUri,
    Path warehouseDirectory,
    int driverHeapMegabytes,
    Duration idleTimeout,
    Duration startTimeout,
    Map<String, String> sparkConf,
    int thriftPort) {

  public static final String DEFAULT_CATALOG_NAME = "lakehouse";
  public static final int DEFAULT_DRIVER_HEAP_MEGABYTES = 2048;
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(120);

  /** Spark catalog names are identifiers; anything else would break the generated confs. */
  private static final Pattern CATALOG_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public LocalClusterConfig {
    requireNonNull(name, "name");
    requireNonNull(stateDirectory, "stateDirectory");
    requireNonNull(sparkJarsDirectory, "sparkJarsDirectory");
    requireNonNull(catalogName, "catalogName");
    requireNonNull(catalogUri, "catalogUri");
    requireNonNull(warehouseDirectory, "warehouseDirectory");
    requireNonNull(idleTimeout, "idleTimeout");
    requireNonNull(startTimeout, "startTimeout");
    requireNonNull(sparkConf, "sparkConf");
    if (name.isBlank()) {
      throw new IllegalArgumentException("The name of a local cluster cannot be blank");
    }
    if (!CATALOG_NAME.matcher(catalogName).matches()) {
      throw new IllegalArgumentException(
          "The catalog name of local cluster "
              + name
              + " must be an identifier (letters, digits, underscores): "
              + catalogName);
    }
    if (!catalogUri.startsWith("jdbc:")) {
      throw new IllegalArgumentException(
          "The catalog URI of local cluster " + name + " must be a JDBC URI: " + catalogUri);
    }
    if (driverHeapMegabytes < 256) {
      throw new IllegalArgumentException(
          "The driver heap of local cluster "
              + name
              + " must be at least 256 MB: "
              + driverHeapMegabytes);
    }
    requirePositive(name, "idle timeout", idleTimeout);
    requirePositive(name, "start timeout", startTimeout);
    if (thriftPort < 0 || thriftPort > 65_535) {
      throw new IllegalArgumentException(
          "The Thrift port of local cluster " + name + " must be 0 to 65535: " + thriftPort);
    }
    for (String key : sparkConf.keySet()) {
      if (!key.startsWith("spark.")) {
        throw new IllegalArgumentException(
            "Spark setting '" + key + "' of local cluster " + name + " must start with 'spark.'");
      }
    }
    stateDirectory = stateDirectory.toAbsolutePath().normalize();
    sparkJarsDirectory = sparkJarsDirectory.toAbsolutePath().normalize();
    warehouseDirectory = warehouseDirectory.toAbsolutePath().normalize();
    sparkConf = Map.copyOf(new TreeMap<>(sparkConf));
  }

  /**
   * A cluster whose SQLite catalog ({@code catalog.db}) and warehouse live in its state directory,
   * with a 2 GB heap, a 10 minute idle timeout, a 120 s start timeout and a free Thrift port.
   */
  public static LocalClusterConfig defaults(
      String name, Path stateDirectory, Path sparkJarsDirectory) {
    Path state = stateDirectory.toAbsolutePath().normalize();
    return new LocalClusterConfig(
        name,
        state,
        sparkJarsDirectory,
        DEFAULT_CATALOG_NAME,
        "jdbc:sqlite:" + state.resolve("catalog.db"),
        state.resolve("warehouse"),
        DEFAULT_DRIVER_HEAP_MEGABYTES,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_START_TIMEOUT,
        Map.of(),
        0);
  }

  public LocalClusterConfig withCatalog(String catalogName, String catalogUri, Path warehouse) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouse,
        driverHeapMegabytes,
        idleTimeout,
        startTimeout,
        sparkConf,
        thriftPort);
  }

  public LocalClusterConfig withDriverHeapMegabytes(int megabytes) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouseDirectory,
        megabytes,
        idleTimeout,
        startTimeout,
        sparkConf,
        thriftPort);
  }

  public LocalClusterConfig withIdleTimeout(Duration timeout) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouseDirectory,
        driverHeapMegabytes,
        timeout,
        startTimeout,
        sparkConf,
        thriftPort);
  }

  public LocalClusterConfig withStartTimeout(Duration timeout) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouseDirectory,
        driverHeapMegabytes,
        idleTimeout,
        timeout,
        sparkConf,
        thriftPort);
  }

  public LocalClusterConfig withSparkConf(Map<String, String> conf) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouseDirectory,
        driverHeapMegabytes,
        idleTimeout,
        startTimeout,
        conf,
        thriftPort);
  }

  public LocalClusterConfig withThriftPort(int port) {
    return new LocalClusterConfig(
        name,
        stateDirectory,
        sparkJarsDirectory,
        catalogName,
        catalogUri,
        warehouseDirectory,
        driverHeapMegabytes,
        idleTimeout,
        startTimeout,
        sparkConf,
        port);
  }

  private static void requirePositive(String name, String what, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException(
          "The " + what + " of local cluster " + name + " must be positive: " + duration);
    }
  }
}
