package io.sluice.security.access.ranger;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.SortedSet;

/**
 * What Ranger's macros can say about the requesting user: the facts Ranger's script evaluator
 * exposes as {@code USER}, {@code UGNAMES}, {@code URNAMES} and {@code UG}.
 *
 * <p>Groups carry no attributes of their own in Sluice (Ranger takes them from its user store,
 * which Sluice does not download); as in Ranger, each group still has {@code _name}.
 *
 * @param user the user name ({@code USER._name})
 * @param groups the user's groups, sorted as Ranger sorts them
 * @param roles the user's roles: the identity's own and those the policies' roles grant, sorted
 * @param attributes the user's attributes
 */
record MacroSubject(
    String user,
    SortedSet<String> groups,
    SortedSet<String> roles,
    Map<String, String> attributes) {

  MacroSubject {
    requireNonNull(user, "user");
    requireNonNull(groups, "groups");
    requireNonNull(roles, "roles");
    requireNonNull(attributes, "attributes");
  }

  /** {@code UG[group][attribute]}: only {@code _name}, and only for the user's own groups. */
  String groupAttribute(String group, String attribute) {
    return groups.contains(group) && attribute.equals(Macro.NAME_FIELD) ? group : null;
  }
}
