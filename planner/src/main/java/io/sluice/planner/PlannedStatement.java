package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.spi.QualifiedName;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A statement the planner has parsed, classified and validated.
 *
 * @param kind what the statement does
 * @param originalSql the text the client sent
 * @param engineSql the statement unparsed for the engine (Spark SQL), every table name fully
 *     qualified so that it runs the same on any engine connection; empty for statements the gateway
 *     answers itself (USE)
 * @param resultColumns the result's columns as validation derived them; empty when the statement
 *     returns no rows
 * @param tables every catalog table the statement reads or writes
 * @param newSessionContext for USE: the catalog and schema the session switches to
 * @param policyIds the policies that allowed the statement's accesses or supplied its row filters
 *     and masks, sorted, for the audit; empty for a super-user's statement
 * @param rowVisibility for a metadata command (SHOW, DESCRIBE) whose result lists schemas, tables
 *     or columns: which rows the caller may see; empty when every row may be shown
 */
public record PlannedStatement(
    StatementKind kind,
    String originalSql,
    Optional<String> engineSql,
    List<ColumnMetadata> resultColumns,
    Set<QualifiedName> tables,
    Optional<SessionContext> newSessionContext,
    Set<Long> policyIds,
    Optional<RowVisibility> rowVisibility) {
  public PlannedStatement {
    requireNonNull(kind, "kind");
    requireNonNull(originalSql, "originalSql");
    requireNonNull(engineSql, "engineSql");
    resultColumns = List.copyOf(resultColumns);
    tables = Set.copyOf(tables);
    requireNonNull(newSessionContext, "newSessionContext");
    policyIds = Collections.unmodifiableSortedSet(new TreeSet<>(policyIds));
    requireNonNull(rowVisibility, "rowVisibility");
  }

  public boolean returnsRows() {
    return !resultColumns.isEmpty();
  }
}
