package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An authenticated user as the rest of Sluice sees it: policies match on the user, groups and
 * roles, and row filters may refer to attributes.
 *
 * @param user the user name (for OIDC, the configured user claim, {@code preferred_username} by
 *     default)
 * @param groups the user's groups, sorted
 * @param roles the user's roles, sorted
 * @param attributes further facts about the user (region, department, ...) for policy conditions
 * @param method how the user authenticated; for a Sluice-issued token, how they first logged in
 * @param fromSluiceToken whether this identity was restored from a token that Sluice issued
 */
public record Identity(
    String user,
    SortedSet<String> groups,
    SortedSet<String> roles,
    SortedMap<String, String> attributes,
    AuthenticationMethod method,
    boolean fromSluiceToken) {

  public Identity {
    requireNonNull(user, "user");
    requireNonNull(method, "method");
    if (user.isEmpty()) {
      throw new IllegalArgumentException("A user name cannot be empty");
    }
    groups = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(groups, "groups")));
    roles = Collections.unmodifiableSortedSet(new TreeSet<>(requireNonNull(roles, "roles")));
    attributes =
        Collections.unmodifiableSortedMap(new TreeMap<>(requireNonNull(attributes, "attributes")));
  }

  /** An identity from a login (not from a Sluice-issued token). */
  public static Identity of(
      String user,
      Set<String> groups,
      Set<String> roles,
      Map<String, String> attributes,
      AuthenticationMethod method) {
    return new Identity(
        user,
        new TreeSet<>(groups),
        new TreeSet<>(roles),
        new TreeMap<>(attributes),
        method,
        false);
  }

  /** This identity as restored from a Sluice-issued token. */
  public Identity asFromSluiceToken() {
    return new Identity(user, groups, roles, attributes, method, true);
  }
}
