package io.sluice.gateway.query;

import io.sluice.engine.EngineResult;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The result of a statement the gateway answered itself and that returns no rows (USE). */
final class EmptyResult implements EngineResult {
  private final VectorSchemaRoot root;

  EmptyResult(BufferAllocator allocator) {
    this.root = VectorSchemaRoot.create(new Schema(List.of()), allocator);
  }

  @Override
  public Schema schema() {
    return root.getSchema();
  }

  @Override
  public boolean loadNextBatch() {
    return false;
  }

  @Override
  public VectorSchemaRoot root() {
    return root;
  }

  @Override
  public void cancel() {}

  @Override
  public void close() {
    root.close();
  }
}
