package io.sluice.security.access.ranger.source;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Optional;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * One complete set of policies as a source delivers it: Ranger's own {@code ServicePolicies} (what
 * {@code /service/plugins/secure/policies/download/{service}} returns) and, when the source has
 * them, the service's roles. Whoever compiles a snapshot works on a copy.
 *
 * @param policies the policies, with the service definition when the source has it
 * @param roles the roles the policies may name, if the source has any
 * @param origin where they come from, for logs and errors (a file, or a Ranger Admin URL)
 */
public record PolicySnapshot(ServicePolicies policies, Optional<RangerRoles> roles, String origin) {
  public PolicySnapshot {
    requireNonNull(policies, "policies");
    requireNonNull(roles, "roles");
    requireNonNull(origin, "origin");
  }

  /** No policies at all: only super-users have access. */
  public static PolicySnapshot empty(String origin) {
    ServicePolicies policies = new ServicePolicies();
    policies.setPolicyVersion(-1L);
    policies.setPolicies(new ArrayList<>());
    return new PolicySnapshot(policies, Optional.empty(), origin);
  }

  /** The policies' version as Ranger Admin numbers them; -1 when they have none. */
  public long version() {
    Long version = policies.getPolicyVersion();
    return version == null ? -1 : version;
  }

  /** The roles' version; -1 without roles. */
  public long rolesVersion() {
    return roles.map(RangerRoles::getRoleVersion).map(Long::longValue).orElse(-1L);
  }
}
