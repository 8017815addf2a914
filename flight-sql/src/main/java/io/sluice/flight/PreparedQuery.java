package io.sluice.flight;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A statement the backend has planned for a prepared-statement handle. The frontend keeps it and
 * hands it back at execution, so a prepared statement is planned once, not again per execution.
 */
public interface PreparedQuery {
  /** The schema of the rows it returns; an empty schema when it returns none. */
  Schema schema();
}
