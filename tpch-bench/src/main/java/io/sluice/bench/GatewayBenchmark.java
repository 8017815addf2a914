package io.sluice.bench;

import io.sluice.gateway.GatewayServer;
import io.sluice.gateway.config.ClusterConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.ListenerConfig;
import io.sluice.gateway.config.SessionConfig;
import io.sluice.gateway.demo.TpchDemoLoader;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end figures of the gateway against a real local Spark Thrift Server:
 *
 * <ol>
 *   <li>gateway start to accepting connections, and idle RSS, of a separate gateway process;
 *   <li>latency a routed query adds over the same query sent straight to Spark (medians);
 *   <li>rows per second of a large result through Flight SQL, jdbc:sluice and straight through Hive
 *       JDBC, with the gateway's Arrow memory peak at two result sizes (flat = streaming).
 * </ol>
 *
 * <p>Run with {@code java -cp ... io.sluice.bench.GatewayBenchmark [--rows N] [--scale-factor SF]}
 * (see the README). Not a test: it prints figures.
 */
public final class GatewayBenchmark {
  private static final String SMALL_QUERY = "SELECT n_name FROM nation WHERE n_nationkey = 7";

  public static void main(String[] args) throws Exception {
    long rows = longArgument(args, "--rows", 1_000_000);
    double scaleFactor = doubleArgument(args, "--scale-factor", 0.2);
    int latencyRuns = (int) longArgument(args, "--latency-runs", 300);
    Path directory = Files.createTempDirectory("sluice-bench");
    try {
      startupAndIdleMemory(directory.resolve("startup"));
      try (GatewayServer server = GatewayServer.start(config(directory.resolve("gateway")))) {
        System.out.printf(Locale.ROOT, "Loading TPC-H at scale factor %s...%n", scaleFactor);
        new TpchDemoLoader(server.icebergCatalog(), "tpch").load(scaleFactor);
        try (Connection flight =
                DriverManager.getConnection(
                    "jdbc:arrow-flight-sql://127.0.0.1:"
                        + server.flightSqlPort()
                        + "/?useEncryption=false");
            Connection sluice =
                DriverManager.getConnection(
                    "jdbc:sluice://127.0.0.1:" + server.httpPort() + "/tpch")) {
          execute(flight, "USE tpch");
          drain(sluice, SMALL_QUERY);
          InetSocketAddress thrift = server.cluster().thriftAddress().orElseThrow();
          Class.forName("org.apache.kyuubi.jdbc.KyuubiHiveDriver");
          try (Connection direct =
              DriverManager.getConnection(
                  "jdbc:hive2://127.0.0.1:" + thrift.getPort() + "/tpch", "bench", "")) {
            latency(direct, flight, sluice, latencyRuns);
            throughput(server, direct, flight, sluice, rows);
          }
        }
      }
    } finally {
      BenchFiles.deleteRecursively(directory);
    }
  }

  private static GatewayConfig config(Path dataDirectory) {
    return new GatewayConfig(
        dataDirectory,
        new ListenerConfig("127.0.0.1", 0),
        new ListenerConfig("127.0.0.1", 0),
        null,
        new SessionConfig("default", Duration.ofHours(1)),
        new ClusterConfig(
            "local",
            null,
            Duration.ofHours(1),
            Duration.ofMinutes(3),
            "2g",
            Map.of("spark.sql.shuffle.partitions", "4")));
  }

  /** Starts `sluice serve` as its own process and times it until both ports accept. */
  private static void startupAndIdleMemory(Path dataDirectory) throws Exception {
    Files.createDirectories(dataDirectory);
    int flightPort = freePort();
    int httpPort = freePort();
    Path configFile = dataDirectory.resolve("sluice.yaml");
    Files.writeString(
        configFile,
        "dataDirectory: "
            + dataDirectory.resolve("data")
            + "\nflightSql:\n  port: "
            + flightPort
            + "\nhttp:\n  port: "
            + httpPort
            + "\n");
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.add(java);
    command.addAll(
        Arrays.asList(
            System.getProperty("sluice.bench.gateway.jvm", "-Xmx1g").trim().split("\\s+")));
    command.add("--add-opens=java.base/java.nio=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.sluice.gateway.cli.SluiceCli");
    command.add("serve");
    command.add("--config");
    command.add(configFile.toString());
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dataDirectory.resolve("gateway.log").toFile())
            .start();
    try {
      awaitPort(flightPort, process);
      awaitPort(httpPort, process);
      double startSeconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(5_000);
      long rssKib = rssKibibytes(process.pid());
      System.out.printf(
          Locale.ROOT,
          "startup: process launch to both ports accepting = %.2f s (target <= 2 s)%n",
          startSeconds);
      System.out.printf(
          Locale.ROOT,
          "idle RSS of the gateway process after 5 s = %d MiB (target <= 250 MiB; JVM %s)%n",
          rssKib / 1024,
          System.getProperty("sluice.bench.gateway.jvm", "-Xmx1g"));
    } finally {
      process.destroy();
      if (!process.waitFor(15, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  private static void latency(Connection direct, Connection flight, Connection sluice, int runs)
      throws SQLException {
    for (int warmup = 0; warmup < 30; warmup++) {
      drain(direct, SMALL_QUERY);
      drain(flight, SMALL_QUERY);
      drain(sluice, SMALL_QUERY);
    }
    long[] directNanos = new long[runs];
    long[] flightNanos = new long[runs];
    long[] sluiceNanos = new long[runs];
    for (int run = 0; run < runs; run++) {
      directNanos[run] = time(direct, SMALL_QUERY);
      flightNanos[run] = time(flight, SMALL_QUERY);
      sluiceNanos[run] = time(sluice, SMALL_QUERY);
    }
    double directMedian = median(directNanos);
    System.out.printf(
        Locale.ROOT,
        "latency (%d runs of `%s`): median direct Hive JDBC %.2f ms, Flight SQL %.2f ms (+%.2f),"
            + " jdbc:sluice %.2f ms (+%.2f); p90 direct %.2f, Flight SQL %.2f, jdbc:sluice %.2f%n",
        runs,
        SMALL_QUERY,
        directMedian,
        median(flightNanos),
        median(flightNanos) - directMedian,
        median(sluiceNanos),
        median(sluiceNanos) - directMedian,
        percentile(directNanos, 0.9),
        percentile(flightNanos, 0.9),
        percentile(sluiceNanos, 0.9));
  }

  private static void throughput(
      GatewayServer server, Connection direct, Connection flight, Connection sluice, long rows)
      throws SQLException {
    String large =
        "SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice,"
            + " l_shipdate, l_comment FROM lineitem LIMIT "
            + rows;
    String small =
        "SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice,"
            + " l_shipdate, l_comment FROM lineitem LIMIT "
            + rows / 10;
    drain(direct, large);
    for (int round = 1; round <= 2; round++) {
      double directRate = rate(direct, large);
      double flightRate = rate(flight, large);
      double sluiceRate = rate(sluice, large);
      System.out.printf(
          Locale.ROOT,
          "throughput round %d, %d rows x 8 columns: direct Hive JDBC %.0f rows/s, Flight SQL"
              + " %.0f rows/s (%.2fx), jdbc:sluice %.0f rows/s (%.2fx)%n",
          round,
          rows,
          directRate,
          flightRate,
          flightRate / directRate,
          sluiceRate,
          sluiceRate / directRate);
    }
    long smallPeak = peakArrowMemory(server, flight, small);
    long largePeak = peakArrowMemory(server, flight, large);
    System.out.printf(
        Locale.ROOT,
        "gateway Arrow memory peak through Flight SQL: %d rows %.1f MiB, %d rows %.1f MiB;"
            + " gateway JVM heap in use now %.0f MiB%n",
        rows / 10,
        smallPeak / 1048576.0,
        rows,
        largePeak / 1048576.0,
        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0);
  }

  /** Samples the gateway's Arrow memory while a result streams, and returns the highest value. */
  private static long peakArrowMemory(GatewayServer server, Connection connection, String sql)
      throws SQLException {
    java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
    java.util.concurrent.atomic.AtomicBoolean running =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (running.get()) {
                peak.accumulateAndGet(server.allocatedArrowMemory(), Math::max);
                try {
                  Thread.sleep(1);
                } catch (InterruptedException interrupted) {
                  return;
                }
              }
            });
    sampler.start();
    try {
      drain(connection, sql);
    } finally {
      running.set(false);
    }
    return peak.get();
  }

  private static double rate(Connection connection, String sql) throws SQLException {
    long started = System.nanoTime();
    long count = drain(connection, sql);
    return count / ((System.nanoTime() - started) / 1e9);
  }

  private static long time(Connection connection, String sql) throws SQLException {
    long started = System.nanoTime();
    drain(connection, sql);
    return System.nanoTime() - started;
  }

  private static long drain(Connection connection, String sql) throws SQLException {
    long count = 0;
    try (Statement statement = connection.createStatement();
        ResultSet resultSet = statement.executeQuery(sql)) {
      int columns = resultSet.getMetaData().getColumnCount();
      while (resultSet.next()) {
        for (int column = 1; column <= columns; column++) {
          resultSet.getObject(column);
        }
        count++;
      }
    }
    return count;
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static double median(long[] nanos) {
    return percentile(nanos, 0.5);
  }

  private static double percentile(long[] nanos, double fraction) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] / 1e6;
  }

  private static void awaitPort(int port, Process process) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("The gateway process exited while starting");
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        Thread.sleep(5);
      }
    }
    throw new IllegalStateException("The gateway did not open port " + port + " in 60 s");
  }

  private static long rssKibibytes(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
      }
    }
    return -1;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static long longArgument(String[] args, String name, long fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Long.parseLong(args[i + 1]);
      }
    }
    return fallback;
  }

  private static double doubleArgument(String[] args, String name, double fallback) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Double.parseDouble(args[i + 1]);
      }
    }
    return fallback;
  }

  private GatewayBenchmark() {}
}
