package io.sluice.gateway;

import io.sluice.gateway.config.ClusterConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.ListenerConfig;
import io.sluice.gateway.config.SessionConfig;
import io.sluice.gateway.demo.TpchDemoLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One gateway per test JVM, with a real local Spark Thrift Server and TPC-H at scale factor 0.01,
 * shared by every test class that needs data: a Spark start costs seconds, so the suite pays it
 * once. Tests that need a gateway of their own (broken engines, leak checks) build one with {@link
 * #config(Path)}.
 */
public final class TestingGateway {
  private static GatewayServer shared;

  private TestingGateway() {}

  public static synchronized GatewayServer shared() {
    if (shared == null) {
      Path dataDirectory = temporaryDirectory("sluice-shared-");
      GatewayServer server = GatewayServer.start(config(dataDirectory));
      new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0.01);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    deleteRecursively(dataDirectory);
                  }));
      shared = server;
    }
    return shared;
  }

  /** A test configuration: free ports, a private data directory, a small and fast engine. */
  public static GatewayConfig config(Path dataDirectory) {
    return new GatewayConfig(
        dataDirectory,
        new ListenerConfig("127.0.0.1", 0),
        new ListenerConfig("127.0.0.1", 0),
        null,
        new SessionConfig("default", Duration.ofMinutes(30)),
        new ClusterConfig(
            "local",
            null,
            Duration.ofMinutes(30),
            Duration.ofMinutes(3),
            "1g",
            Map.of("spark.sql.shuffle.partitions", "4"),
            null));
  }

  /**
   * Fails unless the gateway holds no Arrow memory once results are done: the shared gateway is
   * closed in a shutdown hook, where a leak could not fail a test, so classes check this instead.
   */
  public static void assertNoArrowMemoryHeld(GatewayServer server) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (server.allocatedArrowMemory() != 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "The gateway still holds " + server.allocatedArrowMemory() + " bytes of Arrow memory");
      }
      Thread.sleep(50);
    }
  }

  public static String flightSqlUrl(GatewayServer server) {
    return "jdbc:arrow-flight-sql://127.0.0.1:" + server.flightSqlPort() + "/?useEncryption=false";
  }

  public static String sluiceUrl(GatewayServer server, String schema) {
    return "jdbc:sluice://127.0.0.1:" + server.httpPort() + (schema == null ? "" : "/" + schema);
  }

  public static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
