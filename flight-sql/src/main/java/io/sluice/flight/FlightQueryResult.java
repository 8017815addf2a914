package io.sluice.flight;

import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The rows of a running statement, batch by batch. One root is reused; each batch must be written
 * into freshly allocated buffers, because the previous batch may still be queued for the network.
 */
public interface FlightQueryResult extends AutoCloseable {
  Schema schema();

  /** The reused root, valid from the start; {@link #loadNextBatch()} refills it. */
  VectorSchemaRoot root();

  /** Loads the next batch into {@link #root()}; false once the rows are exhausted. */
  boolean loadNextBatch();

  /** Stops the statement; safe from any thread. */
  void cancel();

  @Override
  void close();
}
