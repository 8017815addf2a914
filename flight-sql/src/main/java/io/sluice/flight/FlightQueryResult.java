package io.sluice.flight;

import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The rows of a running statement, batch by batch. One root is reused; each batch must be written
 * into freshly allocated buffers, because the previous batch may still be queued for the network.
 */
public interface FlightQueryResult extends AutoCloseable {
  /**
   * The reused root, with the result's schema; {@link #loadNextBatch()} refills it. The first call
   * may wait for the statement to finish running, and throws its failure.
   */
  VectorSchemaRoot root();

  /** Loads the next batch into {@link #root()}; false once the rows are exhausted. */
  boolean loadNextBatch();

  /** Stops the statement; safe from any thread. */
  void cancel();

  @Override
  void close();
}
