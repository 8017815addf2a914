package io.sluice.planner.authorize;

import io.sluice.spi.QualifiedName;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * A statement the session's user may run, and what the policies do to what it reads.
 *
 * @param readPolicies the row filters and masks of each table the statement reads through a FROM
 *     item, for the tables that have any
 * @param targetPolicy for UPDATE and DELETE, the row filter of the table they change, which limits
 *     them to the rows the user sees
 * @param policyIds every policy that allowed an access or supplied a row filter or mask
 */
public record Authorization(
    Map<QualifiedName, TablePolicy> readPolicies,
    Optional<TablePolicy> targetPolicy,
    SortedSet<Long> policyIds) {
  /** A super-user's: no checks, no rewrite. */
  public static final Authorization UNRESTRICTED =
      new Authorization(Map.of(), Optional.empty(), new TreeSet<>());

  public Authorization {
    readPolicies = Map.copyOf(readPolicies);
    policyIds = Collections.unmodifiableSortedSet(new TreeSet<>(policyIds));
  }

  /** Whether the statement is sent as the client wrote it. */
  public boolean needsRewrite() {
    return !readPolicies.isEmpty() || targetPolicy.isPresent();
  }
}
