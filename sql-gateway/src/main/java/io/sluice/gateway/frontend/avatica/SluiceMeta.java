package io.sluice.gateway.frontend.avatica;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.EngineResult;
import io.sluice.gateway.auth.CurrentCaller;
import io.sluice.gateway.query.QueryService;
import io.sluice.gateway.session.Session;
import io.sluice.gateway.session.SessionManager;
import io.sluice.planner.PlannedStatement;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.sql.DatabaseMetaData;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.calcite.avatica.AvaticaSeverity;
import org.apache.calcite.avatica.ColumnMetaData;
import org.apache.calcite.avatica.ConnectionPropertiesImpl;
import org.apache.calcite.avatica.Meta;
import org.apache.calcite.avatica.MissingResultsException;
import org.apache.calcite.avatica.NoSuchStatementException;
import org.apache.calcite.avatica.QueryState;
import org.apache.calcite.avatica.remote.AvaticaRuntimeException;
import org.apache.calcite.avatica.remote.TypedValue;

/**
 * Avatica's {@link Meta} over the query service: what the JDBC remote driver calls, translated into
 * query-service calls. An Avatica connection is a Sluice session. Rows stream from the engine in
 * frames; a statement holds its running result between fetches.
 */
public final class SluiceMeta implements Meta {
  /** Rows per frame when the client leaves the size to the server. */
  static final int DEFAULT_FRAME_ROWS = 10_000;

  private final QueryService queries;
  private final SessionManager sessions;
  private final BufferAllocator allocator;
  private final String version;
  private final Map<String, Connection> connections = new ConcurrentHashMap<>();

  public SluiceMeta(
      QueryService queries, SessionManager sessions, BufferAllocator allocator, String version) {
    this.queries = requireNonNull(queries, "queries");
    this.sessions = requireNonNull(sessions, "sessions");
    this.allocator = requireNonNull(allocator, "allocator");
    this.version = requireNonNull(version, "version");
  }

  // ---- connections ----

  @Override
  public void openConnection(ConnectionHandle ch, Map<String, String> info) {
    guard(
        () -> {
          if (connections.containsKey(ch.id)) {
            throw new SluiceException(
                ErrorCode.INVALID_PARAMETER,
                "Cannot open connection " + ch.id + ": a connection with this id is open");
          }
          CurrentCaller.Caller caller = CurrentCaller.get();
          Session session = sessions.open(caller.identity(), caller.clientAddress(), "avatica");
          Connection connection = new Connection(ch.id, session.id());
          try {
            // The jdbc:sluice driver forwards the URL's schema under these keys (Avatica keeps
            // "schema" on the client).
            String schema = info == null ? null : info.get("sluice_schema");
            String catalog = info == null ? null : info.get("sluice_catalog");
            if (schema != null && !schema.isBlank()) {
              useSchema(session, catalog, schema);
            } else if (catalog != null && !catalog.isBlank()) {
              useSchema(session, catalog, session.context().schema());
            }
          } catch (RuntimeException failure) {
            sessions.close(session.id());
            throw failure;
          }
          connection.properties.setCatalog(session.context().catalog());
          connection.properties.setSchema(session.context().schema());
          if (connections.putIfAbsent(ch.id, connection) != null) {
            sessions.close(session.id());
            throw new SluiceException(
                ErrorCode.INVALID_PARAMETER,
                "Cannot open connection " + ch.id + ": a connection with this id is open");
          }
          return null;
        });
  }

  @Override
  public void closeConnection(ConnectionHandle ch) {
    Connection connection = connections.get(ch.id);
    if (connection == null) {
      return;
    }
    // Only its owner closes a connection.
    guard(
        () -> {
          requireOwner(connection);
          return null;
        });
    if (connections.remove(ch.id, connection)) {
      connection.closeStatements();
      sessions.close(connection.sessionId);
    }
  }

  /** Drops what a connection holds when its session expires or closes elsewhere. */
  public void sessionClosed(Session session) {
    connections
        .entrySet()
        .removeIf(
            entry -> {
              if (entry.getValue().sessionId.equals(session.id())) {
                entry.getValue().closeStatements();
                return true;
              }
              return false;
            });
  }

  @Override
  public ConnectionProperties connectionSync(ConnectionHandle ch, ConnectionProperties requested) {
    return guard(
        () -> {
          Connection connection = connection(ch.id);
          Session session = sessions.get(connection.sessionId, CurrentCaller.get().identity());
          // The client resends the catalog and schema it last heard of with every sync; only a
          // value it changed (Connection.setSchema) switches the session, so that a USE run as a
          // statement is not undone by the client's stale copy.
          String catalog = changed(requested.getCatalog(), connection.properties.getCatalog());
          String schema = changed(requested.getSchema(), connection.properties.getSchema());
          if (catalog != null || schema != null) {
            useSchema(session, catalog, schema == null ? session.context().schema() : schema);
          }
          ConnectionPropertiesImpl properties = connection.properties;
          if (requested.isAutoCommit() != null) {
            properties.setAutoCommit(requested.isAutoCommit());
          }
          if (requested.isReadOnly() != null) {
            properties.setReadOnly(requested.isReadOnly());
          }
          properties.setCatalog(session.context().catalog());
          properties.setSchema(session.context().schema());
          return properties;
        });
  }

  private static String changed(String requested, String known) {
    return requested != null && !requested.equalsIgnoreCase(known) ? requested : null;
  }

  private void useSchema(Session session, String catalog, String schema) {
    String target =
        (catalog == null ? "" : quote(catalog) + ".") + quote(requireNonNull(schema, "schema"));
    PlannedStatement use = queries.plan(session, "USE " + target);
    use.newSessionContext().ifPresent(session::setContext);
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  @Override
  public void commit(ConnectionHandle ch) {
    // Every statement commits on its own (auto-commit); there is nothing pending.
  }

  @Override
  public void rollback(ConnectionHandle ch) {
    throw new AvaticaRuntimeException(
        "Cannot roll back: Sluice runs every statement in its own transaction (auto-commit)",
        ErrorCode.UNSUPPORTED_STATEMENT.code(),
        ErrorCode.UNSUPPORTED_STATEMENT.sqlState(),
        AvaticaSeverity.ERROR);
  }

  // ---- statements ----

  @Override
  public StatementHandle createStatement(ConnectionHandle ch) {
    return guard(() -> connection(ch.id).newStatement(null).handle());
  }

  @Override
  public StatementHandle prepare(ConnectionHandle ch, String sql, long maxRowCount) {
    return guard(
        () -> {
          Connection connection = connection(ch.id);
          PlannedStatement planned =
              queries.plan(sessions.get(connection.sessionId, CurrentCaller.get().identity()), sql);
          Signature signature =
              signature(sql, AvaticaColumns.fromPlanner(planned.resultColumns()), planned);
          return connection.newStatement(new Prepared(sql, signature)).handle(signature);
        });
  }

  @Override
  @SuppressWarnings("deprecation")
  public ExecuteResult prepareAndExecute(
      StatementHandle h, String sql, long maxRowCount, PrepareCallback callback)
      throws NoSuchStatementException {
    return prepareAndExecute(h, sql, maxRowCount, -1, callback);
  }

  @Override
  public ExecuteResult prepareAndExecute(
      StatementHandle h,
      String sql,
      long maxRowCount,
      int maxRowsInFirstFrame,
      PrepareCallback callback)
      throws NoSuchStatementException {
    Statement statement = statement(h);
    return guard(() -> run(statement, sql, null, maxRowCount, maxRowsInFirstFrame));
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, long maxRowCount)
      throws NoSuchStatementException {
    return execute(h, parameterValues, (int) Math.min(Integer.MAX_VALUE, maxRowCount));
  }

  @Override
  public ExecuteResult execute(
      StatementHandle h, List<TypedValue> parameterValues, int maxRowsInFirstFrame)
      throws NoSuchStatementException {
    Statement statement = statement(h);
    return guard(
        () -> {
          if (parameterValues != null && !parameterValues.isEmpty()) {
            throw new SluiceException(
                ErrorCode.INVALID_PARAMETER,
                "Cannot bind parameters: Sluice does not support statement parameters yet;"
                    + " write the values into the SQL text");
          }
          Prepared prepared = statement.prepared;
          if (prepared == null) {
            throw new SluiceException(
                ErrorCode.STATEMENT_NOT_FOUND,
                "Cannot execute statement " + h.id + ": it was not prepared");
          }
          return run(statement, prepared.sql(), prepared.signature(), -1, maxRowsInFirstFrame);
        });
  }

  private ExecuteResult run(
      Statement statement,
      String sql,
      Signature preparedSignature,
      long maxRowCount,
      int maxRowsInFirstFrame) {
    statement.closeResult();
    Session session = sessions.get(statement.connection.sessionId, CurrentCaller.get().identity());
    BufferAllocator queryAllocator =
        allocator.newChildAllocator("avatica-" + statement.handle().id, 0, allocator.getLimit());
    EngineResult result;
    try {
      result = queries.execute(session, sql, queryAllocator);
    } catch (RuntimeException failure) {
      queryAllocator.close();
      throw failure;
    }
    String connectionId = statement.connection.id();
    if (result.schema().getFields().isEmpty()) {
      try (result;
          queryAllocator) {
        while (result.loadNextBatch()) {
          // Drain: the statement returns no rows.
        }
      }
      return new ExecuteResult(List.of(MetaResultSet.count(connectionId, statement.id, 0)));
    }
    Signature signature =
        preparedSignature != null
                && preparedSignature.columns.size() == result.schema().getFields().size()
            ? preparedSignature
            : signature(sql, AvaticaColumns.fromArrow(result.schema()), null);
    Cursor cursor = new Cursor(result, queryAllocator, signature.columns, maxRowCount);
    statement.cursor = cursor;
    if (connections.get(connectionId) != statement.connection
        || statement.connection.statements.get(statement.id) != statement) {
      // The connection or statement was closed while the statement ran.
      statement.closeResult();
      throw new SluiceException(
          ErrorCode.SESSION_NOT_FOUND,
          "Cannot return the result: the connection was closed while the statement ran");
    }
    Frame first = cursor.next(maxRowsInFirstFrame);
    if (first.done) {
      statement.closeResult();
    }
    return new ExecuteResult(
        List.of(MetaResultSet.create(connectionId, statement.id, false, signature, first)));
  }

  @Override
  public Frame fetch(StatementHandle h, long offset, int fetchMaxRowCount)
      throws NoSuchStatementException, MissingResultsException {
    Statement statement = statement(h);
    Cursor cursor = statement.cursor;
    if (cursor == null) {
      return Frame.EMPTY;
    }
    return guard(
        () -> {
          // A client reading a long result is active: keep its session from expiring.
          sessions.get(statement.connection.sessionId, CurrentCaller.get().identity());
          Frame frame = cursor.next(fetchMaxRowCount);
          if (frame.done) {
            statement.closeResult();
          }
          return frame;
        });
  }

  @Override
  public void closeStatement(StatementHandle h) {
    Connection connection = connections.get(h.connectionId);
    if (connection != null) {
      Statement statement = connection.statements.remove(h.id);
      if (statement != null) {
        statement.closeResult();
      }
    }
  }

  @Override
  public boolean syncResults(StatementHandle sh, QueryState state, long offset) {
    return false;
  }

  @Override
  public ExecuteBatchResult prepareAndExecuteBatch(StatementHandle h, List<String> sqlCommands)
      throws NoSuchStatementException {
    Statement statement = statement(h);
    return guard(
        () -> {
          Session session =
              sessions.get(statement.connection.sessionId, CurrentCaller.get().identity());
          long[] counts = new long[sqlCommands.size()];
          for (int i = 0; i < sqlCommands.size(); i++) {
            counts[i] = Math.max(0, queries.executeUpdate(session, sqlCommands.get(i), allocator));
          }
          return new ExecuteBatchResult(counts);
        });
  }

  @Override
  public ExecuteBatchResult executeBatch(StatementHandle h, List<List<TypedValue>> parameterValues)
      throws NoSuchStatementException {
    throw error(
        new SluiceException(
            ErrorCode.INVALID_PARAMETER,
            "Cannot execute a parameter batch: Sluice does not support statement parameters yet"));
  }

  @Override
  public Iterable<Object> createIterable(
      StatementHandle stmt,
      QueryState state,
      Signature signature,
      List<TypedValue> parameters,
      Frame firstFrame) {
    throw new UnsupportedOperationException("Sluice's Meta serves remote clients only");
  }

  // ---- catalog metadata ----

  @Override
  public Map<DatabaseProperty, Object> getDatabaseProperties(ConnectionHandle ch) {
    Map<DatabaseProperty, Object> properties = new HashMap<>();
    properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_NAME, "Sluice");
    properties.put(DatabaseProperty.GET_DATABASE_PRODUCT_VERSION, version);
    properties.put(
        DatabaseProperty.GET_DEFAULT_TRANSACTION_ISOLATION, java.sql.Connection.TRANSACTION_NONE);
    return properties;
  }

  @Override
  public MetaResultSet getCatalogs(ConnectionHandle ch) {
    return guard(
        () ->
            rows(
                ch,
                List.of(column("TABLE_CAT")),
                queries.catalogNames().stream().map(name -> row(name)).toList()));
  }

  @Override
  public MetaResultSet getSchemas(ConnectionHandle ch, String catalog, Pat schemaPattern) {
    return guard(
        () ->
            rows(
                ch,
                List.of(column("TABLE_SCHEM"), column("TABLE_CATALOG")),
                queries.schemas(session(ch), catalog, schemaPattern.s).stream()
                    .map(schema -> row(schema.schema(), schema.catalog()))
                    .toList()));
  }

  @Override
  public MetaResultSet getTables(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      List<String> typeList) {
    return guard(
        () ->
            rows(
                ch,
                List.of(
                    column("TABLE_CAT"),
                    column("TABLE_SCHEM"),
                    column("TABLE_NAME"),
                    column("TABLE_TYPE"),
                    column("REMARKS"),
                    column("TYPE_CAT"),
                    column("TYPE_SCHEM"),
                    column("TYPE_NAME"),
                    column("SELF_REFERENCING_COL_NAME"),
                    column("REF_GENERATION")),
                queries
                    .tables(session(ch), catalog, schemaPattern.s, tableNamePattern.s, typeList)
                    .stream()
                    .map(
                        table ->
                            row(
                                table.name().catalog(),
                                table.name().schema(),
                                table.name().table(),
                                table.tableType(),
                                null,
                                null,
                                null,
                                null,
                                null,
                                null))
                    .toList()));
  }

  @Override
  public MetaResultSet getColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    return guard(
        () -> {
          io.sluice.gateway.query.LikePattern columnFilter =
              io.sluice.gateway.query.LikePattern.of(columnNamePattern.s);
          List<Object> rows = new ArrayList<>();
          for (TableMetadata table :
              queries.tables(session(ch), catalog, schemaPattern.s, tableNamePattern.s, null)) {
            int position = 0;
            for (ColumnMetadata column : table.columns()) {
              position++;
              if (!columnFilter.matches(column.name())) {
                continue;
              }
              rows.add(
                  row(
                      table.name().catalog(),
                      table.name().schema(),
                      table.name().table(),
                      column.name(),
                      column.type().jdbcType(),
                      column.type().sparkName(),
                      columnSize(column),
                      null,
                      column.type().jdbcType() == Types.DECIMAL ? column.type().scale() : null,
                      10,
                      column.nullable()
                          ? DatabaseMetaData.columnNullable
                          : DatabaseMetaData.columnNoNulls,
                      column.comment(),
                      null,
                      null,
                      null,
                      null,
                      position,
                      column.nullable() ? "YES" : "NO",
                      null,
                      null,
                      null,
                      null,
                      "NO",
                      "NO"));
            }
          }
          return rows(
              ch,
              List.of(
                  column("TABLE_CAT"),
                  column("TABLE_SCHEM"),
                  column("TABLE_NAME"),
                  column("COLUMN_NAME"),
                  column("DATA_TYPE", Types.INTEGER),
                  column("TYPE_NAME"),
                  column("COLUMN_SIZE", Types.INTEGER),
                  column("BUFFER_LENGTH", Types.INTEGER),
                  column("DECIMAL_DIGITS", Types.INTEGER),
                  column("NUM_PREC_RADIX", Types.INTEGER),
                  column("NULLABLE", Types.INTEGER),
                  column("REMARKS"),
                  column("COLUMN_DEF"),
                  column("SQL_DATA_TYPE", Types.INTEGER),
                  column("SQL_DATETIME_SUB", Types.INTEGER),
                  column("CHAR_OCTET_LENGTH", Types.INTEGER),
                  column("ORDINAL_POSITION", Types.INTEGER),
                  column("IS_NULLABLE"),
                  column("SCOPE_CATALOG"),
                  column("SCOPE_SCHEMA"),
                  column("SCOPE_TABLE"),
                  column("SOURCE_DATA_TYPE", Types.SMALLINT),
                  column("IS_AUTOINCREMENT"),
                  column("IS_GENERATEDCOLUMN")),
              rows);
        });
  }

  private static Integer columnSize(ColumnMetadata column) {
    return column.type().precision() > 0 ? column.type().precision() : null;
  }

  @Override
  public MetaResultSet getTableTypes(ConnectionHandle ch) {
    return rows(
        ch,
        List.of(column("TABLE_TYPE")),
        queries.tableTypes().stream().map(type -> row(type)).toList());
  }

  @Override
  public MetaResultSet getTypeInfo(ConnectionHandle ch) {
    List<Object> types = new ArrayList<>();
    for (SparkTypes.TypeInfo type : SparkTypes.ALL) {
      types.add(
          row(
              type.name(),
              type.jdbcType(),
              type.precision(),
              type.literalPrefix(),
              type.literalSuffix(),
              type.createParameters(),
              DatabaseMetaData.typeNullable,
              type.caseSensitive(),
              DatabaseMetaData.typeSearchable,
              !type.signed(),
              false,
              false,
              type.name(),
              0,
              type.maximumScale(),
              null,
              null,
              type.radix()));
    }
    return rows(
        ch,
        List.of(
            column("TYPE_NAME"),
            column("DATA_TYPE", Types.INTEGER),
            column("PRECISION", Types.INTEGER),
            column("LITERAL_PREFIX"),
            column("LITERAL_SUFFIX"),
            column("CREATE_PARAMS"),
            column("NULLABLE", Types.SMALLINT),
            column("CASE_SENSITIVE", Types.BOOLEAN),
            column("SEARCHABLE", Types.SMALLINT),
            column("UNSIGNED_ATTRIBUTE", Types.BOOLEAN),
            column("FIXED_PREC_SCALE", Types.BOOLEAN),
            column("AUTO_INCREMENT", Types.BOOLEAN),
            column("LOCAL_TYPE_NAME"),
            column("MINIMUM_SCALE", Types.SMALLINT),
            column("MAXIMUM_SCALE", Types.SMALLINT),
            column("SQL_DATA_TYPE", Types.INTEGER),
            column("SQL_DATETIME_SUB", Types.INTEGER),
            column("NUM_PREC_RADIX", Types.INTEGER)),
        types);
  }

  // Sluice has no procedures, keys, indexes, privileges listings or user-defined types yet: these
  // answer with no rows rather than an error, as BI tools call them while exploring.

  @Override
  public MetaResultSet getProcedures(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat procedureNamePattern) {
    return empty(ch, "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME");
  }

  @Override
  public MetaResultSet getProcedureColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat procedureNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME");
  }

  @Override
  public MetaResultSet getColumnPrivileges(
      ConnectionHandle ch, String catalog, String schema, String table, Pat columnNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "PRIVILEGE");
  }

  @Override
  public MetaResultSet getTablePrivileges(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "PRIVILEGE");
  }

  @Override
  public MetaResultSet getBestRowIdentifier(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      int scope,
      boolean nullable) {
    return empty(ch, "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
  }

  @Override
  public MetaResultSet getVersionColumns(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "SCOPE", "COLUMN_NAME", "DATA_TYPE", "TYPE_NAME");
  }

  @Override
  public MetaResultSet getPrimaryKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
  }

  @Override
  public MetaResultSet getImportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
  }

  @Override
  public MetaResultSet getExportedKeys(
      ConnectionHandle ch, String catalog, String schema, String table) {
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
  }

  @Override
  public MetaResultSet getCrossReference(
      ConnectionHandle ch,
      String parentCatalog,
      String parentSchema,
      String parentTable,
      String foreignCatalog,
      String foreignSchema,
      String foreignTable) {
    return empty(ch, "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME");
  }

  @Override
  public MetaResultSet getIndexInfo(
      ConnectionHandle ch,
      String catalog,
      String schema,
      String table,
      boolean unique,
      boolean approximate) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_NAME");
  }

  @Override
  public MetaResultSet getUDTs(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern, int[] types) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE");
  }

  @Override
  public MetaResultSet getSuperTypes(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat typeNamePattern) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_NAME");
  }

  @Override
  public MetaResultSet getSuperTables(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat tableNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
  }

  @Override
  public MetaResultSet getAttributes(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat typeNamePattern,
      Pat attributeNamePattern) {
    return empty(ch, "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME");
  }

  @Override
  public MetaResultSet getClientInfoProperties(ConnectionHandle ch) {
    return empty(ch, "NAME", "MAX_LEN", "DEFAULT_VALUE", "DESCRIPTION");
  }

  @Override
  public MetaResultSet getFunctions(
      ConnectionHandle ch, String catalog, Pat schemaPattern, Pat functionNamePattern) {
    return empty(ch, "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS");
  }

  @Override
  public MetaResultSet getFunctionColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat functionNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME");
  }

  @Override
  public MetaResultSet getPseudoColumns(
      ConnectionHandle ch,
      String catalog,
      Pat schemaPattern,
      Pat tableNamePattern,
      Pat columnNamePattern) {
    return empty(ch, "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME");
  }

  // ---- helpers ----

  private MetaResultSet empty(ConnectionHandle ch, String... columnNames) {
    return rows(ch, Arrays.stream(columnNames).map(SluiceMeta::column).toList(), List.of());
  }

  private MetaResultSet rows(ConnectionHandle ch, List<ColumnSpec> columns, List<?> rows) {
    Connection connection = guard(() -> connection(ch.id));
    List<ColumnMetaData> metadata = new ArrayList<>();
    for (int index = 0; index < columns.size(); index++) {
      metadata.add(
          AvaticaColumns.metadataColumn(
              index, columns.get(index).name(), columns.get(index).type()));
    }
    Signature signature =
        new Signature(metadata, "", List.of(), Map.of(), CursorFactory.LIST, StatementType.SELECT);
    Statement statement = connection.newStatement(null);
    return MetaResultSet.create(
        connection.id(), statement.id, true, signature, new Frame(0, true, List.copyOf(rows)));
  }

  private record ColumnSpec(String name, int type) {}

  private static ColumnSpec column(String name) {
    return new ColumnSpec(name, Types.VARCHAR);
  }

  private static ColumnSpec column(String name, int type) {
    return new ColumnSpec(name, type);
  }

  private static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  private static Signature signature(
      String sql, List<ColumnMetaData> columns, PlannedStatement planned) {
    StatementType type = StatementType.SELECT;
    if (planned != null && !planned.returnsRows()) {
      type =
          switch (planned.kind()) {
            case DML -> StatementType.UPDATE;
            case DDL -> StatementType.OTHER_DDL;
            default -> StatementType.OTHER_DDL;
          };
    }
    return new Signature(columns, sql, List.of(), Map.of(), CursorFactory.LIST, type);
  }

  private Connection connection(String id) {
    Connection connection = connections.get(id);
    if (connection == null) {
      throw new SluiceException(
          ErrorCode.SESSION_NOT_FOUND,
          "Cannot find connection " + id + ": it was closed or its session expired; reconnect");
    }
    requireOwner(connection);
    return connection;
  }

  /** The session of a connection, for its owner. */
  private Session session(ConnectionHandle ch) {
    return sessions.get(connection(ch.id).sessionId, CurrentCaller.get().identity());
  }

  /** Refuses a caller other than the one who opened the connection. */
  private void requireOwner(Connection connection) {
    sessions.get(connection.sessionId, CurrentCaller.get().identity());
  }

  private Statement statement(StatementHandle h) throws NoSuchStatementException {
    Connection connection = connections.get(h.connectionId);
    Statement statement = connection == null ? null : connection.statements.get(h.id);
    if (statement == null) {
      throw new NoSuchStatementException(h);
    }
    guard(
        () -> {
          requireOwner(connection);
          return null;
        });
    return statement;
  }

  private static <T> T guard(Supplier<T> call) {
    try {
      return call.get();
    } catch (SluiceException failure) {
      throw error(failure);
    }
  }

  private static AvaticaRuntimeException error(SluiceException failure) {
    return new AvaticaRuntimeException(
        failure.getMessage(),
        failure.errorCode().code(),
        failure.errorCode().sqlState(),
        AvaticaSeverity.ERROR);
  }

  /** An Avatica connection: its session and its statements. */
  private static final class Connection {
    private final String id;
    private final String sessionId;
    private final AtomicInteger statementIds = new AtomicInteger();
    private final Map<Integer, Statement> statements = new ConcurrentHashMap<>();
    private final ConnectionPropertiesImpl properties = new ConnectionPropertiesImpl();

    Connection(String id, String sessionId) {
      this.id = id;
      this.sessionId = sessionId;
      properties.setAutoCommit(true);
      properties.setReadOnly(false);
      properties.setTransactionIsolation(java.sql.Connection.TRANSACTION_NONE);
    }

    String id() {
      return id;
    }

    Statement newStatement(Prepared prepared) {
      Statement statement = new Statement(this, statementIds.incrementAndGet(), prepared);
      statements.put(statement.id, statement);
      return statement;
    }

    void closeStatements() {
      statements.values().forEach(Statement::closeResult);
      statements.clear();
    }
  }

  private record Prepared(String sql, Signature signature) {}

  /** A statement and, between fetches, the result it is streaming. */
  private static final class Statement {
    private final Connection connection;
    private final int id;
    private final Prepared prepared;
    private volatile Cursor cursor;

    Statement(Connection connection, int id, Prepared prepared) {
      this.connection = connection;
      this.id = id;
      this.prepared = prepared;
    }

    StatementHandle handle() {
      return handle(prepared == null ? null : prepared.signature());
    }

    StatementHandle handle(Signature signature) {
      return new StatementHandle(connection.id(), id, signature);
    }

    void closeResult() {
      Cursor current;
      synchronized (this) {
        current = cursor;
        cursor = null;
      }
      if (current != null) {
        // Cancel is safe from any thread and makes a fetch in progress return; close then waits
        // for that fetch, because the engine result is single-threaded.
        if (!current.exhausted) {
          current.cancel();
        }
        current.close();
      }
    }
  }

  /** Turns an engine result's Arrow batches into Avatica frames of rows. */
  private static final class Cursor {
    private final EngineResult result;
    private final BufferAllocator allocator;
    private final List<ColumnMetaData> columns;
    private final long maxRowCount;
    private long offset;
    private int rowInBatch;
    private volatile boolean exhausted;
    private boolean closed;

    Cursor(
        EngineResult result,
        BufferAllocator allocator,
        List<ColumnMetaData> columns,
        long maxRowCount) {
      this.result = result;
      this.allocator = allocator;
      this.columns = columns;
      this.maxRowCount = maxRowCount > 0 ? maxRowCount : Long.MAX_VALUE;
    }

    synchronized Frame next(int requestedRows) {
      if (closed) {
        throw new SluiceException(
            ErrorCode.QUERY_CANCELLED,
            "Cannot fetch more rows: the statement was closed or its session expired");
      }
      int limit = requestedRows > 0 ? requestedRows : DEFAULT_FRAME_ROWS;
      long frameOffset = offset;
      List<Object> rows = new ArrayList<>(Math.min(limit, 1024));
      VectorSchemaRoot root = result.root();
      while (rows.size() < limit && !exhausted) {
        if (offset >= maxRowCount) {
          exhausted = true;
          break;
        }
        if (rowInBatch >= root.getRowCount()) {
          rowInBatch = 0;
          if (!result.loadNextBatch()) {
            exhausted = true;
            break;
          }
          root = result.root();
          continue;
        }
        List<FieldVector> vectors = root.getFieldVectors();
        Object[] row = new Object[vectors.size()];
        for (int column = 0; column < row.length; column++) {
          row[column] = AvaticaColumns.value(vectors.get(column), rowInBatch, columns.get(column));
        }
        rows.add(Arrays.asList(row));
        rowInBatch++;
        offset++;
      }
      return new Frame(frameOffset, exhausted, rows);
    }

    void cancel() {
      result.cancel();
    }

    synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      try {
        result.close();
      } finally {
        allocator.close();
      }
    }
  }
}
