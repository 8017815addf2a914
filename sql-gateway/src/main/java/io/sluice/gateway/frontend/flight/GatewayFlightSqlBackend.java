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
import io.sluice.security.authn.Identity;
import io.sluice.spi.SluiceException;
import java.util.List;
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
                sessions.open(caller.identity(), peer, "flight-sql").id(), caller.issuedToken());
          }
          // A session the client believes in but Sluice no longer has (expired, or the server
          // restarted) is an error, not a silent fresh start: its USE would be lost without a
          // word. One that belongs to someone else is refused.
          return new SessionGrant(
              sessions.get(requestedSessionId, caller.identity()).id(), caller.issuedToken());
        });
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
          long policyVersion = queries.policyVersion();
          PlannedStatement statement = queries.plan(session, sql);
          return new PlannedQuery(
              statement,
              ArrowSchemas.schema(statement.resultColumns(), null),
              policyVersion,
              session.identity());
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
    return mapped(() -> queries.executeUpdate(session(sessionId), sql, allocator));
  }

  @Override
  public long executeUpdate(String sessionId, PreparedQuery query) {
    return mapped(
        () -> {
          Session session = session(sessionId);
          return queries.executeUpdate(session, current(session, query), allocator);
        });
  }

  /**
   * The prepared plan, or a new one when the policies or the caller's groups, roles or attributes
   * changed since it was made: a prepared statement never runs under decisions that no longer hold.
   */
  private PlannedStatement current(Session session, PreparedQuery query) {
    PlannedQuery prepared = (PlannedQuery) query;
    if (prepared.policyVersion() == queries.policyVersion()
        && prepared.identity().equals(session.identity())) {
      return prepared.statement();
    }
    return queries.plan(session, prepared.statement().originalSql());
  }

  /**
   * A planned statement kept by a Flight SQL prepared-statement handle, with the policy version and
   * identity it was planned for.
   */
  private record PlannedQuery(
      PlannedStatement statement, Schema schema, long policyVersion, Identity identity)
      implements PreparedQuery {}

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
