package io.sluice.planner;

/** What a statement does, which decides how it is authorized, routed and answered. */
public enum StatementKind {
  /** Returns rows and changes nothing: SELECT, WITH, VALUES, set operations. */
  QUERY,
  /** Changes table data: INSERT, UPDATE, DELETE, MERGE. */
  DML,
  /** Changes the catalog: CREATE, DROP, ALTER. */
  DDL,
  /** Changes the session only: USE, SET, RESET. */
  SESSION_COMMAND,
  /**
   * Acts on the engine's caches and statistics, or calls a procedure: CACHE TABLE, UNCACHE TABLE,
   * CLEAR CACHE, REFRESH, ANALYZE TABLE, CALL.
   */
  ENGINE_COMMAND,
  /** Describes the catalog: SHOW, DESCRIBE. */
  METADATA_COMMAND
}
