package io.sluice.gateway.frontend.flight;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.EngineResult;
import io.sluice.flight.FlightQueryResult;
import io.sluice.flight.FlightSqlBackend;
import io.sluice.flight.PreparedQuery;
import io.sluice.gateway.auth.GatewayAuthentication;
import io.sluice.gateway.query.QueryService;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.session.SessionManager;
import io.sluice.planner.PlannedStatement;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.spi.SluiceException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** The Flight SQL frontend's view of the query service. */
public final class GatewayFlightSqlBackend implements FlightSqlBackend {
  private final QueryService queries;
  private final SessionManager sessions;
  private final GatewayAuthentication authentication;
  private final BufferAllocator allocator;
  private final ServerInfo serverInfo;
  private final Map<String, String> sessionsByToken = new ConcurrentHashMap<>();

  public GatewayFlightSqlBackend(
      QueryService queries,
      SessionManager sessions,
      GatewayAuthentication authentication,
      BufferAllocator allocator,
      String version) {
    this.queries = requireNonNull(queries, "queries");
    this.sessions = requireNonNull(sessions, "sessions");
    this.authentication = requireNonNull(authentication, "authentication");
    this.allocator = requireNonNull(allocator, "allocator");
    this.serverInfo = new ServerInfo("Sluice", version, "`");
  }

  @Override
  public SessionGrant openOrResumeSession(
      String requestedSessionId, String authorization, String peer) {
    return mapped(
        () -> {
          GatewayAuthentication.Caller caller =
              authentication.authenticate(authorization, peer, true);
          if (requestedSessionId == null) {
            return new SessionGrant(
                sessionWithoutCookie(caller, authorization, peer), caller.issuedToken());
          }
          // A session the client believes in but Sluice no longer has (expired, or the server
          // restarted) is an error, not a silent fresh start: its USE would be lost without a
          // word. One that belongs to someone else is refused.
          return new SessionGrant(
              sessions.get(requestedSessionId, caller.identity()).id(), caller.issuedToken());
        });
  }

  /**
   * The session of a call that brought no session cookie. Flight clients without cookie support
   * (Arrow's own FlightClient, ADBC by default) log in once and send their bearer token with every
   * call: all calls with one token share the session opened by the first, so that USE holds for
   * them too and a session is not left behind per call. A password login's session belongs to the
   * token issued with it, which such a client then sends.
   */
  private String sessionWithoutCookie(
      GatewayAuthentication.Caller caller, String authorization, String peer) {
    String bearer = bearerToken(authorization);
    if (bearer == null) {
      Session session = sessions.open(caller.identity(), peer, "flight-sql");
      caller.issuedToken().ifPresent(token -> sessionsByToken.put(digest(token), session.id()));
      return session.id();
    }
    return sessionsByToken.compute(
        digest(bearer),
        (digest, known) -> {
          Optional<Session> session = sessions.find(known);
          if (session.isPresent()
              && session.get().identity().user().equals(caller.identity().user())) {
            try {
              return sessions.get(known, caller.identity()).id();
            } catch (SluiceException expiredMeanwhile) {
              // Closed since it was found: the token gets a new session below.
            }
          }
          return sessions.open(caller.identity(), peer, "flight-sql").id();
        });
  }

  /** Forgets the tokens bound to a session that closed or expired. */
  public void sessionClosed(Session session) {
    sessionsByToken.values().removeIf(session.id()::equals);
  }

  private static String bearerToken(String authorization) {
    String header = authorization.trim();
    return header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
  }

  /** Tokens are kept as digests: a heap dump shows no usable credential. */
  private static String digest(String token) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }

  @Override
  public void closeSession(String sessionId) {
    sessions.close(sessionId);
  }

  @Override
  public PreparedQuery prepare(String sessionId, String sql) {
    return mapped(
        () -> {
          Session session = session(sessionId);
          PlannedStatement statement = queries.plan(session, sql);
          return new PlannedQuery(statement, ArrowSchemas.schema(statement.resultColumns(), null));
        });
  }

  @Override
  public FlightQueryResult executeQuery(String sessionId, String sql, BufferAllocator allocator) {
    return mapped(() -> new FlightResult(queries.execute(session(sessionId), sql, allocator)));
  }

  @Override
  public FlightQueryResult executeQuery(
      String sessionId, PreparedQuery query, BufferAllocator allocator) {
    return mapped(
        () -> {
          Session session = session(sessionId);
          return new FlightResult(queries.execute(session, current(session, query), allocator));
        });
  }

  @Override
  public long executeUpdate(String sessionId, String sql) {
    return reported(mapped(() -> queries.executeUpdate(session(sessionId), sql, allocator)));
  }

  @Override
  public long executeUpdate(String sessionId, PreparedQuery query) {
    return reported(
        mapped(
            () -> {
              Session session = session(sessionId);
              return queries.executeUpdate(session, current(session, query), allocator);
            }));
  }

  /**
   * The update count sent to the client: 0 when the engine does not report one (Spark does not), as
   * Hive's JDBC driver reports it. Flight SQL allows -1 for "unknown", but the Arrow Flight SQL
   * JDBC driver takes an update count of -1 for a query and then fetches its results, which runs
   * the statement a second time: every INSERT would land twice.
   */
  private static long reported(long count) {
    return Math.max(count, 0);
  }

  /**
   * The statement planned for this execution: each execution is authorized (and audited) anew, so a
   * prepared statement never runs under decisions that no longer hold (changed policies, the
   * caller's new groups, roles or attributes, a policy condition on the time). The planner's cache
   * makes that cheap while nothing changed.
   */
  private PlannedStatement current(Session session, PreparedQuery query) {
    return queries.plan(session, ((PlannedQuery) query).statement().originalSql());
  }

  /** A planned statement kept by a Flight SQL prepared-statement handle, with its result schema. */
  private record PlannedQuery(PlannedStatement statement, Schema schema) implements PreparedQuery {}

  @Override
  public List<String> catalogs(String sessionId) {
    return mapped(queries::catalogNames);
  }

  @Override
  public List<SchemaEntry> schemas(String sessionId, String catalog, String schemaPattern) {
    return mapped(
        () ->
            queries.schemas(session(sessionId), catalog, schemaPattern).stream()
                .map(schema -> new SchemaEntry(schema.catalog(), schema.schema()))
                .toList());
  }

  @Override
  public List<TableEntry> tables(
      String sessionId,
      String catalog,
      String schemaPattern,
      String tablePattern,
      List<String> tableTypes) {
    return mapped(
        () ->
            queries
                .tables(session(sessionId), catalog, schemaPattern, tablePattern, tableTypes)
                .stream()
                .map(GatewayFlightSqlBackend::tableEntry)
                .toList());
  }

  private static TableEntry tableEntry(TableMetadata table) {
    return new TableEntry(
        table.name().catalog(),
        table.name().schema(),
        table.name().table(),
        table.tableType(),
        ArrowSchemas.schema(table.columns(), table.name()));
  }

  @Override
  public List<String> tableTypes() {
    return queries.tableTypes();
  }

  @Override
  public ServerInfo serverInfo() {
    return serverInfo;
  }

  private Session session(String sessionId) {
    return sessions.get(sessionId);
  }

  private static <T> T mapped(Supplier<T> call) {
    try {
      return call.get();
    } catch (SluiceException failure) {
      throw FlightErrors.toFlight(failure);
    }
  }

  /** An engine result seen through the Flight frontend's interface, with errors mapped. */
  private record FlightResult(EngineResult result) implements FlightQueryResult {
    @Override
    public Schema schema() {
      return result.schema();
    }

    @Override
    public VectorSchemaRoot root() {
      return result.root();
    }

    @Override
    public boolean loadNextBatch() {
      return mapped(result::loadNextBatch);
    }

    @Override
    public void cancel() {
      result.cancel();
    }

    @Override
    public void close() {
      result.close();
    }
  }
}
