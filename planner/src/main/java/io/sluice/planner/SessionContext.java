package io.sluice.planner;

import static java.util.Objects.requireNonNull;

/**
 * The part of a session the planner needs: the current catalog and schema that unqualified table
 * names resolve against.
 */
public record SessionContext(String catalog, String schema) {
  public SessionContext {
    requireNonNull(catalog, "catalog");
    requireNonNull(schema, "schema");
  }
}
