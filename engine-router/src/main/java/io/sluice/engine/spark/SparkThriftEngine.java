package io.sluice.engine.spark;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.Engine;
import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.spark.ThriftConnection.ThriftStatusException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TCancelOperationReq;
import org.apache.hive.service.rpc.thrift.TCloseOperationReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementReq;
import org.apache.hive.service.rpc.thrift.TExecuteStatementResp;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusReq;
import org.apache.hive.service.rpc.thrift.TGetOperationStatusResp;
import org.apache.hive.service.rpc.thrift.TGetResultSetMetadataReq;
import org.apache.hive.service.rpc.thrift.TGetResultSetMetadataResp;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.hive.service.rpc.thrift.TOperationState;
import org.apache.thrift.TException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link Engine} that runs statements on a Spark Thrift Server through the HiveServer2 Thrift
 * protocol (TCLIService), and converts its columnar results straight into Arrow vectors.
 *
 * <p>Each running result holds one pooled connection (with its own session) from {@code execute}
 * until {@code close}. Statements run asynchronously on the server: {@code execute} polls their
 * status (HiveServer2 answers a status call as soon as the statement finishes, or after its long
 * polling timeout of 5 s by default), so a long statement never depends on the socket timeout.
 *
 * <p>Sessions are pooled and reused: statements that change session state ({@code USE}, {@code
 * SET}) affect later statements on the same connection. The gateway sends fully qualified names and
 * keeps user settings in its own sessions for that reason; each statement carries its session's
 * settings, and its connection is brought to exactly those before it runs.
 *
 * <p>Thread-safe. Interrupting a thread blocked in {@code execute} cancels the statement.
 */
public final class SparkThriftEngine implements Engine {
  /** Named in the statement's conf overlay; servers that log overlays show Sluice's query id. */
  static final String QUERY_ID_CONF = "sluice.query.id";

  private static final Logger log = LoggerFactory.getLogger(SparkThriftEngine.class);
  private static final long FIRST_POLL_DELAY_MILLIS = 1;
  private static final long LONGEST_POLL_DELAY_MILLIS = 50;

  private final SparkThriftEngineConfig config;
  private final ThriftConnectionPool pool;
  private final EngineErrors errors;
  private final ExecutorService fetchExecutor;
  private final AtomicLong settingChanges = new AtomicLong();

  public SparkThriftEngine(SparkThriftEngineConfig config) {
    this.config = requireNonNull(config, "config");
    this.pool = new ThriftConnectionPool(config);
    this.errors = new EngineErrors(config);
    this.fetchExecutor = Executors.newCachedThreadPool(daemonThreads(config.clusterName()));
  }

  public SparkThriftEngineConfig config() {
    return config;
  }

  @Override
  public EngineResult execute(EngineRequest request, BufferAllocator allocator) {
    requireNonNull(request, "request");
    requireNonNull(allocator, "allocator");
    String queryId = request.queryId();
    ThriftConnection connection = borrow(request);
    TOperationHandle operation = null;
    boolean handedOver = false;
    try {
      applySettings(connection, request);
      operation = submitAndWait(connection, request);
      if (!operation.isHasResultSet()) {
        closeOperation(connection, operation);
        operation = null;
        return SparkThriftResult.withoutRows(this, queryId, allocator);
      }
      TOperationHandle finishedOperation = operation;
      TGetResultSetMetadataResp metadata =
          connection.call(
              client ->
                  client.GetResultSetMetadata(new TGetResultSetMetadataReq(finishedOperation)));
      ThriftStatusException.check(metadata.getStatus());
      Schema schema = ResultSchemaMapper.toArrowSchema(metadata.getSchema());
      SparkThriftResult result =
          new SparkThriftResult(this, queryId, connection, operation, schema, allocator);
      handedOver = true;
      return result;
    } catch (TException e) {
      throw errors.translate(queryId, e);
    } finally {
      if (!handedOver) {
        if (operation != null && !connection.isBroken()) {
          closeOperation(connection, operation);
        }
        pool.release(connection);
      }
    }
  }

  /**
   * Runs a statement whose rows are not wanted (DDL, a catalog bootstrap) and returns when it has
   * finished. Needs no Arrow allocator.
   *
   * @throws io.sluice.spi.SluiceException like {@link #execute}
   */
  public void executeDiscardingRows(EngineRequest request) {
    requireNonNull(request, "request");
    String queryId = request.queryId();
    ThriftConnection connection = borrow(request);
    try {
      applySettings(connection, request);
      TOperationHandle operation = submitAndWait(connection, request);
      closeOperation(connection, operation);
    } catch (TException e) {
      throw errors.translate(queryId, e);
    } finally {
      pool.release(connection);
    }
  }

  /**
   * Brings the connection's server session to exactly the request's settings: RESETs what an
   * earlier statement set and this one does not, then SETs what differs, in the order the session
   * made them. A connection keeps its settings when released, so a session's next statement on it
   * (or another session's with the same settings) needs no round trip for them; any other statement
   * RESETs them first. When a SET is refused or a command fails, every key involved is RESET; a
   * connection that cannot be reset is closed rather than shared with unknown settings.
   */
  private void applySettings(ThriftConnection connection, EngineRequest request) throws TException {
    Map<String, String> current = connection.settings();
    Map<String, String> wanted = request.settings();
    if (current.equals(wanted)) {
      return;
    }
    boolean done = false;
    try {
      for (String key : current.keySet()) {
        if (!wanted.containsKey(key)) {
          runCommand(connection, request, "RESET " + key);
        }
      }
      for (Map.Entry<String, String> setting : wanted.entrySet()) {
        if (!setting.getValue().equals(current.get(setting.getKey()))) {
          set(connection, request, setting.getKey(), setting.getValue());
        }
      }
      connection.settings(wanted);
      settingChanges.incrementAndGet();
      done = true;
    } finally {
      if (!done) {
        resetAll(connection, request, current.keySet(), wanted.keySet());
      }
    }
  }

  private void set(ThriftConnection connection, EngineRequest request, String key, String value)
      throws TException {
    try {
      runCommand(connection, request, "SET " + key + "=" + value);
    } catch (ThriftStatusException refused) {
      // Spark's message may not say which setting it refused ("Failed to parse byte string");
      // the key is named, not the value, which can be a credential.
      throw new ThriftStatusException(
          "Spark refused the setting " + key + ": " + EngineErrors.firstLines(refused.getMessage()),
          refused.sqlState());
    }
  }

  /** After a failed change: puts every key involved back to the engine's value, or closes. */
  private void resetAll(
      ThriftConnection connection, EngineRequest request, Set<String> before, Set<String> wanted) {
    if (connection.isBroken()) {
      return;
    }
    Set<String> keys = new LinkedHashSet<>(before);
    keys.addAll(wanted);
    try {
      for (String key : keys) {
        runCommand(connection, request, "RESET " + key);
      }
      connection.settings(Map.of());
    } catch (TException | RuntimeException e) {
      log.warn(
          "Query {}: cannot reset the session's settings on an engine connection; closing it",
          request.queryId(),
          e);
      connection.close();
    }
  }

  /** How many times a statement changed its connection's settings; for tests. */
  long settingChanges() {
    return settingChanges.get();
  }

  private void runCommand(ThriftConnection connection, EngineRequest request, String command)
      throws TException {
    TOperationHandle operation =
        submitAndWait(connection, new EngineRequest(request.queryId(), command));
    closeOperation(connection, operation);
  }

  /**
   * Submits a statement asynchronously and waits until it has finished; closes it on the server
   * when it fails.
   */
  private TOperationHandle submitAndWait(ThriftConnection connection, EngineRequest request)
      throws TException {
    TExecuteStatementReq executeRequest =
        new TExecuteStatementReq(connection.session(), request.sql());
    executeRequest.setRunAsync(true);
    executeRequest.setConfOverlay(Map.of(QUERY_ID_CONF, request.queryId()));
    TExecuteStatementResp executeResponse =
        connection.call(client -> client.ExecuteStatement(executeRequest));
    ThriftStatusException.check(executeResponse.getStatus());
    TOperationHandle operation = executeResponse.getOperationHandle();
    boolean finished = false;
    try {
      waitUntilFinished(connection, operation, request.queryId());
      finished = true;
      return operation;
    } finally {
      if (!finished && !connection.isBroken()) {
        closeOperation(connection, operation);
      }
    }
  }

  private ThriftConnection borrow(EngineRequest request) {
    String queryId = request.queryId();
    try {
      return pool.borrow(config.connectionWaitTimeout(), request.settings());
    } catch (TimeoutException e) {
      throw errors.noFreeConnection(queryId);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw errors.cancelled(queryId, e);
    } catch (TException e) {
      throw errors.translate(queryId, e);
    }
  }

  /**
   * Polls until the statement leaves its running states. The delay starts at 1 ms, because small
   * statements finish within milliseconds, and grows to 50 ms; the server itself holds each status
   * call while the statement runs, so a long statement costs few calls.
   */
  private void waitUntilFinished(
      ThriftConnection connection, TOperationHandle operation, String queryId) throws TException {
    TGetOperationStatusReq statusRequest = new TGetOperationStatusReq(operation);
    long delayMillis = FIRST_POLL_DELAY_MILLIS;
    while (true) {
      TGetOperationStatusResp status =
          connection.call(client -> client.GetOperationStatus(statusRequest));
      ThriftStatusException.check(status.getStatus());
      TOperationState state = status.getOperationState();
      switch (state) {
        case FINISHED_STATE:
          return;
        case INITIALIZED_STATE:
        case PENDING_STATE:
        case RUNNING_STATE:
          break;
        case CANCELED_STATE:
          throw errors.cancelled(queryId, null);
        case ERROR_STATE:
          // Thrown as the engine's answer, like a refused ExecuteStatement, so that callers
          // that add context (which setting was refused) see both the same way.
          throw ThriftStatusException.failed(status.getErrorMessage(), status.getSqlState());
        case TIMEDOUT_STATE:
          throw errors.queryFailed(
              queryId,
              "the engine stopped the statement at its query timeout"
                  + " (spark.sql.thriftServer.queryTimeout)",
              null,
              null);
        default:
          throw errors.queryFailed(
              queryId,
              "the statement ended in state " + state + ": " + status.getErrorMessage(),
              status.getSqlState(),
              null);
      }
      try {
        Thread.sleep(delayMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        cancelOperation(queryId, operation, false);
        throw errors.cancelled(queryId, e);
      }
      delayMillis = Math.min(delayMillis * 2, LONGEST_POLL_DELAY_MILLIS);
    }
  }

  /**
   * Cancels a statement through another connection than the one running it (operation handles are
   * global in HiveServer2). Best effort: a statement whose engine is gone needs no cancelling, so a
   * failure is logged, not thrown.
   *
   * @param producingRows whether the statement has finished executing and is producing rows. Spark
   *     treats such a statement as finished and ignores CancelOperation, while with incremental
   *     collection its jobs still run inside FetchResults; only CloseOperation stops them.
   * @return whether the statement was closed on the server
   */
  boolean cancelOperation(String queryId, TOperationHandle operation, boolean producingRows) {
    ThriftConnection connection;
    try {
      connection = pool.borrowUrgently();
    } catch (TException | RuntimeException e) {
      log.warn(
          "Cannot cancel query {} on cluster {}: no connection to the engine: {}",
          queryId,
          config.clusterName(),
          e.toString());
      return false;
    }
    try {
      ThriftStatusException.check(
          connection
              .call(client -> client.CancelOperation(new TCancelOperationReq(operation)))
              .getStatus());
      if (producingRows) {
        ThriftStatusException.check(
            connection
                .call(client -> client.CloseOperation(new TCloseOperationReq(operation)))
                .getStatus());
        return true;
      }
      return false;
    } catch (TException | RuntimeException e) {
      log.warn(
          "Cannot cancel query {} on cluster {}: {}", queryId, config.clusterName(), e.toString());
      return false;
    } finally {
      pool.release(connection);
    }
  }

  /** Closes a statement on the server; a failure only marks the connection broken. */
  void closeOperation(ThriftConnection connection, TOperationHandle operation) {
    try {
      ThriftStatusException.check(
          connection
              .call(client -> client.CloseOperation(new TCloseOperationReq(operation)))
              .getStatus());
    } catch (TException | RuntimeException e) {
      log.debug("Cannot close an operation on cluster {}", config.clusterName(), e);
    }
  }

  void release(ThriftConnection connection) {
    pool.release(connection);
  }

  ExecutorService fetchExecutor() {
    return fetchExecutor;
  }

  EngineErrors errors() {
    return errors;
  }

  /**
   * Closes every connection. Results still running fail with {@code ENGINE_LOST} at their next
   * fetch, or at once when a fetch is in flight.
   */
  @Override
  public void close() {
    pool.close();
    fetchExecutor.shutdown();
  }

  private static ThreadFactory daemonThreads(String clusterName) {
    AtomicInteger counter = new AtomicInteger();
    return runnable -> {
      Thread thread =
          new Thread(
              runnable, "sluice-spark-fetch-" + clusterName + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
