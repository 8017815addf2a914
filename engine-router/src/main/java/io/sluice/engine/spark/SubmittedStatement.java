package io.sluice.engine.spark;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.spi.SluiceException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hive.service.rpc.thrift.TOperationHandle;

/**
 * A statement the engine has accepted and may still be running. The first {@link #schema()}, {@link
 * #root()} or {@link #loadNextBatch()} waits for it to finish and then serves its rows; the
 * engine's errors are thrown there. Holds its connection until closed.
 *
 * <p>One thread uses the result at a time, as every {@link EngineResult}; {@link #cancel()} may
 * come from any thread, and {@link #close()} stops a wait in another thread before it cleans up.
 */
final class SubmittedStatement implements EngineResult {
  private final SparkThriftEngine engine;
  private final EngineRequest request;
  private final ThriftConnection connection;
  private final TOperationHandle operation;
  private final long submittedNanos;
  private final BufferAllocator allocator;
  private final ReentrantLock waiting = new ReentrantLock();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  /** The finished statement's rows; set once, under {@link #waiting}. */
  private volatile EngineResult rows;

  /** Why waiting failed; the connection is back in the pool then. Guarded by {@link #waiting}. */
  private SluiceException failure;

  SubmittedStatement(
      SparkThriftEngine engine,
      EngineRequest request,
      ThriftConnection connection,
      TOperationHandle operation,
      long submittedNanos,
      BufferAllocator allocator) {
    this.engine = engine;
    this.request = request;
    this.connection = connection;
    this.operation = operation;
    this.submittedNanos = submittedNanos;
    this.allocator = allocator;
  }

  @Override
  public Schema schema() {
    return rows().schema();
  }

  @Override
  public VectorSchemaRoot root() {
    return rows().root();
  }

  @Override
  public boolean loadNextBatch() {
    return rows().loadNextBatch();
  }

  private EngineResult rows() {
    EngineResult ready = rows;
    if (ready != null) {
      return ready;
    }
    waiting.lock();
    try {
      if (closed.get()) {
        throw new IllegalStateException("The result of query " + request.queryId() + " is closed");
      }
      if (rows != null) {
        return rows;
      }
      if (failure != null) {
        throw failure;
      }
      EngineResult finished;
      try {
        finished = engine.awaitRows(connection, operation, request, submittedNanos, allocator);
      } catch (SluiceException e) {
        failure = cancelled.get() ? engine.errors().cancelled(request.queryId(), e) : e;
        throw failure;
      }
      rows = finished;
      // A cancel that came while the statement finished found no rows to cancel yet.
      if (cancelled.get()) {
        finished.cancel();
      }
      return finished;
    } finally {
      waiting.unlock();
    }
  }

  @Override
  public void cancel() {
    if (closed.get() || !cancelled.compareAndSet(false, true)) {
      return;
    }
    EngineResult ready = rows;
    if (ready != null) {
      ready.cancel();
    } else {
      // A thread waiting for the statement sees it cancelled at its next status call.
      engine.cancelOperation(request.queryId(), operation, false);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (!waiting.tryLock()) {
      // Another thread waits for the statement on this connection: stop the statement through
      // another connection, then let the waiter return before touching this one.
      if (cancelled.compareAndSet(false, true)) {
        engine.cancelOperation(request.queryId(), operation, false);
      }
      waiting.lock();
    }
    try {
      EngineResult ready = rows;
      if (ready != null) {
        ready.close();
      } else if (failure == null) {
        engine.abandon(connection, operation, request);
      }
    } finally {
      waiting.unlock();
    }
  }
}
