package io.sluice.security.access;

import io.sluice.security.authn.Identity;
import java.util.Optional;

/**
 * Decides what an identity may do with catalog objects, and which row filter and column masks apply
 * when it reads them. Knows nothing of SQL: the planner asks about resources and turns the answers
 * into SQL.
 *
 * <p>Implementations are thread-safe and fast (a few microseconds per call): the planner asks once
 * per table and column of every statement. A policy reload never blocks a caller; a caller sees
 * either the old or the new policies, whole.
 */
public interface AccessControl {
  /**
   * Whether {@code identity} may perform {@code action} on {@code resource}.
   *
   * @param context where the request comes from, for conditions and the audit
   */
  AccessDecision check(
      Identity identity, Resource resource, AccessType action, RequestContext context);

  /**
   * The row filter for {@code identity} reading {@code table}: at most one, the first matching
   * filter in the policies' evaluation order. Its expression has every macro resolved from the
   * identity and is in the policy's SQL dialect (Spark SQL for Sluice's Hive-type services).
   */
  Optional<RowFilter> rowFilter(Identity identity, Resource table, RequestContext context);

  /** The mask for {@code identity} reading {@code column}: at most one, the first that matches. */
  Optional<ColumnMask> columnMask(Identity identity, Resource column, RequestContext context);

  /** Whether {@code identity} is a configured super-user or in a super-group: no checks apply. */
  boolean isSuperUser(Identity identity);

  /** The version of the policies now in force, for audit records; -1 when unknown. */
  long policyVersion();

  /**
   * The policies now in force, for whoever remembers decisions across statements: their generation
   * and whether answers depend on anything but identity and resource.
   */
  PolicyEpoch policyEpoch();
}
