package io.sluice.gateway.query;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.Cluster;
import io.sluice.gateway.session.Session;
import io.sluice.planner.PlannedStatement;
import io.sluice.planner.Planner;
import io.sluice.planner.RowVisibility;
import io.sluice.planner.SessionContext;
import io.sluice.planner.StatementKind;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.audit.AuditLog;
import io.sluice.security.audit.AuditRecord;
import io.sluice.security.authn.Identity;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protocol-neutral query service: every frontend turns its protocol into these calls. A
 * statement is planned (parsed, classified, validated, unparsed) here, answered here when it only
 * touches the session, and otherwise sent to the lakehouse cluster. Catalog metadata is answered
 * from the catalog without waking the cluster.
 */
public final class QueryService {
  private static final Logger log = LoggerFactory.getLogger(QueryService.class);
  private static final List<String> TABLE_TYPES = List.of("TABLE", "VIEW");

  private final Planner planner;
  private final CatalogManager catalogs;
  private final Cluster cluster;
  private final QueryIds queryIds = new QueryIds();

  private final QueryAudit audit;
  private final AccessControl access;
  private final AuditLog auditLog;

  /**
   * @param access the policies: catalog listings show a caller only what it may access
   * @param audit where each query's outcome record goes (the gateway's audit log)
   */
  public QueryService(
      Planner planner,
      CatalogManager catalogs,
      Cluster cluster,
      AccessControl access,
      AuditLog audit) {
    this.planner = requireNonNull(planner, "planner");
    this.catalogs = requireNonNull(catalogs, "catalogs");
    this.cluster = requireNonNull(cluster, "cluster");
    this.access = requireNonNull(access, "access");
    this.audit = new QueryAudit(audit, cluster.name());
    this.auditLog = audit;
  }

  /**
   * Plans a statement for a session without running it: parses, validates, authorizes it against
   * the policies and rewrites it with their row filters and masks. The decision is audited; a
   * denial is on disk before this method throws.
   */
  public PlannedStatement plan(Session session, String sql) {
    PlannedStatement statement;
    try {
      statement = planner.plan(sql, session.context());
    } catch (SluiceException failure) {
      if (failure.errorCode() == ErrorCode.ACCESS_DENIED) {
        auditLog.writeAndFlush(authorization(session, sql, null, failure));
      }
      throw failure;
    }
    auditLog.write(authorization(session, sql, statement, null));
    return statement;
  }

  private AuditRecord authorization(
      Session session, String sql, PlannedStatement statement, SluiceException denial) {
    AuditRecord.Builder record =
        AuditRecord.builder(AuditRecord.Kind.AUTHORIZATION)
            .user(session.identity().user())
            .clientAddress(session.clientAddress())
            .protocol(session.protocol())
            .session(session.id())
            .action(statement == null ? "query" : statement.kind().name().toLowerCase(Locale.ROOT))
            .originalSql(sql)
            .policyVersion(access.policyVersion())
            .allowed(denial == null)
            .enforcer(access.isSuperUser(session.identity()) ? "super-user" : "ranger");
    if (denial != null) {
      record.reason(denial.getMessage()).errorCode(denial.errorCode().name());
    } else {
      record
          .resource(
              statement.tables().stream()
                  .map(QualifiedName::toString)
                  .sorted()
                  .collect(Collectors.joining(",")))
          .resourceType("table")
          .rewrittenSql(statement.engineSql().orElse(null))
          .policyIds(List.copyOf(statement.policyIds()))
          .reason(statement.policyIds().isEmpty() ? "allowed" : "allowed with policies");
    }
    return record.build();
  }

  /**
   * Runs a statement and returns its rows as a stream. Statements that return no rows give an empty
   * result; the session's own commands (USE) are answered without the engine.
   */
  public EngineResult execute(Session session, String sql, BufferAllocator allocator) {
    PlannedStatement statement;
    try {
      statement = plan(session, sql);
    } catch (SluiceException failure) {
      // A statement refused before it ran (syntax, validation, access) is an outcome too.
      audit.start(session, sql).failed(failure);
      throw failure;
    }
    return execute(session, statement, allocator);
  }

  /**
   * Runs a statement planned earlier (a prepared statement), without planning it again. Its table
   * names are fully qualified, so a later USE in the session does not change what it reads.
   */
  public EngineResult execute(
      Session session, PlannedStatement statement, BufferAllocator allocator) {
    String sql = statement.originalSql();
    QueryAudit.Query audited = audit.start(session, sql);
    if (statement.newSessionContext().isPresent() && statement.engineSql().isEmpty()) {
      session.setContext(statement.newSessionContext().get());
      audited.succeeded();
      return new EmptyResult(allocator);
    }
    String queryId = queryIds.next();
    String engineSql =
        statement
            .engineSql()
            .orElseThrow(
                () -> new IllegalStateException("Planned statement has no engine SQL: " + sql));
    log.debug("Query {} in session {}: {}", queryId, session.id(), engineSql);
    audited.sentToEngine(queryId, engineSql);
    try {
      // A SET runs on the engine with the session's settings as they will be, so that the engine
      // checks the value before the session keeps it.
      SessionContext context = statement.newSessionContext().orElse(session.context());
      EngineResult engineResult =
          cluster.execute(new EngineRequest(queryId, engineSql, context.settings()), allocator);
      EngineResult result =
          statement.rowVisibility().isPresent()
              ? new VisibleRowsResult(
                  engineResult, visibleRows(session, statement.rowVisibility().get()), allocator)
              : engineResult;
      if (statement.returnsRows()) {
        return audited.audited(result);
      }
      // Spark answers DDL and DML with an empty "Result" column; the statement returns no rows.
      try (result) {
        while (result.loadNextBatch()) {
          // Drain so the engine finishes the statement.
        }
      } finally {
        forgetChangedTables(statement);
      }
      statement.newSessionContext().ifPresent(session::setContext);
      audited.succeeded();
      return new EmptyResult(allocator);
    } catch (SluiceException failure) {
      log.info("Query {} failed: {}", queryId, failure.getMessage());
      audited.failed(failure);
      throw failure;
    }
  }

  /**
   * After DDL, DML or an engine command (REFRESH TABLE, a procedure that rolls a table back), the
   * planner's cached metadata of the tables it touched is stale (a new column, a rename, a drop, a
   * new snapshot): the next statement must see the change at once.
   */
  private void forgetChangedTables(PlannedStatement statement) {
    if (statement.kind() == StatementKind.DDL
        || statement.kind() == StatementKind.DML
        || statement.kind() == StatementKind.ENGINE_COMMAND) {
      statement.tables().forEach(catalogs::invalidate);
    }
  }

  /**
   * Runs a statement that returns no rows to completion.
   *
   * @return the number of changed rows, or -1 when the engine does not report it (Spark does not)
   */
  public long executeUpdate(Session session, String sql, BufferAllocator allocator) {
    return executeUpdate(session, plan(session, sql), allocator);
  }

  /** Runs a statement planned earlier that returns no rows to completion. */
  public long executeUpdate(
      Session session, PlannedStatement statement, BufferAllocator allocator) {
    try (EngineResult result = execute(session, statement, allocator)) {
      while (result.loadNextBatch()) {
        // Drain whatever the statement returns so the engine finishes it.
      }
    }
    return -1;
  }

  // ---- catalog metadata ----

  public List<String> catalogNames() {
    return catalogs.catalogNames();
  }

  /**
   * The schemas a session's caller may see (any access to the schema or to something in it),
   * filtered by an exact catalog and a schema pattern.
   */
  public List<QualifiedSchema> schemas(Session session, String catalog, String schemaPattern) {
    return schemas(catalog, schemaPattern).stream()
        .filter(schema -> visible(session, Resource.schema(schema.schema())))
        .toList();
  }

  /**
   * The tables a session's caller may see, each with only the columns it may see, filtered as
   * JDBC's getTables filters them.
   */
  public List<TableMetadata> tables(
      Session session,
      String catalog,
      String schemaPattern,
      String tablePattern,
      Collection<String> tableTypes) {
    List<TableMetadata> visible = new ArrayList<>();
    for (TableMetadata table : tables(catalog, schemaPattern, tablePattern, tableTypes)) {
      String schema = table.name().schema();
      String name = table.name().table();
      if (!visible(session, Resource.table(schema, name))) {
        continue;
      }
      visible.add(
          new TableMetadata(
              table.name(),
              table.tableType(),
              table.columns().stream()
                  .filter(column -> visible(session, Resource.column(schema, name, column.name())))
                  .toList()));
    }
    return visible;
  }

  /**
   * Whether a row of a metadata command's listing names something the session's caller may see: any
   * access to the schema, table or column, as for the protocols' metadata calls.
   */
  private BiPredicate<VectorSchemaRoot, Integer> visibleRows(
      Session session, RowVisibility visibility) {
    return switch (visibility.kind()) {
      case SCHEMAS ->
          (batch, row) -> {
            String schema = text(batch, visibility.schemaColumn(), row);
            return schema != null && visible(session, Resource.schema(lastPart(schema)));
          };
      case TABLES ->
          (batch, row) -> {
            String schema = text(batch, visibility.schemaColumn(), row);
            String table = text(batch, visibility.nameColumn(), row);
            // A temporary view has no schema; none belongs to the caller.
            return schema != null
                && !schema.isEmpty()
                && table != null
                && visible(session, Resource.table(lastPart(schema), table));
          };
      case COLUMNS -> {
        QualifiedName table = visibility.table().orElseThrow();
        Optional<TableMetadata> metadata = catalogs.table(table);
        if (metadata.isEmpty()) {
          // Dropped since it was planned: which rows name columns is unknown, so none is shown.
          yield (batch, row) -> false;
        }
        Set<String> columns = new HashSet<>();
        metadata
            .get()
            .columns()
            .forEach(column -> columns.add(column.name().toLowerCase(Locale.ROOT)));
        yield (batch, row) -> {
          String name = text(batch, visibility.nameColumn(), row);
          // Other rows (DESCRIBE's headers, partitioning and details) name no column.
          return name == null
              || !columns.contains(name.strip().toLowerCase(Locale.ROOT))
              || visible(session, Resource.column(table.schema(), table.table(), name.strip()));
        };
      }
    };
  }

  private static String text(VectorSchemaRoot batch, int column, int row) {
    Object value = batch.getVector(column).getObject(row);
    return value == null ? null : value.toString();
  }

  private static String lastPart(String namespace) {
    int dot = namespace.lastIndexOf('.');
    return dot < 0 ? namespace : namespace.substring(dot + 1);
  }

  private boolean visible(Session session, Resource resource) {
    Identity identity = session.identity();
    return access.isSuperUser(identity)
        || access
            .check(
                identity,
                resource,
                AccessType.ANY,
                new RequestContext(session.clientAddress(), session.protocol(), session.id()))
            .allowed();
  }

  /** Schemas as (catalog, schema) pairs, filtered by an exact catalog and a schema pattern. */
  private List<QualifiedSchema> schemas(String catalog, String schemaPattern) {
    LikePattern schemas = LikePattern.of(schemaPattern);
    List<QualifiedSchema> result = new ArrayList<>();
    for (String catalogName : catalogs.catalogNames()) {
      if (!LikePattern.equalsIgnoringCase(catalog, catalogName)) {
        continue;
      }
      for (String schema : catalogs.schemaNames(catalogName)) {
        if (schemas.matches(schema)) {
          result.add(new QualifiedSchema(catalogName, schema));
        }
      }
    }
    return result;
  }

  /** Tables with their columns, filtered as JDBC's getTables filters them. */
  private List<TableMetadata> tables(
      String catalog, String schemaPattern, String tablePattern, Collection<String> tableTypes) {
    LikePattern tables = LikePattern.of(tablePattern);
    Set<String> types =
        tableTypes == null || tableTypes.isEmpty()
            ? null
            : tableTypes.stream()
                .map(type -> type.toUpperCase(Locale.ROOT))
                .collect(Collectors.toSet());
    List<TableMetadata> result = new ArrayList<>();
    for (QualifiedSchema schema : schemas(catalog, schemaPattern)) {
      for (String table : catalogs.tableNames(schema.catalog(), schema.schema())) {
        if (!tables.matches(table)) {
          continue;
        }
        catalogs
            .table(new QualifiedName(schema.catalog(), schema.schema(), table))
            .filter(metadata -> types == null || types.contains(metadata.tableType()))
            .ifPresent(result::add);
      }
    }
    return result;
  }

  public List<String> tableTypes() {
    return TABLE_TYPES;
  }

  /** A schema and the catalog it belongs to. */
  public record QualifiedSchema(String catalog, String schema) {}
}
