package io.sluice.engine.spark;

import static java.util.Objects.requireNonNull;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;

/**
 * How {@link SparkThriftEngine} reaches one Spark Thrift Server (or any HiveServer2 that speaks
 * protocol V6 or newer) and how it fetches results.
 *
 * <p>Start from {@link #of(String, InetSocketAddress)} and change what differs with the {@code
 * with...} methods.
 *
 * @param clusterName the cluster this engine belongs to, named in every error message
 * @param address host and port of the server's binary Thrift listener
 * @param user the user name sent with SASL PLAIN; the gateway's own credential, not the end user's
 * @param password the password sent with SASL PLAIN; never printed by {@link #toString()}
 * @param initialDatabase sent as {@code use:database} when a session opens; empty leaves the
 *     server's default catalog and namespace current without checking that they exist
 * @param fetchBatchSize rows asked for per FetchResults call, and so the most rows of one Arrow
 *     batch
 * @param maxConnections the most connections (each with its own session) open at once; one running
 *     result holds one connection until it is closed
 * @param connectTimeout how long opening a TCP connection may take
 * @param socketTimeout how long one RPC may take. Long queries do not need a long timeout (their
 *     status is polled), but with incremental collection one FetchResults call computes the next
 *     rows, which can take as long as a stage of the query
 * @param connectionWaitTimeout how long {@code execute} waits for a free connection when all {@code
 *     maxConnections} are in use
 * @param prefetch whether a result fetches its next batch in the background while the caller
 *     consumes the current one; only the Thrift row set is held ahead, never Arrow memory. It pays
 *     off when the engine runs on other cores than Sluice; with both on one 2-core machine it
 *     measured neither faster nor slower
 * @param engineLog where an operator finds the engine's log (a file path, a pod name), named in
 *     errors when the engine is lost
 */
public record SparkThriftEngineConfig(
    String clusterName,
    InetSocketAddress address,
    String user,
    String password,
    Optional<String> initialDatabase,
    int fetchBatchSize,
    int maxConnections,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration connectionWaitTimeout,
    boolean prefetch,
    String engineLog) {

  /**
   * Rows per FetchResults call. Measured with {@code GatewayBenchmark --fetch-sizes} on 1,000,000
   * lineitem rows: 5,000 gave 570–600k rows/s, 10,000 370–520k and 20,000 330–440k (Spark slows
   * down on large row sets), 1,000 up to 580k with a slow start.
   */
  public static final int DEFAULT_FETCH_BATCH_SIZE = 5_000;

  public static final int DEFAULT_MAX_CONNECTIONS = 16;
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofHours(1);
  public static final Duration DEFAULT_CONNECTION_WAIT_TIMEOUT = Duration.ofMinutes(1);

  public SparkThriftEngineConfig {
    requireNonNull(clusterName, "clusterName");
    requireNonNull(address, "address");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(initialDatabase, "initialDatabase");
    requireNonNull(connectTimeout, "connectTimeout");
    requireNonNull(socketTimeout, "socketTimeout");
    requireNonNull(connectionWaitTimeout, "connectionWaitTimeout");
    requireNonNull(engineLog, "engineLog");
    if (clusterName.isBlank()) {
      throw new IllegalArgumentException("The cluster name of a Spark engine cannot be blank");
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException(
          "The user of the Spark engine of cluster " + clusterName + " cannot be empty");
    }
    if (fetchBatchSize < 1) {
      throw new IllegalArgumentException(
          "The fetch batch size of cluster "
              + clusterName
              + " must be positive: "
              + fetchBatchSize);
    }
    if (maxConnections < 1) {
      throw new IllegalArgumentException(
          "The connection limit of cluster "
              + clusterName
              + " must be positive: "
              + maxConnections);
    }
    requirePositiveMillis(clusterName, "connect timeout", connectTimeout);
    requirePositiveMillis(clusterName, "socket timeout", socketTimeout);
    requirePositiveMillis(clusterName, "connection wait timeout", connectionWaitTimeout);
  }

  /**
   * The defaults: user {@code sluice} with password {@code anonymous} (what a server with {@code
   * hive.server2.authentication=NONE} accepts), batches of {@value #DEFAULT_FETCH_BATCH_SIZE} rows,
   * {@value #DEFAULT_MAX_CONNECTIONS} connections, prefetch on.
   */
  public static SparkThriftEngineConfig of(String clusterName, InetSocketAddress address) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        "sluice",
        "anonymous",
        Optional.empty(),
        DEFAULT_FETCH_BATCH_SIZE,
        DEFAULT_MAX_CONNECTIONS,
        DEFAULT_CONNECT_TIMEOUT,
        DEFAULT_SOCKET_TIMEOUT,
        DEFAULT_CONNECTION_WAIT_TIMEOUT,
        true,
        "the Spark Thrift Server on " + address.getHostString() + ":" + address.getPort());
  }

  public SparkThriftEngineConfig withCredentials(String user, String password) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        fetchBatchSize,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        engineLog);
  }

  public SparkThriftEngineConfig withInitialDatabase(String database) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        Optional.of(database),
        fetchBatchSize,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        engineLog);
  }

  public SparkThriftEngineConfig withFetchBatchSize(int rows) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        rows,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        engineLog);
  }

  public SparkThriftEngineConfig withMaxConnections(int connections) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        fetchBatchSize,
        connections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        engineLog);
  }

  public SparkThriftEngineConfig withTimeouts(
      Duration connectTimeout, Duration socketTimeout, Duration connectionWaitTimeout) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        fetchBatchSize,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        engineLog);
  }

  public SparkThriftEngineConfig withPrefetch(boolean enabled) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        fetchBatchSize,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        enabled,
        engineLog);
  }

  public SparkThriftEngineConfig withEngineLog(String location) {
    return new SparkThriftEngineConfig(
        clusterName,
        address,
        user,
        password,
        initialDatabase,
        fetchBatchSize,
        maxConnections,
        connectTimeout,
        socketTimeout,
        connectionWaitTimeout,
        prefetch,
        location);
  }

  @Override
  public String toString() {
    // The password is a secret: it never reaches a log through this record.
    return "SparkThriftEngineConfig[clusterName="
        + clusterName
        + ", address="
        + address.getHostString()
        + ":"
        + address.getPort()
        + ", user="
        + user
        + ", initialDatabase="
        + initialDatabase.orElse("(server default)")
        + ", fetchBatchSize="
        + fetchBatchSize
        + ", maxConnections="
        + maxConnections
        + ", connectTimeout="
        + connectTimeout
        + ", socketTimeout="
        + socketTimeout
        + ", connectionWaitTimeout="
        + connectionWaitTimeout
        + ", prefetch="
        + prefetch
        + ", engineLog="
        + engineLog
        + "]";
  }

  private static void requirePositiveMillis(String clusterName, String what, Duration duration) {
    if (duration.isNegative() || duration.isZero() || duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "The "
              + what
              + " of cluster "
              + clusterName
              + " must be between 1 ms and about 24 days: "
              + duration);
    }
  }
}
