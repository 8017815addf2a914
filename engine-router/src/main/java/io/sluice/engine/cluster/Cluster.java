package io.sluice.engine.cluster;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import org.apache.arrow.memory.BufferAllocator;

/**
 * A named lakehouse cluster: one or more engine replicas that a provider starts and stops. Running
 * a statement on a cluster starts it when it is not running; the caller waits until it is ready.
 */
public interface Cluster extends AutoCloseable {
  String name();

  ClusterState state();

  /**
   * Runs a statement, starting the cluster first if it is stopped. The cluster counts the result as
   * activity until it is closed, so it is never stopped for idleness under a running query.
   *
   * @throws io.sluice.spi.SluiceException {@code ENGINE_START_FAILED} when the cluster cannot be
   *     started (the message says where its log is), or the engine's own errors
   */
  EngineResult execute(EngineRequest request, BufferAllocator allocator);

  /** Stops every replica and waits for them to exit. */
  @Override
  void close();
}
