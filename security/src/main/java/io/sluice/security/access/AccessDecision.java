package io.sluice.security.access;

import static java.util.Objects.requireNonNull;

import java.util.OptionalLong;

/**
 * The answer to one access check.
 *
 * @param allowed whether the access may go ahead
 * @param policyId the policy that decided, when one did (none when nothing matched)
 * @param reason why, for the audit (for example "denied by policy 12", "no policy allows it",
 *     "super-user")
 */
public record AccessDecision(boolean allowed, OptionalLong policyId, String reason) {
  public AccessDecision {
    requireNonNull(policyId, "policyId");
    requireNonNull(reason, "reason");
  }
}
