package io.sluice.engine.cluster.local;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.Cluster;
import io.sluice.engine.cluster.ClusterState;
import io.sluice.engine.cluster.local.SparkThriftServerCommand.StateLayout;
import io.sluice.engine.spark.SparkThriftEngine;
import io.sluice.engine.spark.SparkThriftEngineConfig;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Cluster} of one Spark Thrift Server that runs as a child process of Sluice, bound to
 * 127.0.0.1, on an Iceberg catalog that Sluice shares.
 *
 * <p>The server starts on the first {@link #execute}; concurrent first queries wait for the same
 * start. It stops when no result has been open for the idle timeout, and the next query starts it
 * again. When it dies, queries in flight fail with {@code ENGINE_LOST} and the next query starts a
 * fresh one. The child never outlives Sluice: it watches a pipe that only this process holds (see
 * {@link ChildProcessMain}).
 *
 * <p>Its standard output and error go to {@link #logFile()}, with a header line for each start.
 */
public final class LocalSparkCluster implements Cluster {
  private static final Logger log = LoggerFactory.getLogger(LocalSparkCluster.class);

  /** Spark stops cleanly on SIGTERM in 1–2 s; after this it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private static final int LOG_TAIL_LINES = 20;
  private static final long PORT_PROBE_INTERVAL_MILLIS = 200;
  private static final int PORT_PROBE_TIMEOUT_MILLIS = 500;

  private final LocalClusterConfig config;
  private final StateLayout layout;

  /** One daemon thread runs starts and idle stops, one at a time. */
  private final ScheduledExecutorService lifecycle;

  private final Object lock = new Object();
  // Guarded by lock.
  private ClusterState state = ClusterState.STOPPED;
  private RunningServer current;
  private CompletableFuture<RunningServer> starting;
  private CompletableFuture<Void> stopping;
  private boolean closed;

  public LocalSparkCluster(LocalClusterConfig config) {
    this.config = requireNonNull(config, "config");
    this.layout = new StateLayout(config.stateDirectory());
    this.lifecycle =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "sluice-local-cluster-" + config.name());
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public String name() {
    return config.name();
  }

  public LocalClusterConfig config() {
    return config;
  }

  @Override
  public ClusterState state() {
    synchronized (lock) {
      return state;
    }
  }

  /** Where the server's output goes; named in every start failure and lost-engine error. */
  public Path logFile() {
    return layout.logFile();
  }

  /** The running server's Thrift address, for tests and benchmarks that connect directly. */
  public Optional<InetSocketAddress> thriftAddress() {
    synchronized (lock) {
      return Optional.ofNullable(current).map(server -> server.address);
    }
  }

  /** The running server's process id. */
  public Optional<Long> processId() {
    synchronized (lock) {
      return Optional.ofNullable(current).map(server -> server.process.pid());
    }
  }

  @Override
  public EngineResult execute(EngineRequest request, BufferAllocator allocator) {
    requireNonNull(request, "request");
    requireNonNull(allocator, "allocator");
    RunningServer server = acquire(request.queryId());
    EngineResult result;
    try {
      result = server.engine.execute(request, allocator);
    } catch (RuntimeException e) {
      release(server);
      throw e;
    }
    return new CountedResult(result, () -> release(server));
  }

  /** Returns the running server with one more active result, starting it when needed. */
  private RunningServer acquire(String queryId) {
    while (true) {
      CompletableFuture<?> transition;
      synchronized (lock) {
        if (closed) {
          throw startFailed("the cluster is closed", null);
        }
        switch (state) {
          case RUNNING -> {
            current.activeResults++;
            if (current.idleStop != null) {
              current.idleStop.cancel(false);
              current.idleStop = null;
            }
            return current;
          }
          case STARTING -> transition = starting;
          case STOPPING -> transition = stopping;
          case STOPPED -> {
            CompletableFuture<RunningServer> start = new CompletableFuture<>();
            state = ClusterState.STARTING;
            starting = start;
            lifecycle.execute(() -> runStart(start));
            transition = start;
          }
          default -> throw new IllegalStateException("Unknown cluster state " + state);
        }
      }
      awaitTransition(transition, queryId);
    }
  }

  private void awaitTransition(CompletableFuture<?> transition, String queryId) {
    // A stop takes at most twice the grace period; a start is bounded by its own timeout.
    Duration limit = config.startTimeout().plus(STOP_GRACE.multipliedBy(3));
    try {
      transition.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(
          ErrorCode.QUERY_CANCELLED,
          "Query " + queryId + " was cancelled while cluster " + name() + " was starting",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SluiceException failure) {
        // Every waiter gets its own exception with its own stack, keeping the shared cause (the
        // log excerpt of a failed start).
        SluiceException own =
            new SluiceException(
                failure.errorCode(),
                failure.getMessage(),
                failure.getCause() != null ? failure.getCause() : failure);
        throw own;
      }
      throw startFailed("the start failed unexpectedly: " + cause, cause);
    } catch (TimeoutException e) {
      throw startFailed("the cluster did not become ready within " + limit.toSeconds() + " s", e);
    }
  }

  private void runStart(CompletableFuture<RunningServer> start) {
    RunningServer server = null;
    try {
      server = startServer();
      RunningServer started = server;
      synchronized (lock) {
        if (closed) {
          throw startFailed("the cluster was closed while it started", null);
        }
        current = server;
        state = ClusterState.RUNNING;
        starting = null;
        // If every waiter gave up meanwhile, nothing else would ever stop an unused server.
        scheduleIdleStop(server);
      }
      server.process.onExit().thenRun(() -> onServerExit(started));
      start.complete(server);
    } catch (Throwable failure) {
      if (server != null) {
        stopServer(server);
      }
      synchronized (lock) {
        state = ClusterState.STOPPED;
        starting = null;
      }
      start.completeExceptionally(failure);
    }
  }

  /** Launches the child, waits for its Thrift port and bootstraps the catalog. */
  private RunningServer startServer() {
    Instant deadline = Instant.now().plus(config.startTimeout());
    if (!Files.isDirectory(config.sparkJarsDirectory())) {
      throw startFailed(
          "the Spark jars directory "
              + config.sparkJarsDirectory()
              + " does not exist; build the spark-runtime module or point the cluster at the"
              + " Spark Thrift Server jars",
          null);
    }
    int port;
    List<String> command;
    try {
      prepareStateDirectory();
      port = config.thriftPort() != 0 ? config.thriftPort() : freeLoopbackPort();
      command =
          SparkThriftServerCommand.build(
              config, layout, port, SparkThriftServerCommand.javaExecutable());
      appendToLog(
          "=== "
              + Instant.now()
              + " Sluice starts Spark Thrift Server for cluster "
              + name()
              + " on "
              + SparkThriftServerCommand.LOOPBACK_ADDRESS
              + ":"
              + port
              + ": "
              + SparkThriftServerCommand.describe(command)
              + System.lineSeparator());
    } catch (IOException e) {
      throw startFailed("cannot prepare its state directory " + config.stateDirectory(), e);
    }

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(config.stateDirectory().toFile())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            // A pipe that only this process holds: the child exits when it ends.
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> environment = builder.environment();
    // Otherwise Spark binds its driver to the machine's external address.
    environment.put("SPARK_LOCAL_IP", SparkThriftServerCommand.LOOPBACK_ADDRESS);
    environment.put("SPARK_LOCAL_HOSTNAME", "localhost");
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw startFailed("cannot launch " + command.get(0), e);
    }
    InetSocketAddress address =
        new InetSocketAddress(SparkThriftServerCommand.LOOPBACK_ADDRESS, port);
    SparkThriftEngine engine = null;
    try {
      awaitPort(process, address, deadline);
      engine = new SparkThriftEngine(engineConfig(address));
      bootstrapCatalog(address, deadline);
      log.info(
          "Spark Thrift Server of cluster {} runs as process {} on {}:{}",
          name(),
          process.pid(),
          address.getHostString(),
          port);
      return new RunningServer(process, engine, address);
    } catch (RuntimeException e) {
      if (engine != null) {
        engine.close();
      }
      destroy(process);
      if (e instanceof SluiceException failure
          && failure.errorCode() == ErrorCode.ENGINE_START_FAILED) {
        throw failure;
      }
      String reason =
          process.isAlive() ? e.getMessage() : e.getMessage() + exitDescription(process);
      throw startFailed(reason, e);
    }
  }

  private SparkThriftEngineConfig engineConfig(InetSocketAddress address) {
    return SparkThriftEngineConfig.of(name(), address).withEngineLog(logFile().toString());
  }

  private void awaitPort(Process process, InetSocketAddress address, Instant deadline) {
    while (true) {
      if (!process.isAlive()) {
        throw startFailed(
            "the process exited with code "
                + process.exitValue()
                + " before it accepted connections",
            null);
      }
      if (isClosed()) {
        throw startFailed("the cluster was closed while it started", null);
      }
      if (Instant.now().isAfter(deadline)) {
        throw startFailed(
            "it did not accept connections on port "
                + address.getPort()
                + " within "
                + config.startTimeout().toSeconds()
                + " s",
            null);
      }
      try (Socket socket = new Socket()) {
        socket.connect(address, PORT_PROBE_TIMEOUT_MILLIS);
        return;
      } catch (IOException notYet) {
        // The server is not listening yet.
      }
      try {
        // Wakes up early when the child exits.
        process.waitFor(PORT_PROBE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw startFailed("the start was interrupted", e);
      }
    }
  }

  /**
   * HiveServer2 clients (JDBC drivers, Beeline) switch to the {@code default} namespace on connect;
   * on a fresh Iceberg catalog that fails until the namespace exists. Sluice's own sessions set no
   * database, so they can create it.
   */
  private void bootstrapCatalog(InetSocketAddress address, Instant deadline) {
    Duration remaining = Duration.between(Instant.now(), deadline);
    if (remaining.isNegative() || remaining.isZero()) {
      remaining = Duration.ofSeconds(1);
    }
    SparkThriftEngineConfig bootstrapConfig =
        engineConfig(address).withMaxConnections(1).withTimeouts(remaining, remaining, remaining);
    String statement = "CREATE NAMESPACE IF NOT EXISTS `" + config.catalogName() + "`.`default`";
    try (SparkThriftEngine bootstrap = new SparkThriftEngine(bootstrapConfig)) {
      bootstrap.executeDiscardingRows(new EngineRequest("bootstrap-" + name(), statement));
    } catch (SluiceException e) {
      throw startFailed(
          "cannot create namespace " + config.catalogName() + ".default: " + e.getMessage(), e);
    }
  }

  private void prepareStateDirectory() throws IOException {
    for (Path directory : layout.directories()) {
      Files.createDirectories(directory);
    }
    Files.createDirectories(config.warehouseDirectory());
    Files.writeString(layout.log4jConfig(), SparkThriftServerCommand.log4jConfiguration(), UTF_8);
    // The launcher class goes in as a lone class file: Sluice's own jar (possibly a fat jar with
    // Arrow, Netty and Jackson) must not share a classpath with Spark.
    String resource = ChildProcessMain.class.getSimpleName() + ".class";
    Path target =
        layout
            .launcherClasses()
            .resolve(ChildProcessMain.class.getPackageName().replace('.', '/'))
            .resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream classFile = ChildProcessMain.class.getResourceAsStream(resource)) {
      if (classFile == null) {
        throw new IOException("Cannot read class file " + resource + " of Sluice's own launcher");
      }
      Files.copy(classFile, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void appendToLog(String text) throws IOException {
    Files.writeString(logFile(), text, UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket =
        new ServerSocket(0, 1, InetAddress.getByName(SparkThriftServerCommand.LOOPBACK_ADDRESS))) {
      return socket.getLocalPort();
    }
  }

  private void release(RunningServer server) {
    synchronized (lock) {
      server.activeResults--;
      if (server.activeResults == 0 && current == server) {
        scheduleIdleStop(server);
      }
    }
  }

  /** Called with the lock held. */
  private void scheduleIdleStop(RunningServer server) {
    if (server.idleStop != null) {
      server.idleStop.cancel(false);
    }
    server.idleStop =
        lifecycle.schedule(
            () -> stopIfIdle(server), config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void stopIfIdle(RunningServer server) {
    CompletableFuture<Void> stop = new CompletableFuture<>();
    synchronized (lock) {
      if (closed || current != server || server.activeResults > 0) {
        return;
      }
      state = ClusterState.STOPPING;
      current = null;
      stopping = stop;
    }
    log.info(
        "Stopping Spark Thrift Server of cluster {} (process {}): idle for {} s",
        name(),
        server.process.pid(),
        config.idleTimeout().toSeconds());
    try {
      stopServer(server);
    } finally {
      synchronized (lock) {
        if (stopping == stop) {
          stopping = null;
          state = ClusterState.STOPPED;
        }
      }
      stop.complete(null);
    }
  }

  private void onServerExit(RunningServer server) {
    boolean unexpected;
    synchronized (lock) {
      unexpected = current == server;
      if (unexpected) {
        current = null;
        state = ClusterState.STOPPED;
        if (server.idleStop != null) {
          server.idleStop.cancel(false);
        }
      }
    }
    // Running results fail at once with ENGINE_LOST instead of waiting on dead sockets.
    server.engine.close();
    if (unexpected) {
      log.warn(
          "Spark Thrift Server of cluster {} (process {}) exited with code {}; the next query"
              + " starts a new one; see its log at {}",
          name(),
          server.process.pid(),
          server.process.exitValue(),
          logFile());
    }
  }

  private void stopServer(RunningServer server) {
    server.engine.close();
    destroy(server.process);
  }

  /** SIGTERM, then SIGKILL after the grace period; waits for the process to be gone. */
  private void destroy(Process process) {
    try {
      process.destroy();
      if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "Spark Thrift Server of cluster {} (process {}) ignored SIGTERM for {} s; killing it",
            name(),
            process.pid(),
            STOP_GRACE.toSeconds());
        process.destroyForcibly();
        process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    } finally {
      closeQuietly(process);
    }
  }

  private static void closeQuietly(Process process) {
    try {
      process.getOutputStream().close();
    } catch (IOException e) {
      log.debug("Cannot close the standard input of process {}", process.pid(), e);
    }
  }

  private boolean isClosed() {
    synchronized (lock) {
      return closed;
    }
  }

  /** Stops the server, waiting for it to exit, and any start under way. */
  @Override
  public void close() {
    RunningServer server;
    CompletableFuture<RunningServer> start;
    CompletableFuture<Void> stop;
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      server = current;
      current = null;
      start = starting;
      stop = stopping;
      state = ClusterState.STOPPING;
    }
    if (server != null) {
      if (server.idleStop != null) {
        server.idleStop.cancel(false);
      }
      stopServer(server);
    }
    // A start under way sees the closed flag within one port probe and stops its process.
    awaitQuietly(start);
    awaitQuietly(stop);
    lifecycle.shutdownNow();
    synchronized (lock) {
      state = ClusterState.STOPPED;
    }
  }

  private void awaitQuietly(CompletableFuture<?> future) {
    if (future == null) {
      return;
    }
    try {
      future.get(
          config.startTimeout().plus(STOP_GRACE.multipliedBy(3)).toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.debug("A start or stop of cluster {} ended badly while it closed", name(), e);
    }
  }

  private SluiceException startFailed(String reason, Throwable cause) {
    String message =
        "Cannot start Spark Thrift Server for cluster "
            + name()
            + ": "
            + reason
            + "; see its log at "
            + logFile();
    return new SluiceException(
        ErrorCode.ENGINE_START_FAILED, message, new LogExcerpt(logFile(), readLogTail(), cause));
  }

  private static String exitDescription(Process process) {
    return " (the process exited with code " + process.exitValue() + ")";
  }

  private String readLogTail() {
    Path file = logFile();
    if (!Files.exists(file)) {
      return "(the log file does not exist yet)";
    }
    try (RandomAccessFile reader = new RandomAccessFile(file.toFile(), "r")) {
      long length = reader.length();
      int window = (int) Math.min(length, 64 * 1024);
      byte[] bytes = new byte[window];
      reader.seek(length - window);
      reader.readFully(bytes);
      List<String> lines = new String(bytes, UTF_8).lines().toList();
      return String.join(
          "\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException e) {
      return "(cannot read the log: " + e + ")";
    }
  }

  /** The last lines of the server's log, carried as the cause of a start failure. */
  static final class LogExcerpt extends Exception {
    LogExcerpt(Path logFile, String tail, Throwable cause) {
      super("Last lines of " + logFile + ":\n" + tail, cause);
    }
  }

  /** A started server: its process, the engine that talks to it, and its activity. */
  private static final class RunningServer {
    private final Process process;
    private final SparkThriftEngine engine;
    private final InetSocketAddress address;
    // Guarded by the cluster's lock.
    private int activeResults;
    private ScheduledFuture<?> idleStop;

    RunningServer(Process process, SparkThriftEngine engine, InetSocketAddress address) {
      this.process = process;
      this.engine = engine;
      this.address = address;
    }
  }

  /** A result that counts as cluster activity until it is closed. */
  private static final class CountedResult implements EngineResult {
    private final EngineResult delegate;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    CountedResult(EngineResult delegate, Runnable onClose) {
      this.delegate = delegate;
      this.onClose = onClose;
    }

    @Override
    public Schema schema() {
      return delegate.schema();
    }

    @Override
    public boolean loadNextBatch() {
      return delegate.loadNextBatch();
    }

    @Override
    public VectorSchemaRoot root() {
      return delegate.root();
    }

    @Override
    public void cancel() {
      delegate.cancel();
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      try {
        delegate.close();
      } finally {
        onClose.run();
      }
    }
  }
}
