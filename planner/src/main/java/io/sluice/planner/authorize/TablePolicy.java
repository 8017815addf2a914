package io.sluice.planner.authorize;

import static java.util.Objects.requireNonNull;

import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.RowFilter;
import io.sluice.spi.QualifiedName;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the policies do to one table when the session's user reads it: at most one row filter, and a
 * mask for some of its columns.
 *
 * @param table the table
 * @param rowFilter the row filter, if any
 * @param masks the masks that change values (never {@code MASK_NONE}), by column name, in the
 *     table's column order
 */
public record TablePolicy(
    QualifiedName table, Optional<RowFilter> rowFilter, Map<String, ColumnMask> masks) {
  public TablePolicy {
    requireNonNull(table, "table");
    requireNonNull(rowFilter, "rowFilter");
    masks = Collections.unmodifiableMap(new LinkedHashMap<>(masks));
  }

  /** Whether reading the table needs no rewrite. */
  public boolean isEmpty() {
    return rowFilter.isEmpty() && masks.isEmpty();
  }
}
