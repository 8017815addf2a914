package io.sluice.bench;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.gateway.GatewayServer;
import io.sluice.gateway.config.ClusterConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.ListenerConfig;
import io.sluice.gateway.config.SessionConfig;
import io.sluice.gateway.demo.TpchDemoLoader;
import io.sluice.gateway.session.Session;
import io.sluice.planner.SessionContext;
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
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

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
    boolean startup = !List.of(args).contains("--skip-startup");
    boolean throughput = !List.of(args).contains("--skip-throughput");
    Path directory = Files.createTempDirectory("sluice-bench");
    try {
      if (startup) {
        startupAndIdleMemory(directory.resolve("startup"));
      }
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
            latency(server, direct, flight, sluice, latencyRuns);
            if (throughput) {
              throughput(server, direct, flight, sluice, rows);
            }
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

  private static void latency(
      GatewayServer server, Connection direct, Connection flight, Connection sluice, int runs)
      throws SQLException {
    Session session = server.sessions().open("bench");
    session.setContext(new SessionContext("lakehouse", "tpch"));
    String engineSql = server.queries().plan(session, SMALL_QUERY).engineSql().orElseThrow();
    for (int warmup = 0; warmup < 30; warmup++) {
      drain(direct, SMALL_QUERY);
      drain(flight, SMALL_QUERY);
      drain(sluice, SMALL_QUERY);
      drainEngine(server, engineSql);
      drainQueryService(server, session, SMALL_QUERY);
    }
    long[] directNanos = new long[runs];
    long[] flightNanos = new long[runs];
    long[] sluiceNanos = new long[runs];
    long[] engineNanos = new long[runs];
    long[] serviceNanos = new long[runs];
    long[] planNanos = new long[runs];
    long[] rawFlightNanos = new long[runs];
    BufferAllocator clientAllocator = new RootAllocator();
    FlightClient rawClient =
        FlightClient.builder(
                clientAllocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
            .build();
    FlightSqlClient rawFlight = new FlightSqlClient(rawClient);
    String qualified = SMALL_QUERY.replace("FROM nation", "FROM tpch.nation");
    for (int warmup = 0; warmup < 30; warmup++) {
      drainRawFlight(rawFlight, qualified);
    }
    for (int run = 0; run < runs; run++) {
      long rawStarted = System.nanoTime();
      drainRawFlight(rawFlight, qualified);
      rawFlightNanos[run] = System.nanoTime() - rawStarted;
      directNanos[run] = time(direct, SMALL_QUERY);
      flightNanos[run] = time(flight, SMALL_QUERY);
      sluiceNanos[run] = time(sluice, SMALL_QUERY);
      long started = System.nanoTime();
      drainEngine(server, engineSql);
      engineNanos[run] = System.nanoTime() - started;
      started = System.nanoTime();
      drainQueryService(server, session, SMALL_QUERY);
      serviceNanos[run] = System.nanoTime() - started;
      started = System.nanoTime();
      server.queries().plan(session, SMALL_QUERY);
      planNanos[run] = System.nanoTime() - started;
    }
    System.out.printf(
        Locale.ROOT,
        "latency breakdown (medians): planning %.2f ms; engine alone (Sluice's Thrift client,"
            + " in-process) %.2f ms; query service (plan + engine) %.2f ms; Flight SQL without"
            + " JDBC (FlightSqlClient execute + DoGet) %.2f ms%n",
        median(planNanos),
        median(engineNanos),
        median(serviceNanos),
        median(rawFlightNanos));
    try {
      rawFlight.close();
      clientAllocator.close();
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
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
    String engineLarge =
        "SELECT l_orderkey, l_partkey, l_suppkey, l_linenumber, l_quantity, l_extendedprice,"
            + " l_shipdate, l_comment FROM lakehouse.tpch.lineitem LIMIT "
            + rows;
    long started = System.nanoTime();
    long engineRows = drainEngine(server, engineLarge);
    System.out.printf(
        Locale.ROOT,
        "throughput of the engine alone (Sluice's Thrift client into Arrow, no protocol):"
            + " %.0f rows/s%n",
        engineRows / ((System.nanoTime() - started) / 1e9));
    // The machine is shared by Spark, the gateway and the clients: rates vary from round to
    // round, so rounds interleave the protocols and the medians are compared.
    int rounds = 5;
    double[] directRates = new double[rounds];
    double[] flightRates = new double[rounds];
    double[] sluiceRates = new double[rounds];
    for (int round = 0; round < rounds; round++) {
      directRates[round] = rate(direct, large);
      flightRates[round] = rate(flight, large);
      sluiceRates[round] = rate(sluice, large);
      System.out.printf(
          Locale.ROOT,
          "throughput round %d, %d rows x 8 columns: direct Hive JDBC %.0f rows/s, Flight SQL"
              + " %.0f rows/s, jdbc:sluice %.0f rows/s%n",
          round + 1,
          rows,
          directRates[round],
          flightRates[round],
          sluiceRates[round]);
    }
    double directMedian = medianOf(directRates);
    System.out.printf(
        Locale.ROOT,
        "throughput medians over %d rounds: direct Hive JDBC %.0f rows/s, Flight SQL %.0f rows/s"
            + " (%.2fx, target >= 0.95x), jdbc:sluice %.0f rows/s (%.2fx)%n",
        rounds,
        directMedian,
        medianOf(flightRates),
        medianOf(flightRates) / directMedian,
        medianOf(sluiceRates),
        medianOf(sluiceRates) / directMedian);
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

  private static long drainRawFlight(FlightSqlClient client, String sql) {
    FlightInfo info = client.execute(sql);
    long rows = 0;
    try (FlightStream stream = client.getStream(info.getEndpoints().get(0).getTicket())) {
      while (stream.next()) {
        rows += stream.getRoot().getRowCount();
      }
    } catch (Exception failure) {
      throw new IllegalStateException(failure);
    }
    return rows;
  }

  private static long drainEngine(GatewayServer server, String engineSql) {
    try (BufferAllocator allocator = new RootAllocator();
        EngineResult result =
            server.cluster().execute(new EngineRequest("bench", engineSql), allocator)) {
      long rows = 0;
      while (result.loadNextBatch()) {
        rows += result.root().getRowCount();
      }
      return rows;
    }
  }

  private static long drainQueryService(GatewayServer server, Session session, String sql) {
    try (BufferAllocator allocator = new RootAllocator();
        EngineResult result = server.queries().execute(session, sql, allocator)) {
      long rows = 0;
      while (result.loadNextBatch()) {
        rows += result.root().getRowCount();
      }
      return rows;
    }
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

  private static double medianOf(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
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
