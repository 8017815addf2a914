package io.sluice.gateway.query;

import io.sluice.engine.EngineResult;
import java.util.function.BiPredicate;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An engine result with only the rows the caller may see: a metadata command's listing (SHOW
 * TABLES, DESCRIBE, ...) copied batch by batch without the rows that name a schema, table or column
 * hidden from the caller. Batches left empty are skipped.
 */
final class VisibleRowsResult implements EngineResult {
  private final EngineResult source;
  private final BiPredicate<VectorSchemaRoot, Integer> visible;
  private final VectorSchemaRoot root;

  /**
   * @param visible whether the row at an index of a source batch may be shown
   */
  VisibleRowsResult(
      EngineResult source,
      BiPredicate<VectorSchemaRoot, Integer> visible,
      BufferAllocator allocator) {
    this.source = source;
    this.visible = visible;
    this.root = VectorSchemaRoot.create(source.schema(), allocator);
  }

  @Override
  public Schema schema() {
    return source.schema();
  }

  @Override
  public boolean loadNextBatch() {
    while (source.loadNextBatch()) {
      VectorSchemaRoot batch = source.root();
      root.allocateNew();
      int kept = 0;
      for (int row = 0; row < batch.getRowCount(); row++) {
        if (!visible.test(batch, row)) {
          continue;
        }
        for (int column = 0; column < batch.getFieldVectors().size(); column++) {
          FieldVector to = root.getVector(column);
          to.copyFromSafe(row, kept, batch.getVector(column));
        }
        kept++;
      }
      root.setRowCount(kept);
      if (kept > 0) {
        return true;
      }
    }
    root.setRowCount(0);
    return false;
  }

  @Override
  public VectorSchemaRoot root() {
    return root;
  }

  @Override
  public void cancel() {
    source.cancel();
  }

  @Override
  public void close() {
    try {
      source.close();
    } finally {
      root.close();
    }
  }
}
