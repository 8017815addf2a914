package io.sluice.security.access;

import static java.util.Objects.requireNonNull;

/**
 * A row filter: a boolean SQL expression over the table's own columns, with every macro already
 * resolved from the identity.
 *
 * @param expression the condition rows must meet
 * @param policyId the policy it comes from
 */
public record RowFilter(String expression, long policyId) {
  public RowFilter {
    requireNonNull(expression, "expression");
  }
}
