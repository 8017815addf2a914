package io.sluice.security.access;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How a column's values are masked for a reader.
 *
 * @param type the mask type
 * @param valueExpression for {@link MaskType#CUSTOM}: the policy's expression, with {@code {col}}
 *     standing for the column and every macro resolved; empty otherwise
 * @param policyId the policy it comes from
 */
public record ColumnMask(MaskType type, Optional<String> valueExpression, long policyId) {
  public ColumnMask {
    requireNonNull(type, "type");
    requireNonNull(valueExpression, "valueExpression");
  }

  /** Ranger's mask types (Hive service definition). */
  public enum MaskType {
    MASK,
    MASK_SHOW_LAST_4,
    MASK_SHOW_FIRST_4,
    MASK_HASH,
    MASK_NULL,
    MASK_NONE,
    MASK_DATE_SHOW_YEAR,
    CUSTOM
  }
}
