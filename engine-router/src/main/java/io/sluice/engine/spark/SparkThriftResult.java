package io.sluice.engine.spark;

import io.sluice.engine.EngineResult;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TFetchOrientation;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TOperationHandle;
import org.apache.thrift.TException;

/**
 * The rows of one statement on a Spark Thrift Server. Holds its connection until closed.
 *
 * <p>Each FetchResults reply is read straight into a staging root; taking the next batch swaps the
 * staging vectors' buffers into the caller's root, so neither copies rows. With prefetch on, the
 * next FetchResults call and its decoding run in the background while the caller consumes the
 * current batch; closing waits for that call before it frees the staging root.
 */
final class SparkThriftResult implements EngineResult {
  /** After cancelling, how long close waits for an in-flight fetch before cutting its socket. */
  private static final long IN_FLIGHT_FETCH_GRACE_MILLIS = 5_000;

  private final SparkThriftEngine engine;
  private final String queryId;
  private final ThriftConnection connection;
  private final TOperationHandle operation;
  private final Schema schema;
  private final VectorSchemaRoot root;
  private final VectorSchemaRoot staging;
  private final VectorSchemaRoot spare;
  private final RowSetWriter writer;
  private final TFetchResultsReq fetchRequest;
  private final boolean prefetch;
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** Set when cancelling closed the statement on the server already. */
  private volatile boolean operationClosed;

  private boolean exhausted;
  private SluiceException failure;
  private Future<Integer> nextRowSet;

  SparkThriftResult(
      SparkThriftEngine engine,
      String queryId,
      ThriftConnection connection,
      TOperationHandle operation,
      Schema schema,
      BufferAllocator allocator) {
    this.engine = engine;
    this.queryId = queryId;
    this.connection = connection;
    this.operation = operation;
    this.schema = schema;
    this.root = VectorSchemaRoot.create(schema, allocator);
    this.staging = VectorSchemaRoot.create(schema, allocator);
    this.spare = VectorSchemaRoot.create(schema, allocator);
    this.writer = new RowSetWriter(staging);
    this.fetchRequest =
        new TFetchResultsReq(
            operation, TFetchOrientation.FETCH_NEXT, engine.config().fetchBatchSize());
    this.prefetch = engine.config().prefetch();
    // A result with no columns has no rows to fetch.
    this.exhausted = schema.getFields().isEmpty();
    if (prefetch && !exhausted) {
      // The first rows are on their way while the caller answers its client (a Flight SQL client
      // asks for them in a second call).
      startPrefetch();
    }
  }

  /** The result of a statement without a result set: no columns, no rows, nothing to release. */
  static EngineResult withoutRows(
      SparkThriftEngine engine, String queryId, BufferAllocator allocator) {
    return new EmptyResult(
        engine.errors(), queryId, VectorSchemaRoot.create(new Schema(List.of()), allocator));
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public VectorSchemaRoot root() {
    return root;
  }

  @Override
  public boolean loadNextBatch() {
    if (closed.get()) {
      throw new IllegalStateException("The result of query " + queryId + " is closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (cancelled.get()) {
      throw engine.errors().cancelled(queryId, null);
    }
    if (exhausted) {
      root.setRowCount(0);
      return false;
    }
    int rowCount;
    try {
      rowCount = takeNextBatch();
    } catch (SluiceException e) {
      failure = cancelled.get() ? engine.errors().cancelled(queryId, e) : e;
      throw failure;
    }
    if (cancelled.get()) {
      failure = engine.errors().cancelled(queryId, null);
      throw failure;
    }
    swapStagingIntoRoot(rowCount);
    if (rowCount == 0) {
      // HiveServer2 never sets hasMoreRows reliably; an empty batch is the only sure end.
      exhausted = true;
      return false;
    }
    if (prefetch) {
      startPrefetch();
    }
    return true;
  }

  /**
   * Moves the staging vectors' buffers into the root and the root's (already sent) buffers back
   * into staging for the next fetch to fill: three transfers, no copies, no allocation.
   */
  private void swapStagingIntoRoot(int rowCount) {
    for (int index = 0; index < root.getFieldVectors().size(); index++) {
      root.getVector(index).makeTransferPair(spare.getVector(index)).transfer();
      staging.getVector(index).makeTransferPair(root.getVector(index)).transfer();
      spare.getVector(index).makeTransferPair(staging.getVector(index)).transfer();
    }
    root.setRowCount(rowCount);
  }

  private int takeNextBatch() {
    Future<Integer> pending = nextRowSet;
    nextRowSet = null;
    if (pending == null) {
      return fetch();
    }
    try {
      return pending.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      nextRowSet = pending;
      cancel();
      throw engine.errors().cancelled(queryId, e);
    } catch (ExecutionException e) {
      throw SluiceException.wrap(e.getCause());
    } catch (CancellationException e) {
      throw engine.errors().cancelled(queryId, e);
    }
  }

  private void startPrefetch() {
    try {
      nextRowSet = engine.fetchExecutor().submit(this::fetch);
    } catch (RejectedExecutionException e) {
      // The engine is closing; the next fetch runs in the caller's thread and reports why.
      nextRowSet = null;
    }
  }

  /**
   * One FetchResults call, decoded into the staging root; runs in the caller's thread or, when
   * prefetching, in the background.
   */
  private int fetch() {
    try {
      return connection.fetchInto(fetchRequest, writer);
    } catch (TException e) {
      throw engine.errors().translate(queryId, e);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw engine.errors().unreadableValue(queryId, e);
    }
  }

  @Override
  public void cancel() {
    if (closed.get() || !cancelled.compareAndSet(false, true)) {
      return;
    }
    if (!exhausted) {
      operationClosed = engine.cancelOperation(queryId, operation, true);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    try {
      awaitInFlightFetch();
      if (!connection.isBroken() && !operationClosed) {
        // Closing the operation also stops it when it is still producing rows.
        engine.closeOperation(connection, operation);
      }
    } finally {
      engine.release(connection);
      root.close();
      staging.close();
      spare.close();
    }
  }

  /**
   * The connection can serve CloseOperation only after its in-flight fetch returns. A fetch that is
   * still computing rows is cancelled first; one that does not return soon after loses its socket,
   * and with it the server-side session.
   */
  private void awaitInFlightFetch() {
    Future<Integer> pending = nextRowSet;
    nextRowSet = null;
    if (pending == null) {
      return;
    }
    if (!pending.isDone()) {
      if (cancelled.compareAndSet(false, true)) {
        operationClosed = engine.cancelOperation(queryId, operation, true);
      }
    }
    try {
      pending.get(IN_FLIGHT_FETCH_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      connection.abort();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      connection.abort();
    } catch (ExecutionException | CancellationException e) {
      // The fetch failed; the failure is moot once the result is closed.
    }
  }

  /** A statement without a result set, closed on the server already. */
  private static final class EmptyResult implements EngineResult {
    private final EngineErrors errors;
    private final String queryId;
    private final VectorSchemaRoot root;
    private final AtomicBoolean cancelled = new AtomicBoolean();

    EmptyResult(EngineErrors errors, String queryId, VectorSchemaRoot root) {
      this.errors = errors;
      this.queryId = queryId;
      this.root = root;
    }

    @Override
    public Schema schema() {
      return root.getSchema();
    }

    @Override
    public boolean loadNextBatch() {
      if (cancelled.get()) {
        throw errors.cancelled(queryId, null);
      }
      return false;
    }

    @Override
    public VectorSchemaRoot root() {
      return root;
    }

    @Override
    public void cancel() {
      cancelled.set(true);
    }

    @Override
    public void close() {
      root.close();
    }
  }
}
