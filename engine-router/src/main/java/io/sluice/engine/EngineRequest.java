package io.sluice.engine;

import static java.util.Objects.requireNonNull;

/**
 * One statement for an engine.
 *
 * @param queryId Sluice's id of the query, for logs and for the engine's job description
 * @param sql the statement in the engine's dialect, table names fully qualified
 */
public record EngineRequest(String queryId, String sql) {
  public EngineRequest {
    requireNonNull(queryId, "queryId");
    requireNonNull(sql, "sql");
  }
}
