package io.sluice.security.access.ranger.source;

/** Receives each new set of policies from a {@link PolicySource}. */
@FunctionalInterface
public interface PolicyListener {
  /**
   * Puts {@code snapshot} in force. Called on the source's own thread, one call at a time, so that
   * building a policy engine never happens on the query path.
   *
   * @throws InvalidPoliciesException when the policies cannot be used; the source then keeps the
   *     policies in force and reports why
   */
  void policiesChanged(PolicySnapshot snapshot) throws InvalidPoliciesException;
}
