package io.sluice.engine;

import org.apache.arrow.memory.BufferAllocator;

/**
 * A lakehouse engine: it takes SQL text in its own dialect and streams the result back as Arrow
 * batches. Implementations are thread-safe; each {@link #execute} call is independent.
 */
public interface Engine extends AutoCloseable {
  /**
   * Submits a statement and returns once the engine has accepted it and the shape of its result is
   * known. Rows are then pulled from the returned result, batch by batch.
   *
   * @param allocator where the result's Arrow buffers live; the caller owns it and closes it after
   *     the result
   * @throws io.sluice.spi.SluiceException with an engine error code when the engine refuses the
   *     statement, fails it, or cannot be reached
   */
  EngineResult execute(EngineRequest request, BufferAllocator allocator);

  /** Stops using the engine and releases its connections; running results fail. */
  @Override
  void close();
}
