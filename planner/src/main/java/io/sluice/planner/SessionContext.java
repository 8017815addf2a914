package io.sluice.planner;

import static java.util.Objects.requireNonNull;

/**
 * The part of a session the planner needs: the current catalog and schema that unqualified table
 * names resolve against, and the name of the user the session is authenticated as.
 *
 * @param catalog the current catalog
 * @param schema the current schema of that catalog
 * @param user the session's user name, which {@code current_user()} and its synonyms return in
 *     place of the engine's own service user; never blank
 */
public record SessionContext(String catalog, String schema, String user) {
  public SessionContext {
    requireNonNull(catalog, "catalog");
    requireNonNull(schema, "schema");
    requireNonNull(user, "user");
    if (user.isBlank()) {
      throw new IllegalArgumentException(
          "Cannot create session context: the user name is blank; a session belongs to an"
              + " authenticated user");
    }
  }
}
