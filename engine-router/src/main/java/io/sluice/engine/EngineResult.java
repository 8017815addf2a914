package io.sluice.engine;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The streaming result of one statement. Like Arrow's {@code ArrowReader}: one {@link #root()} is
 * reused, and {@link #loadNextBatch()} refills it. Not thread-safe, except {@link #cancel()}.
 */
public interface EngineResult extends AutoCloseable {
  /** The result's columns; an empty schema for statements that return no rows. */
  Schema schema();

  /**
   * Fills {@link #root()} with the next batch of rows.
   *
   * @return false when the result is exhausted (the root is then empty)
   * @throws io.sluice.spi.SluiceException when the engine fails or is lost while fetching, or the
   *     statement was cancelled
   */
  boolean loadNextBatch();

  /** The batch loaded last; its vectors are owned by this result. */
  VectorSchemaRoot root();

  /**
   * Asks the engine to stop the statement. Safe to call from any thread, at any time, more than
   * once; a later {@link #loadNextBatch()} fails with a cancellation error.
   */
  void cancel();

  /** Releases the engine statement and the Arrow buffers; cancels it first if it is running. */
  @Override
  void close();
}
