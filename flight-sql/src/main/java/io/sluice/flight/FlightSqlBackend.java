package io.sluice.flight;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the Flight SQL frontend needs from the rest of the server. The frontend translates the
 * protocol into these calls and nothing else: no planning, policy or routing happens here.
 *
 * <p>Implementations report failures as {@link org.apache.arrow.flight.FlightRuntimeException} with
 * the status and description the client should see; anything else is reported as an internal error.
 */
public interface FlightSqlBackend {
  /**
   * Authenticates a call and returns the session it belongs to: the one named by the client's
   * session cookie if it is still open and the caller's own, else a new session. Every call comes
   * here first, on a gRPC worker thread; it may block while credentials are checked.
   *
   * @param requestedSessionId the id from the client's cookie, or null when it sent none
   * @param authorization the call's {@code Authorization} header ({@code Basic …} or {@code Bearer
   *     …}), or null when it sent none
   * @param peer the client's address, for login delays and logs
   * @throws org.apache.arrow.flight.FlightRuntimeException UNAUTHENTICATED when the caller cannot
   *     be authenticated
   */
  SessionGrant openOrResumeSession(String requestedSessionId, String authorization, String peer);

  /**
   * The session of a call, and a bearer token to send back when the caller logged in with a
   * password: clients such as the Flight SQL JDBC driver use it for their later calls.
   */
  record SessionGrant(String sessionId, java.util.Optional<String> bearerToken) {}

  /** Ends a session and releases what it holds. Unknown ids are ignored. */
  void closeSession(String sessionId);

  /**
   * Plans a statement without running it.
   *
   * @return the plan, with the schema of the rows it returns (empty for an update)
   */
  PreparedQuery prepare(String sessionId, String sql);

  /** Plans and starts a statement; the rows are pulled from the result. */
  FlightQueryResult executeQuery(String sessionId, String sql, BufferAllocator allocator);

  /** Starts a statement planned by {@link #prepare}, without planning it again. */
  FlightQueryResult executeQuery(String sessionId, PreparedQuery query, BufferAllocator allocator);

  /**
   * Plans and runs a statement that returns no rows to completion.
   *
   * @return the number of rows changed, or -1 when unknown
   */
  long executeUpdate(String sessionId, String sql);

  /** Runs a statement planned by {@link #prepare} that returns no rows to completion. */
  long executeUpdate(String sessionId, PreparedQuery query);

  List<String> catalogs(String sessionId);

  /**
   * Schemas matching the filters.
   *
   * @param catalog an exact catalog name, or null for all
   * @param schemaPattern a SQL LIKE pattern ({@code %}, {@code _}, backslash escape), or null
   */
  List<SchemaEntry> schemas(String sessionId, String catalog, String schemaPattern);

  /**
   * Tables matching the filters, each with its Arrow schema.
   *
   * @param tableTypes the table types to include, or empty for all
   */
  List<TableEntry> tables(
      String sessionId,
      String catalog,
      String schemaPattern,
      String tablePattern,
      List<String> tableTypes);

  List<String> tableTypes();

  /** Facts about the server that GetSqlInfo reports. */
  ServerInfo serverInfo();

  /** A schema in a catalog. */
  record SchemaEntry(String catalog, String schema) {}

  /** A table, its type and the Arrow schema of its columns. */
  record TableEntry(
      String catalog, String schema, String table, String tableType, Schema columns) {}

  /** What GetSqlInfo reports. */
  record ServerInfo(String name, String version, String identifierQuoteCharacter) {}
}
