package io.sluice.security.access.ranger;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * How Sluice enforces Ranger policies.
 *
 * @param superUsers users to whom no policy applies: every check allows, no row filter or mask
 *     applies (Ranger's {@code ranger.plugin.<service>.super.users})
 * @param superGroups groups whose members are super-users
 * @param serviceName the Ranger service name when the policies do not carry one (a hand-written
 *     policy file)
 * @param clusterName the cluster name in Ranger requests, for policies with cluster conditions and
 *     for Ranger Admin's plugin status
 */
public record RangerAccessControlConfig(
    Set<String> superUsers, Set<String> superGroups, String serviceName, String clusterName) {

  public static final Set<String> DEFAULT_SUPER_USERS = Set.of("admin");
  public static final String DEFAULT_SERVICE_NAME = "sluice";
  public static final String DEFAULT_CLUSTER_NAME = "sluice";

  public RangerAccessControlConfig {
    superUsers = Set.copyOf(requireNonNull(superUsers, "superUsers"));
    superGroups = Set.copyOf(requireNonNull(superGroups, "superGroups"));
    requireNonNull(serviceName, "serviceName");
    requireNonNull(clusterName, "clusterName");
    for (String name : superUsers) {
      if (name.isBlank()) {
        throw invalid("a super-user name cannot be blank");
      }
    }
    for (String name : superGroups) {
      if (name.isBlank()) {
        throw invalid("a super-group name cannot be blank");
      }
    }
    if (serviceName.isBlank()) {
      throw invalid("the service name cannot be blank");
    }
  }

  /** The {@code admin} user as the only super-user, service and cluster named {@code sluice}. */
  public static RangerAccessControlConfig defaults() {
    return new RangerAccessControlConfig(
        DEFAULT_SUPER_USERS, Set.of(), DEFAULT_SERVICE_NAME, DEFAULT_CLUSTER_NAME);
  }

  public RangerAccessControlConfig withSuperUsers(Set<String> users, Set<String> groups) {
    return new RangerAccessControlConfig(users, groups, serviceName, clusterName);
  }

  public RangerAccessControlConfig withServiceName(String name) {
    return new RangerAccessControlConfig(superUsers, superGroups, name, clusterName);
  }

  public RangerAccessControlConfig withClusterName(String name) {
    return new RangerAccessControlConfig(superUsers, superGroups, serviceName, name);
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("Invalid Ranger access control configuration: " + problem);
  }
}
