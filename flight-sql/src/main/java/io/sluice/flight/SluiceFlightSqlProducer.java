package io.sluice.flight;

import static java.util.Objects.requireNonNull;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.arrow.flight.BackpressureStrategy;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.CancelFlightInfoRequest;
import org.apache.arrow.flight.CancelStatus;
import org.apache.arrow.flight.CloseSessionRequest;
import org.apache.arrow.flight.CloseSessionResult;
import org.apache.arrow.flight.Criteria;
import org.apache.arrow.flight.FlightDescriptor;
import org.apache.arrow.flight.FlightEndpoint;
import org.apache.arrow.flight.FlightInfo;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.PutResult;
import org.apache.arrow.flight.Result;
import org.apache.arrow.flight.SchemaResult;
import org.apache.arrow.flight.Ticket;
import org.apache.arrow.flight.sql.FlightSqlProducer;
import org.apache.arrow.flight.sql.SqlInfoBuilder;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.flight.sql.impl.FlightSql.SqlSupportedCaseSensitivity;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.WriteChannel;
import org.apache.arrow.vector.ipc.message.MessageSerializer;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Arrow Flight SQL over a {@link FlightSqlBackend}.
 *
 * <p>A query starts running when the client asks for its FlightInfo, so that the FlightInfo carries
 * the schema the engine really returns (the Flight SQL JDBC driver describes result columns from
 * it) and engine errors reach the client at execute time. The running result waits under a one-shot
 * ticket for the client's DoGet; a result nobody collects is closed after a while.
 */
public final class SluiceFlightSqlProducer implements FlightSqlProducer {
  private static final Logger log = LoggerFactory.getLogger(SluiceFlightSqlProducer.class);

  private final FlightSqlBackend backend;
  private final BufferAllocator allocator;
  private final Duration unclaimedResultTimeout;
  private final Map<String, PreparedStatement> preparedStatements = new ConcurrentHashMap<>();
  private final Map<String, PendingResult> pendingResults = new ConcurrentHashMap<>();
  private final ScheduledExecutorService reaper;
  private final SqlInfoBuilder sqlInfo;

  public SluiceFlightSqlProducer(
      FlightSqlBackend backend, BufferAllocator allocator, Duration unclaimedResultTimeout) {
    this.backend = requireNonNull(backend, "backend");
    this.allocator = requireNonNull(allocator, "allocator");
    this.unclaimedResultTimeout = requireNonNull(unclaimedResultTimeout, "unclaimedResultTimeout");
    this.reaper =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "flight-sql-result-reaper");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1, Math.min(30_000, unclaimedResultTimeout.toMillis() / 2));
    reaper.scheduleWithFixedDelay(
        this::closeUnclaimedResults, period, period, TimeUnit.MILLISECONDS);
    FlightSqlBackend.ServerInfo info = backend.serverInfo();
    this.sqlInfo =
        new SqlInfoBuilder()
            .withFlightSqlServerName(info.name())
            .withFlightSqlServerVersion(info.version())
            .withFlightSqlServerArrowVersion(arrowVersion())
            .withFlightSqlServerReadOnly(false)
            .withFlightSqlServerSql(true)
            .withFlightSqlServerSubstrait(false)
            .withFlightSqlServerTransaction(
                FlightSql.SqlSupportedTransaction.SQL_SUPPORTED_TRANSACTION_NONE)
            .withFlightSqlServerCancel(true)
            .withFlightSqlServerBulkIngestion(false)
            .withFlightSqlServerBulkIngestionTransaction(false)
            .withSqlIdentifierQuoteChar(info.identifierQuoteCharacter())
            .withSqlIdentifierCase(
                SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
            .withSqlQuotedIdentifierCase(
                SqlSupportedCaseSensitivity.SQL_CASE_SENSITIVITY_CASE_INSENSITIVE)
            .withSqlDdlCatalog(false)
            .withSqlDdlSchema(true)
            .withSqlDdlTable(true)
            .withSqlAllTablesAreSelectable(false)
            .withSqlTransactionsSupported(false);
  }

  private static String arrowVersion() {
    String version = Schema.class.getPackage().getImplementationVersion();
    return version == null ? "unknown" : version;
  }

  // ---- statements ----

  @Override
  public FlightInfo getFlightInfoStatement(
      FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return guard(
        () -> {
          String sessionId = sessionId(context);
          return startQuery(
              execute(allocator -> backend.executeQuery(sessionId, command.getQuery(), allocator)),
              descriptor);
        });
  }

  @Override
  public SchemaResult getSchemaStatement(
      FlightSql.CommandStatementQuery command, CallContext context, FlightDescriptor descriptor) {
    return guard(
        () -> new SchemaResult(backend.prepare(sessionId(context), command.getQuery()).schema()));
  }

  @Override
  public void getStreamStatement(
      FlightSql.TicketStatementQuery ticket, CallContext context, ServerStreamListener listener) {
    String resultId = ticket.getStatementHandle().toStringUtf8();
    PendingResult pending = pendingResults.remove(resultId);
    if (pending == null) {
      listener.error(
          CallStatus.NOT_FOUND
              .withDescription(
                  "Cannot fetch result "
                      + resultId
                      + ": it was already fetched, cancelled, or expired; run the statement again")
              .toRuntimeException());
      return;
    }
    stream(pending, listener);
  }

  @Override
  public Runnable acceptPutStatement(
      FlightSql.CommandStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    String sessionId = sessionId(context);
    return () -> runUpdate(() -> backend.executeUpdate(sessionId, command.getQuery()), ackStream);
  }

  // ---- prepared statements ----

  @Override
  public void createPreparedStatement(
      FlightSql.ActionCreatePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    try {
      String sessionId = sessionId(context);
      PreparedQuery query = backend.prepare(sessionId, request.getQuery());
      Schema schema = query.schema();
      String handle = UUID.randomUUID().toString();
      preparedStatements.put(handle, new PreparedStatement(sessionId, query));
      FlightSql.ActionCreatePreparedStatementResult.Builder result =
          FlightSql.ActionCreatePreparedStatementResult.newBuilder()
              .setPreparedStatementHandle(ByteString.copyFromUtf8(handle));
      if (!schema.getFields().isEmpty()) {
        result.setDatasetSchema(ByteString.copyFrom(serialize(schema)));
      }
      listener.onNext(new Result(Any.pack(result.build()).toByteArray()));
      listener.onCompleted();
    } catch (RuntimeException failure) {
      listener.onError(toFlightException(failure));
    }
  }

  @Override
  public void closePreparedStatement(
      FlightSql.ActionClosePreparedStatementRequest request,
      CallContext context,
      StreamListener<Result> listener) {
    preparedStatements.remove(request.getPreparedStatementHandle().toStringUtf8());
    listener.onCompleted();
  }

  @Override
  public FlightInfo getFlightInfoPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightDescriptor descriptor) {
    return guard(
        () -> {
          PreparedStatement prepared = preparedStatement(command.getPreparedStatementHandle());
          String sessionId = sessionId(context);
          return startQuery(
              execute(allocator -> backend.executeQuery(sessionId, prepared.query(), allocator)),
              descriptor);
        });
  }

  @Override
  public SchemaResult getSchemaPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightDescriptor descriptor) {
    return guard(
        () ->
            new SchemaResult(
                preparedStatement(command.getPreparedStatementHandle()).query().schema()));
  }

  @Override
  public void getStreamPreparedStatement(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      ServerStreamListener listener) {
    // Sluice's FlightInfo hands out result tickets, not this command; a client that sends the
    // command as a ticket anyway gets the statement run for it.
    try {
      PreparedStatement prepared = preparedStatement(command.getPreparedStatementHandle());
      String sessionId = sessionId(context);
      stream(
          execute(allocator -> backend.executeQuery(sessionId, prepared.query(), allocator)),
          listener);
    } catch (RuntimeException failure) {
      listener.error(toFlightException(failure));
    }
  }

  @Override
  public Runnable acceptPutPreparedStatementUpdate(
      FlightSql.CommandPreparedStatementUpdate command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    String sessionId = sessionId(context);
    return () -> {
      try {
        PreparedStatement prepared = preparedStatement(command.getPreparedStatementHandle());
        rejectParameters(flightStream);
        runUpdate(() -> backend.executeUpdate(sessionId, prepared.query()), ackStream);
      } catch (RuntimeException failure) {
        ackStream.onError(toFlightException(failure));
      }
    };
  }

  @Override
  public Runnable acceptPutPreparedStatementQuery(
      FlightSql.CommandPreparedStatementQuery command,
      CallContext context,
      FlightStream flightStream,
      StreamListener<PutResult> ackStream) {
    return () -> {
      try {
        preparedStatement(command.getPreparedStatementHandle());
        rejectParameters(flightStream);
        ackStream.onCompleted();
      } catch (RuntimeException failure) {
        ackStream.onError(toFlightException(failure));
      }
    };
  }

  private static void rejectParameters(FlightStream parameters) {
    while (parameters.next()) {
      if (parameters.getRoot().getRowCount() > 0) {
        throw CallStatus.INVALID_ARGUMENT
            .withDescription(
                "Cannot bind parameters: Sluice does not support statement parameters yet;"
                    + " write the values into the SQL text")
            .toRuntimeException();
      }
    }
  }

  private PreparedStatement preparedStatement(ByteString handle) {
    PreparedStatement prepared = preparedStatements.get(handle.toStringUtf8());
    if (prepared == null) {
      throw CallStatus.NOT_FOUND
          .withDescription(
              "Cannot find prepared statement "
                  + handle.toStringUtf8()
                  + ": it was closed or never created; prepare it again")
          .toRuntimeException();
    }
    return prepared;
  }

  // ---- running and streaming ----

  private FlightInfo startQuery(PendingResult pending, FlightDescriptor descriptor) {
    String resultId = UUID.randomUUID().toString();
    pendingResults.put(resultId, pending);
    FlightSql.TicketStatementQuery ticket =
        FlightSql.TicketStatementQuery.newBuilder()
            .setStatementHandle(ByteString.copyFromUtf8(resultId))
            .build();
    return new FlightInfo(
        pending.result().schema(),
        descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(ticket).toByteArray()))),
        -1,
        -1);
  }

  private PendingResult execute(
      java.util.function.Function<BufferAllocator, FlightQueryResult> run) {
    BufferAllocator queryAllocator =
        allocator.newChildAllocator("query-" + UUID.randomUUID(), 0, allocator.getLimit());
    try {
      FlightQueryResult result = run.apply(queryAllocator);
      return new PendingResult(result, queryAllocator, System.nanoTime());
    } catch (RuntimeException failure) {
      queryAllocator.close();
      throw failure;
    }
  }

  private void stream(PendingResult pending, ServerStreamListener listener) {
    FlightQueryResult result = pending.result();
    try {
      listener.setOnCancelHandler(result::cancel);
      BackpressureStrategy backpressure = new BackpressureStrategy.CallbackBackpressureStrategy();
      backpressure.register(listener);
      VectorSchemaRoot root = result.root();
      listener.start(root);
      while (result.loadNextBatch()) {
        if (!awaitClient(backpressure, listener, result)) {
          return;
        }
        listener.putNext();
      }
      listener.completed();
    } catch (RuntimeException failure) {
      if (listener.isCancelled()) {
        log.debug("Result stream ended after the client went away", failure);
      } else {
        listener.error(toFlightException(failure));
      }
    } finally {
      pending.close();
    }
  }

  /** Waits until the client can take another batch; false when it went away. */
  private static boolean awaitClient(
      BackpressureStrategy backpressure, ServerStreamListener listener, FlightQueryResult result) {
    while (true) {
      switch (backpressure.waitForListener(10_000)) {
        case READY:
          return true;
        case CANCELLED:
          result.cancel();
          return false;
        case TIMEOUT:
          if (listener.isCancelled()) {
            result.cancel();
            return false;
          }
          // A slow client, not a gone one: keep waiting without buffering more.
          continue;
        default:
          result.cancel();
          listener.error(
              CallStatus.INTERNAL
                  .withDescription("Cannot send results: the stream failed")
                  .toRuntimeException());
          return false;
      }
    }
  }

  private void runUpdate(
      java.util.function.LongSupplier runStatement, StreamListener<PutResult> ackStream) {
    try {
      long count = runStatement.getAsLong();
      FlightSql.DoPutUpdateResult update =
          FlightSql.DoPutUpdateResult.newBuilder().setRecordCount(count).build();
      byte[] bytes = update.toByteArray();
      try (ArrowBuf buffer = allocator.buffer(bytes.length)) {
        buffer.writeBytes(bytes);
        ackStream.onNext(PutResult.metadata(buffer));
      }
      ackStream.onCompleted();
    } catch (RuntimeException failure) {
      ackStream.onError(toFlightException(failure));
    }
  }

  private void closeUnclaimedResults() {
    long deadline = System.nanoTime() - unclaimedResultTimeout.toNanos();
    pendingResults.forEach(
        (id, pending) -> {
          if (pending.createdNanos() < deadline && pendingResults.remove(id, pending)) {
            log.info("Closing result {}: the client did not fetch it in time", id);
            // Contain failures: a fixed-delay schedule stops for good when a run throws.
            try {
              pending.result().cancel();
              pending.close();
            } catch (RuntimeException failure) {
              log.warn("Cannot close unclaimed result {}", id, failure);
            }
          }
        });
  }

  @Override
  public void cancelFlightInfo(
      CancelFlightInfoRequest request, CallContext context, StreamListener<CancelStatus> listener) {
    CancelStatus status = CancelStatus.NOT_CANCELLABLE;
    for (FlightEndpoint endpoint : request.getInfo().getEndpoints()) {
      String resultId = resultId(endpoint.getTicket());
      PendingResult pending = resultId == null ? null : pendingResults.remove(resultId);
      if (pending != null) {
        pending.result().cancel();
        pending.close();
        status = CancelStatus.CANCELLED;
      }
    }
    listener.onNext(status);
    listener.onCompleted();
  }

  private static String resultId(Ticket ticket) {
    try {
      Any any = Any.parseFrom(ticket.getBytes());
      if (any.is(FlightSql.TicketStatementQuery.class)) {
        return any.unpack(FlightSql.TicketStatementQuery.class).getStatementHandle().toStringUtf8();
      }
      return null;
    } catch (InvalidProtocolBufferException notOurs) {
      return null;
    }
  }

  // ---- sessions ----

  @Override
  public void closeSession(
      CloseSessionRequest request,
      CallContext context,
      StreamListener<CloseSessionResult> listener) {
    String sessionId = sessionId(context);
    preparedStatements.values().removeIf(prepared -> prepared.sessionId().equals(sessionId));
    backend.closeSession(sessionId);
    listener.onNext(new CloseSessionResult(CloseSessionResult.Status.CLOSED));
    listener.onCompleted();
  }

  private static String sessionId(CallContext context) {
    SessionCookieMiddleware session = context.getMiddleware(SessionCookieMiddleware.KEY);
    if (session == null) {
      throw CallStatus.INTERNAL
          .withDescription("Cannot find the session of this call")
          .toRuntimeException();
    }
    return session.sessionId();
  }

  // ---- catalog metadata ----

  @Override
  public FlightInfo getFlightInfoSqlInfo(
      FlightSql.CommandGetSqlInfo command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_SQL_INFO_SCHEMA);
  }

  @Override
  public void getStreamSqlInfo(
      FlightSql.CommandGetSqlInfo command, CallContext context, ServerStreamListener listener) {
    sqlInfo.send(command.getInfoList(), listener);
  }

  @Override
  public FlightInfo getFlightInfoTypeInfo(
      FlightSql.CommandGetXdbcTypeInfo command, CallContext context, FlightDescriptor descriptor) {
    throw CallStatus.UNIMPLEMENTED
        .withDescription("Cannot list type information: GetXdbcTypeInfo is not supported yet")
        .toRuntimeException();
  }

  @Override
  public void getStreamTypeInfo(
      FlightSql.CommandGetXdbcTypeInfo command,
      CallContext context,
      ServerStreamListener listener) {
    listener.error(
        CallStatus.UNIMPLEMENTED
            .withDescription("Cannot list type information: GetXdbcTypeInfo is not supported yet")
            .toRuntimeException());
  }

  @Override
  public FlightInfo getFlightInfoCatalogs(
      FlightSql.CommandGetCatalogs command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_CATALOGS_SCHEMA);
  }

  @Override
  public void getStreamCatalogs(CallContext context, ServerStreamListener listener) {
    sendRows(
        listener,
        Schemas.GET_CATALOGS_SCHEMA,
        root -> {
          List<String> catalogs = backend.catalogs(sessionId(context));
          VarCharVector names = (VarCharVector) root.getVector("catalog_name");
          for (int row = 0; row < catalogs.size(); row++) {
            names.setSafe(row, utf8(catalogs.get(row)));
          }
          root.setRowCount(catalogs.size());
        });
  }

  @Override
  public FlightInfo getFlightInfoSchemas(
      FlightSql.CommandGetDbSchemas command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_SCHEMAS_SCHEMA);
  }

  @Override
  public void getStreamSchemas(
      FlightSql.CommandGetDbSchemas command, CallContext context, ServerStreamListener listener) {
    sendRows(
        listener,
        Schemas.GET_SCHEMAS_SCHEMA,
        root -> {
          List<FlightSqlBackend.SchemaEntry> schemas =
              backend.schemas(
                  sessionId(context),
                  command.hasCatalog() ? command.getCatalog() : null,
                  command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null);
          VarCharVector catalogs = (VarCharVector) root.getVector("catalog_name");
          VarCharVector names = (VarCharVector) root.getVector("db_schema_name");
          for (int row = 0; row < schemas.size(); row++) {
            catalogs.setSafe(row, utf8(schemas.get(row).catalog()));
            names.setSafe(row, utf8(schemas.get(row).schema()));
          }
          root.setRowCount(schemas.size());
        });
  }

  @Override
  public FlightInfo getFlightInfoTables(
      FlightSql.CommandGetTables command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(
        command,
        descriptor,
        command.getIncludeSchema()
            ? Schemas.GET_TABLES_SCHEMA
            : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA);
  }

  @Override
  public void getStreamTables(
      FlightSql.CommandGetTables command, CallContext context, ServerStreamListener listener) {
    boolean includeSchema = command.getIncludeSchema();
    sendRows(
        listener,
        includeSchema ? Schemas.GET_TABLES_SCHEMA : Schemas.GET_TABLES_SCHEMA_NO_SCHEMA,
        root -> {
          List<FlightSqlBackend.TableEntry> tables =
              backend.tables(
                  sessionId(context),
                  command.hasCatalog() ? command.getCatalog() : null,
                  command.hasDbSchemaFilterPattern() ? command.getDbSchemaFilterPattern() : null,
                  command.hasTableNameFilterPattern() ? command.getTableNameFilterPattern() : null,
                  command.getTableTypesList());
          VarCharVector catalogs = (VarCharVector) root.getVector("catalog_name");
          VarCharVector schemas = (VarCharVector) root.getVector("db_schema_name");
          VarCharVector names = (VarCharVector) root.getVector("table_name");
          VarCharVector types = (VarCharVector) root.getVector("table_type");
          VarBinaryVector columns =
              includeSchema ? (VarBinaryVector) root.getVector("table_schema") : null;
          for (int row = 0; row < tables.size(); row++) {
            FlightSqlBackend.TableEntry table = tables.get(row);
            catalogs.setSafe(row, utf8(table.catalog()));
            schemas.setSafe(row, utf8(table.schema()));
            names.setSafe(row, utf8(table.table()));
            types.setSafe(row, utf8(table.tableType()));
            if (columns != null) {
              columns.setSafe(row, serialize(table.columns()));
            }
          }
          root.setRowCount(tables.size());
        });
  }

  @Override
  public FlightInfo getFlightInfoTableTypes(
      FlightSql.CommandGetTableTypes command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_TABLE_TYPES_SCHEMA);
  }

  @Override
  public void getStreamTableTypes(CallContext context, ServerStreamListener listener) {
    sendRows(
        listener,
        Schemas.GET_TABLE_TYPES_SCHEMA,
        root -> {
          List<String> types = backend.tableTypes();
          VarCharVector names = (VarCharVector) root.getVector("table_type");
          for (int row = 0; row < types.size(); row++) {
            names.setSafe(row, utf8(types.get(row)));
          }
          root.setRowCount(types.size());
        });
  }

  // Iceberg tables declare no primary or foreign keys: these answer with no rows.

  @Override
  public FlightInfo getFlightInfoPrimaryKeys(
      FlightSql.CommandGetPrimaryKeys command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_PRIMARY_KEYS_SCHEMA);
  }

  @Override
  public void getStreamPrimaryKeys(
      FlightSql.CommandGetPrimaryKeys command, CallContext context, ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_PRIMARY_KEYS_SCHEMA, root -> root.setRowCount(0));
  }

  @Override
  public FlightInfo getFlightInfoExportedKeys(
      FlightSql.CommandGetExportedKeys command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_EXPORTED_KEYS_SCHEMA);
  }

  @Override
  public FlightInfo getFlightInfoImportedKeys(
      FlightSql.CommandGetImportedKeys command, CallContext context, FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_IMPORTED_KEYS_SCHEMA);
  }

  @Override
  public FlightInfo getFlightInfoCrossReference(
      FlightSql.CommandGetCrossReference command,
      CallContext context,
      FlightDescriptor descriptor) {
    return commandInfo(command, descriptor, Schemas.GET_CROSS_REFERENCE_SCHEMA);
  }

  @Override
  public void getStreamExportedKeys(
      FlightSql.CommandGetExportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_EXPORTED_KEYS_SCHEMA, root -> root.setRowCount(0));
  }

  @Override
  public void getStreamImportedKeys(
      FlightSql.CommandGetImportedKeys command,
      CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_IMPORTED_KEYS_SCHEMA, root -> root.setRowCount(0));
  }

  @Override
  public void getStreamCrossReference(
      FlightSql.CommandGetCrossReference command,
      CallContext context,
      ServerStreamListener listener) {
    sendRows(listener, Schemas.GET_CROSS_REFERENCE_SCHEMA, root -> root.setRowCount(0));
  }

  @Override
  public void listFlights(
      CallContext context, Criteria criteria, StreamListener<FlightInfo> listener) {
    listener.onError(
        CallStatus.UNIMPLEMENTED
            .withDescription("Cannot list flights: Sluice serves Flight SQL commands only")
            .toRuntimeException());
  }

  private static FlightInfo commandInfo(
      Message command, FlightDescriptor descriptor, Schema schema) {
    return new FlightInfo(
        schema,
        descriptor,
        List.of(new FlightEndpoint(new Ticket(Any.pack(command).toByteArray()))),
        -1,
        -1);
  }

  private void sendRows(
      ServerStreamListener listener, Schema schema, Consumer<VectorSchemaRoot> fill) {
    try (VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator)) {
      fill.accept(root);
      listener.start(root);
      listener.putNext();
      listener.completed();
    } catch (RuntimeException failure) {
      listener.error(toFlightException(failure));
    }
  }

  // ---- helpers ----

  private static <T> T guard(java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException failure) {
      throw toFlightException(failure);
    }
  }

  static FlightRuntimeException toFlightException(RuntimeException failure) {
    if (failure instanceof FlightRuntimeException flightFailure) {
      return flightFailure;
    }
    log.error("Internal error in the Flight SQL frontend", failure);
    return CallStatus.INTERNAL
        .withDescription("Internal error: " + failure)
        .withCause(failure)
        .toRuntimeException();
  }

  private static byte[] utf8(String value) {
    return value.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] serialize(Schema schema) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      MessageSerializer.serialize(new WriteChannel(Channels.newChannel(bytes)), schema);
    } catch (IOException impossible) {
      throw new IllegalStateException("Cannot serialize a schema into memory", impossible);
    }
    return bytes.toByteArray();
  }

  @Override
  public void close() {
    reaper.shutdownNow();
    pendingResults.values().forEach(PendingResult::close);
    pendingResults.clear();
    preparedStatements.clear();
  }

  private record PreparedStatement(String sessionId, PreparedQuery query) {}

  private record PendingResult(
      FlightQueryResult result, BufferAllocator allocator, long createdNanos) {
    void close() {
      try {
        result.close();
      } finally {
        allocator.close();
      }
    }
  }
}
