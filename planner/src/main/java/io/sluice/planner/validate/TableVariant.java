package io.sluice.planner.validate;

import io.sluice.spi.QualifiedName;
import java.util.List;

/**
 * A reference to a table's Iceberg metadata table ({@code t.snapshots}, {@code t.files}, ...) or to
 * one of its branches or tags ({@code t.branch_audit}, {@code t.tag_v1}).
 *
 * @param table the table
 * @param name the metadata table's, branch's or tag's name as Spark's Iceberg catalog spells it
 * @param metadata true for a metadata table, false for a branch or tag
 */
public record TableVariant(QualifiedName table, String name, boolean metadata) {
  /** The name the engine reads it by: the table's qualified name and the variant's. */
  public List<String> parts() {
    return List.of(table.catalog(), table.schema(), table.table(), name);
  }

  static boolean isBranchOrTag(String name) {
    return name.startsWith("branch_") || name.startsWith("tag_");
  }
}
