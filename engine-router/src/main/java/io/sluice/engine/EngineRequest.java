package io.sluice.engine;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One statement for an engine.
 *
 * @param queryId Sluice's id of the query, for logs and for the engine's job description
 * @param sql the statement in the engine's dialect, table names fully qualified
 * @param settings the session's settings (Spark's SET), in force for this statement only: the
 *     engine's connections are shared by every session
 */
public record EngineRequest(String queryId, String sql, Map<String, String> settings) {
  public EngineRequest {
    requireNonNull(queryId, "queryId");
    requireNonNull(sql, "sql");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
  }

  /** A statement that runs with the engine's own settings. */
  public EngineRequest(String queryId, String sql) {
    this(queryId, sql, Map.of());
  }
}
