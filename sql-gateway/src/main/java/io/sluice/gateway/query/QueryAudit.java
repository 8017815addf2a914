package io.sluice.gateway.query;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.EngineResult;
import io.sluice.gateway.session.Session;
import io.sluice.security.audit.AuditRecord;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes one audit record per query outcome: who ran what (the original and the engine's SQL), from
 * where, over which protocol, on which cluster, how many rows came back, how long it took and how
 * it ended. Written when the result is closed, off the query's path (the log's queue).
 */
final class QueryAudit {
  private final Consumer<AuditRecord> sink;
  private final String clusterName;

  QueryAudit(io.sluice.security.audit.AuditLog log, String clusterName) {
    this.sink = requireNonNull(log, "log")::write;
    this.clusterName = requireNonNull(clusterName, "clusterName");
  }

  /** A statement that has started; call exactly one of its ending methods. */
  Query start(Session session, String originalSql) {
    return new Query(session, originalSql, Instant.now(), System.nanoTime());
  }

  final class Query {
    private final Session session;
    private final String originalSql;
    private final Instant startedAt;
    private final long startedNanos;
    private final AtomicBoolean ended = new AtomicBoolean();
    private String queryId;
    private String engineSql;

    private Query(Session session, String originalSql, Instant startedAt, long startedNanos) {
      this.session = session;
      this.originalSql = originalSql;
      this.startedAt = startedAt;
      this.startedNanos = startedNanos;
    }

    void sentToEngine(String id, String sql) {
      this.queryId = id;
      this.engineSql = sql;
    }

    /** Ends the query with an error (planning, access, engine). */
    void failed(SluiceException failure) {
      end(
          failure.errorCode() == ErrorCode.QUERY_CANCELLED
              ? AuditRecord.Outcome.CANCELLED
              : AuditRecord.Outcome.FAILED,
          failure.errorCode().name(),
          0);
    }

    /** Ends a statement answered without rows (USE, DDL, DML). */
    void succeeded() {
      end(AuditRecord.Outcome.SUCCEEDED, null, 0);
    }

    /** Wraps the engine's result so that closing it writes the outcome with the rows counted. */
    EngineResult audited(EngineResult result) {
      return new AuditedResult(result, this);
    }

    private void end(AuditRecord.Outcome outcome, String errorCode, long rows) {
      if (!ended.compareAndSet(false, true)) {
        return;
      }
      long millis = (System.nanoTime() - startedNanos) / 1_000_000;
      sink.accept(
          AuditRecord.builder(AuditRecord.Kind.QUERY_OUTCOME)
              .eventTime(startedAt)
              .user(session.identity().user())
              .clientAddress(session.clientAddress())
              .protocol(session.protocol())
              .session(session.id())
              .requestData(queryId)
              .action("query")
              .originalSql(originalSql)
              .rewrittenSql(engineSql)
              .engine(engineSql == null ? null : "spark")
              .engineCluster(engineSql == null ? null : clusterName)
              .outcome(outcome)
              .allowed(!ErrorCode.ACCESS_DENIED.name().equals(errorCode))
              .errorCode(errorCode)
              .rowsReturned(rows)
              .durationMillis(millis)
              .eventDurationMillis(millis)
              .build());
    }
  }

  /** Counts rows and reports how the result ended when it is closed. */
  private static final class AuditedResult implements EngineResult {
    private final EngineResult delegate;
    private final Query query;
    private long rows;
    private SluiceException failure;
    private boolean cancelled;
    private boolean exhausted;

    AuditedResult(EngineResult delegate, Query query) {
      this.delegate = delegate;
      this.query = query;
    }

    @Override
    public Schema schema() {
      return delegate.schema();
    }

    @Override
    public boolean loadNextBatch() {
      try {
        boolean loaded = delegate.loadNextBatch();
        if (loaded) {
          rows += delegate.root().getRowCount();
        } else {
          exhausted = true;
        }
        return loaded;
      } catch (SluiceException loadFailure) {
        failure = loadFailure;
        throw loadFailure;
      }
    }

    @Override
    public VectorSchemaRoot root() {
      return delegate.root();
    }

    @Override
    public void cancel() {
      cancelled = true;
      delegate.cancel();
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        if (failure != null) {
          query.failed(failure);
        } else if (cancelled || !exhausted) {
          // Cancelled, or closed before its end (a client that stopped reading).
          query.end(AuditRecord.Outcome.CANCELLED, ErrorCode.QUERY_CANCELLED.name(), rows);
        } else {
          query.end(AuditRecord.Outcome.SUCCEEDED, null, rows);
        }
      }
    }
  }
}
