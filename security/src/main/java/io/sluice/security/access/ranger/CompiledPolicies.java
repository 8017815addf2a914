package io.sluice.security.access.ranger;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.apache.ranger.plugin.service.RangerBasePlugin;

/**
 * One immutable set of policies in force: Ranger's engine built from them, and the row filter and
 * mask expressions that Sluice resolves itself. Replaced whole when the policies change; requests
 * already running keep the instance they started with.
 *
 * @param plugin Ranger's engine over the compiled policies (never refreshed, never changed); null
 *     when there are no policies at all, so that only super-users have access
 * @param expressions row filter and custom mask expressions by the key Ranger returns for them
 * @param hasUnenforceable whether any policy has something Sluice cannot enforce, so that checks
 *     must look for it
 * @param version the policies' version, -1 when unknown
 * @param rolesVersion the roles' version, -1 without roles
 * @param origin where the policies come from
 * @param policyCount how many resource policies there are
 * @param warnings what Sluice does not enforce as Ranger would, for the log
 * @param compileMillis how long building the engine took
 */
record CompiledPolicies(
    RangerBasePlugin plugin,
    Map<String, Expression> expressions,
    boolean hasUnenforceable,
    long version,
    long generation,
    long rolesVersion,
    String origin,
    int policyCount,
    List<String> warnings,
    long compileMillis,
    DecisionMemo memo) {

  CompiledPolicies {
    requireNonNull(expressions, "expressions");
    requireNonNull(origin, "origin");
    requireNonNull(warnings, "warnings");
    requireNonNull(memo, "memo");
  }

  /**
   * A row filter or custom mask expression: parsed, or the reason Sluice cannot apply it.
   *
   * @param policyId the policy it belongs to
   * @param expression the parsed expression, or null when it is unenforceable
   * @param unenforceableReason why it cannot be applied, naming the policy; null when it can
   */
  /** Whether there are no policies at all. */
  boolean isEmpty() {
    return plugin == null;
  }

  record Expression(long policyId, PolicyExpression expression, String unenforceableReason) {
    static Expression enforceable(long policyId, PolicyExpression expression) {
      return new Expression(policyId, requireNonNull(expression, "expression"), null);
    }

    static Expression unenforceable(long policyId, String reason) {
      return new Expression(policyId, null, requireNonNull(reason, "reason"));
    }
  }
}
