package io.sluice.security.access.ranger;

import static java.util.Objects.requireNonNull;

/**
 * A request reached a policy that Sluice cannot enforce as Ranger would; the request is refused
 * with this reason, which names the policy.
 */
final class UnenforceablePolicyException extends RuntimeException {
  private final long policyId;

  UnenforceablePolicyException(String reason, long policyId) {
    super(requireNonNull(reason, "reason"), null, false, false);
    this.policyId = policyId;
  }

  /** The policy, or -1 when unknown. */
  long policyId() {
    return policyId;
  }
}
