package io.sluice.engine.cluster.local;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.spark.SparkThriftEngineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * One local Spark Thrift Server per test JVM, shared by every test that needs a real engine (also
 * from other modules, through this module's test jar). It starts lazily into a temporary state
 * directory with its own SQLite catalog, and stops in a JVM shutdown hook.
 *
 * <p>Tests that kill or stop a server must use a cluster of their own ({@link #newConfig}).
 */
public final class TestingLocalCluster {
  /** Set by the parent POM's surefire configuration to spark-runtime/target/spark-jars. */
  public static final String SPARK_JARS_PROPERTY = "sluice.spark.jars";

  private static final AtomicLong QUERY_IDS = new AtomicLong();
  private static LocalSparkCluster cluster;

  private TestingLocalCluster() {}

  /** The shared cluster; its server starts on the first query. */
  public static synchronized LocalSparkCluster get() {
    if (cluster == null) {
      Path stateDirectory = temporaryDirectory("sluice-shared-cluster-");
      LocalSparkCluster created =
          new LocalSparkCluster(
              newConfig("shared", stateDirectory)
                  // Never stopped for idleness while the test JVM runs.
                  .withIdleTimeout(Duration.ofHours(12)));
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    created.close();
                    deleteRecursively(stateDirectory);
                  },
                  "stop-shared-test-cluster"));
      cluster = created;
    }
    return cluster;
  }

  /** The shared cluster's Thrift address, starting its server when it is not running. */
  public static InetSocketAddress thriftAddress() {
    LocalSparkCluster shared = get();
    while (true) {
      Optional<InetSocketAddress> address = shared.thriftAddress();
      if (address.isPresent()) {
        return address.get();
      }
      // Any statement starts the server; this one touches nothing.
      try (BufferAllocator allocator = new RootAllocator();
          EngineResult result =
              shared.execute(new EngineRequest(nextQueryId(), "SELECT 1"), allocator)) {
        while (result.loadNextBatch()) {
          // Drain.
        }
      }
    }
  }

  /** The shared server's engine settings: the defaults, with the server's log named in errors. */
  public static SparkThriftEngineConfig engineConfig() {
    return SparkThriftEngineConfig.of("shared", thriftAddress())
        .withEngineLog(get().logFile().toString());
  }

  /** A cluster configuration for tests, with the Spark jars of the spark-runtime module. */
  public static LocalClusterConfig newConfig(String name, Path stateDirectory) {
    return LocalClusterConfig.defaults(name, stateDirectory, sparkJarsDirectory())
        // Two cores: fewer shuffle partitions keep small test queries fast.
        .withSparkConf(Map.of("spark.sql.shuffle.partitions", "4"));
  }

  public static Path sparkJarsDirectory() {
    String directory = System.getProperty(SPARK_JARS_PROPERTY);
    if (directory == null) {
      throw new IllegalStateException(
          "System property "
              + SPARK_JARS_PROPERTY
              + " is not set; run the tests through Maven, or set it to"
              + " spark-runtime/target/spark-jars");
    }
    Path path = Path.of(directory);
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException(
          "The Spark jars directory "
              + path
              + " does not exist; build it with: mvn -pl spark-runtime install");
    }
    return path;
  }

  public static String nextQueryId() {
    return "test-" + QUERY_IDS.incrementAndGet();
  }

  public static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
