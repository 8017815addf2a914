package io.sluice.engine;

import org.apache.arrow.memory.BufferAllocator;

/**
 * A lakehouse engine: it takes SQL text in its own dialect and streams the result back as Arrow
 * batches. Implementations are thread-safe; each {@link #execute} call is independent.
 */
public interface Engine extends AutoCloseable {
  /**
   * Submits a statement and returns once the engine has accepted it, usually before it has run. The
   * result waits for the statement to finish at its first {@link EngineResult#schema()}, {@link
   * EngineResult#root()} or {@link EngineResult#loadNextBatch()} call, and rows are then pulled
   * from it batch by batch; a caller can answer its own client in the meantime.
   *
   * @param allocator where the result's Arrow buffers live; the caller owns it and closes it after
   *     the result
   * @throws io.sluice.spi.SluiceException with an engine error code when the engine refuses the
   *     statement or cannot be reached; the result's methods throw the same for a statement that
   *     fails while it runs
   */
  EngineResult execute(EngineRequest request, BufferAllocator allocator);

  /** Stops using the engine and releases its connections; running results fail. */
  @Override
  void close();
}
