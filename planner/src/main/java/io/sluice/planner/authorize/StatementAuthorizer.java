package io.sluice.planner.authorize;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.validate.ValidatedStatement;
import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.spi.QualifiedName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Decides whether the session's user may run a statement, asking the {@link AccessControl} about
 * each object it touches, and collects the row filters and column masks that apply to what it
 * reads.
 *
 * <p>A query needs {@code select} on every column it reads, wherever it reads it: the select list
 * with {@code *} expanded, WHERE, joins, GROUP BY, subqueries of every kind, CTE bodies, each
 * branch of a set operation, a table read {@code AS OF} a time. A table read without naming any
 * column ({@code count(*)}) needs {@code select} on the table. INSERT, UPDATE, DELETE and MERGE
 * need {@code update} on the table they change, and {@code select} on what they read, of that table
 * too.
 *
 * <p>What the statement reads must be known precisely: a statement with a part Sluice cannot
 * attribute is refused. Super-users are not checked, and nothing they run is rewritten.
 *
 * <p>Thread-safe.
 */
public final class StatementAuthorizer {
  private static final Comparator<SqlParserPos> TEXT_ORDER =
      Comparator.comparingInt(SqlParserPos::getLineNum)
          .thenComparingInt(SqlParserPos::getColumnNum);

  /** Reasons a refusal shows; one usually explains the rest. */
  private static final int MAXIMUM_REASONS = 3;

  private final AccessControl accessControl;

  public StatementAuthorizer(AccessControl accessControl) {
    this.accessControl = requireNonNull(accessControl, "accessControl");
  }

  /** Whether the session's user is exempt from every check and rewrite. */
  public boolean isSuperUser(SessionContext session) {
    return accessControl.isSuperUser(session.identity());
  }

  /**
   * Authorizes a query or DML statement for a user who is not a super-user.
   *
   * @param statementKind the statement's SQL kind (INSERT, MERGE, SELECT, ...)
   * @param validated what validation found out about the statement
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED} when a
   *     policy denies an access, or the statement cannot be authorized precisely
   */
  public Authorization authorize(
      SqlKind statementKind, ValidatedStatement validated, SessionContext session) {
    ValidatedStatement.Access access = validated.access();
    if (!access.unanalyzable().isEmpty()) {
      List<String> reasons = access.unanalyzable();
      String shown =
          String.join("; ", reasons.subList(0, Math.min(reasons.size(), MAXIMUM_REASONS)));
      throw AccessDenied.because(
          session.user(),
          "run",
          "this statement",
          "Sluice cannot tell precisely what it reads ("
              + shown
              + (reasons.size() > MAXIMUM_REASONS
                  ? "; and " + (reasons.size() - MAXIMUM_REASONS) + " more"
                  : "")
              + "); only super-users may run such statements");
    }
    Request request = new Request(session);

    // What each table is read and written through, tables in the order the text names them.
    List<SqlParserPos> positions = new ArrayList<>(validated.tableReferences().keySet());
    positions.sort(TEXT_ORDER);
    Map<QualifiedName, Set<String>> columnReads = new LinkedHashMap<>();
    Set<QualifiedName> readTables = new LinkedHashSet<>();
    Set<QualifiedName> targets = new LinkedHashSet<>();
    Set<String> targetReads = new LinkedHashSet<>();
    for (SqlParserPos position : positions) {
      QualifiedName table = validated.tableReferences().get(position);
      Set<String> columns = access.columnReads().getOrDefault(position, Set.of());
      columnReads.computeIfAbsent(table, key -> new LinkedHashSet<>()).addAll(columns);
      if (access.targets().contains(position)) {
        targets.add(table);
        targetReads.addAll(columns);
      } else {
        readTables.add(table);
      }
    }

    for (Map.Entry<QualifiedName, Set<String>> entry : columnReads.entrySet()) {
      QualifiedName table = entry.getKey();
      if (entry.getValue().isEmpty()) {
        if (readTables.contains(table)) {
          request.check(tableResource(table), AccessType.SELECT);
        }
        continue;
      }
      for (RelDataTypeField column : access.tableTypes().get(table).getFieldList()) {
        if (entry.getValue().contains(column.getName())) {
          request.check(columnResource(table, column.getName()), AccessType.SELECT);
        }
      }
    }
    for (QualifiedName target : targets) {
      request.check(tableResource(target), AccessType.UPDATE);
    }
    for (QualifiedName table : validated.metadataTablesRead()) {
      request.metadataTables(
          table,
          access.tableTypes().get(table).getFieldList(),
          access.metadataHistories().get(table));
    }

    Map<QualifiedName, TablePolicy> readPolicies = new LinkedHashMap<>();
    for (QualifiedName table : readTables) {
      TablePolicy policy = request.policy(table, access.tableTypes().get(table).getFieldNames());
      if (!policy.isEmpty()) {
        readPolicies.put(table, policy);
      }
    }
    // INSERT, UPDATE, DELETE and MERGE change one table.
    Optional<TablePolicy> targetPolicy =
        targets.isEmpty()
            ? Optional.empty()
            : request.targetPolicy(statementKind, targets.iterator().next(), access, targetReads);
    return new Authorization(readPolicies, targetPolicy, request.policyIds);
  }

  /**
   * Authorizes creating a table.
   *
   * @return the deciding policy, for the audit
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public Set<Long> authorizeCreate(QualifiedName table, SessionContext session) {
    return authorizeTable(table, AccessType.CREATE, session);
  }

  /**
   * Authorizes an access to a table, such as {@code drop} or {@code alter}.
   *
   * @return the deciding policy, for the audit
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public Set<Long> authorizeTable(QualifiedName table, AccessType action, SessionContext session) {
    Request request = new Request(session);
    request.check(tableResource(table), action);
    return request.policyIds;
  }

  /**
   * Authorizes an access to a schema as a whole, such as {@code create} or {@code drop}.
   *
   * @return the deciding policy, for the audit
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public Set<Long> authorizeSchema(String schema, AccessType action, SessionContext session) {
    Request request = new Request(session);
    request.check(Resource.schema(schema), action);
    return request.policyIds;
  }

  /**
   * Authorizes seeing an object's metadata: any access to it will do, as for Hive's DESCRIBE.
   *
   * @param verb what the user was about to do, for the message ({@code describe}, {@code see})
   * @return the deciding policy, for the audit
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public Set<Long> authorizeAny(Resource resource, String verb, SessionContext session) {
    Request request = new Request(session);
    request.check(resource, AccessType.ANY, verb);
    return request.policyIds;
  }

  /**
   * Authorizes a statement that shows what a column holds beyond the policies' reach (DESCRIBE
   * EXTENDED of a column shows its minimum and maximum): the user must read the column unmasked,
   * from a table without a row filter.
   *
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public Set<Long> authorizeUnrestrictedRead(
      QualifiedName table, String column, String statement, SessionContext session) {
    Request request = new Request(session);
    request.check(columnResource(table, column), AccessType.SELECT);
    Optional<RowFilter> filter = request.rowFilter(table);
    Optional<ColumnMask> mask = request.mask(table, column);
    if (filter.isPresent() || mask.isPresent()) {
      throw AccessDenied.because(
          session.user(),
          "describe",
          columnResource(table, column),
          statement
              + " shows statistics of the column's values, and "
              + (mask.isPresent()
                  ? "the column is masked for the user (policy " + mask.get().policyId() + ")"
                  : "a row filter applies to the table (policy " + filter.get().policyId() + ")")
              + "; describe the column without EXTENDED");
    }
    return request.policyIds;
  }

  /**
   * Refuses a statement that replaces or deletes every row of a table (INSERT OVERWRITE, TRUNCATE)
   * when a row filter hides some of the table's rows from the user: the statement would remove rows
   * the user may not see.
   *
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public void refuseWhenRowsAreHidden(
      QualifiedName table, String statement, SessionContext session) {
    Optional<RowFilter> filter =
        accessControl.rowFilter(session.identity(), tableResource(table), session.request());
    if (filter.isPresent()) {
      throw AccessDenied.because(
          session.user(),
          AccessType.UPDATE.rangerName(),
          tableResource(table),
          "a row filter applies to the table (policy "
              + filter.get().policyId()
              + ") and "
              + statement
              + " would remove rows the user may not see; use DELETE or MERGE, which change only"
              + " the rows the user sees");
    }
  }

  /**
   * Authorizes switching to a schema: any access to it will do, as for Hive's USE.
   *
   * @throws io.sluice.spi.SluiceException with {@link io.sluice.spi.ErrorCode#ACCESS_DENIED}
   */
  public void authorizeUse(String schema, SessionContext session) {
    new Request(session).check(Resource.schema(schema), AccessType.ANY, "use");
  }

  private static Resource tableResource(QualifiedName table) {
    return Resource.table(table.schema(), table.table());
  }

  private static Resource columnResource(QualifiedName table, String column) {
    return Resource.column(table.schema(), table.table(), column);
  }

  /** One statement's questions to the access control, and the policies that answered. */
  private final class Request {
    private final SessionContext session;
    private final SortedSet<Long> policyIds = new TreeSet<>();

    Request(SessionContext session) {
      this.session = session;
    }

    void check(Resource resource, AccessType action) {
      check(resource, action, action.rangerName());
    }

    /**
     * @param verb what the user was about to do, for the message
     */
    void check(Resource resource, AccessType action, String verb) {
      AccessDecision decision =
          accessControl.check(session.identity(), resource, action, session.request());
      if (!decision.allowed()) {
        throw AccessDenied.byPolicy(session.user(), verb, resource, decision.policyId());
      }
      decision.policyId().ifPresent(policyIds::add);
    }

    /**
     * Iceberg's metadata tables of a table show its files, partitions, snapshots and each column's
     * lower and upper bounds: only a user who reads every column of the table, unfiltered and
     * unmasked, may read them. That includes the columns the table had in earlier schemas, whose
     * statistics the files written before still carry.
     */
    void metadataTables(
        QualifiedName table, List<RelDataTypeField> columns, CatalogManager.ColumnHistory history) {
      check(tableResource(table), AccessType.SELECT);
      if (!history.complete()) {
        throw AccessDenied.because(
            session.user(),
            AccessType.SELECT.rangerName(),
            tableResource(table),
            "its Iceberg metadata tables show the statistics of every column its files were written"
                + " with, and the table no longer holds the schemas that name some of them"
                + " (removed with expired snapshots), so Sluice cannot check them; only"
                + " super-users may read them");
      }
      List<String> names = new ArrayList<>(columns.size() + history.earlierColumns().size());
      for (RelDataTypeField column : columns) {
        names.add(column.getName());
      }
      names.addAll(history.earlierColumns());
      for (String column : names) {
        check(columnResource(table, column), AccessType.SELECT);
      }
      TablePolicy policy = policy(table, names);
      if (policy.isEmpty()) {
        return;
      }
      String policyApplies =
          policy.rowFilter().isPresent()
              ? "a row filter applies to it for the user (policy "
                  + policy.rowFilter().get().policyId()
                  + ")"
              : "column "
                  + policy.masks().keySet().iterator().next()
                  + " is masked for the user (policy "
                  + policy.masks().values().iterator().next().policyId()
                  + ")";
      throw AccessDenied.because(
          session.user(),
          AccessType.SELECT.rangerName(),
          tableResource(table),
          "its Iceberg metadata tables show its files, partitions and column statistics, and "
              + policyApplies
              + "; only users who read the table unfiltered and unmasked may read them");
    }

    /** The row filter and the masks of a table that the statement reads. */
    TablePolicy policy(QualifiedName table, List<String> columns) {
      Optional<RowFilter> rowFilter = rowFilter(table);
      Map<String, ColumnMask> masks = new LinkedHashMap<>();
      for (String column : columns) {
        mask(table, column).ifPresent(mask -> masks.put(column, mask));
      }
      return new TablePolicy(table, rowFilter, masks);
    }

    /**
     * What the policies do to the table a DML statement changes: UPDATE and DELETE change only the
     * rows the user sees. Where the statement reads a column of that table that is masked, or where
     * a row filter cannot be applied (MERGE), it is refused: the change would depend on values the
     * user may not see.
     */
    Optional<TablePolicy> targetPolicy(
        SqlKind statementKind,
        QualifiedName target,
        ValidatedStatement.Access access,
        Set<String> targetReads) {
      if (statementKind == SqlKind.INSERT) {
        // Ranger's row filters and masks govern reads; INSERT reads nothing of its target.
        return Optional.empty();
      }
      for (RelDataTypeField column : access.tableTypes().get(target).getFieldList()) {
        if (!targetReads.contains(column.getName())) {
          continue;
        }
        Optional<ColumnMask> mask = mask(target, column.getName());
        if (mask.isPresent()) {
          throw AccessDenied.because(
              session.user(),
              AccessType.UPDATE.rangerName(),
              tableResource(target),
              "the statement reads column "
                  + column.getName()
                  + " of the table it changes, which is masked for the user (policy "
                  + mask.get().policyId()
                  + "); only unmasked columns may decide what an UPDATE, DELETE or MERGE changes");
        }
      }
      Optional<RowFilter> rowFilter = rowFilter(target);
      if (rowFilter.isEmpty()) {
        return Optional.empty();
      }
      if (statementKind == SqlKind.MERGE) {
        throw AccessDenied.because(
            session.user(),
            AccessType.UPDATE.rangerName(),
            tableResource(target),
            "a row filter applies to the table (policy "
                + rowFilter.get().policyId()
                + ") and MERGE cannot be limited to the rows it shows; use UPDATE, DELETE and"
                + " INSERT");
      }
      return Optional.of(new TablePolicy(target, rowFilter, Map.of()));
    }

    private Optional<RowFilter> rowFilter(QualifiedName table) {
      Optional<RowFilter> rowFilter =
          accessControl.rowFilter(session.identity(), tableResource(table), session.request());
      rowFilter.ifPresent(filter -> policyIds.add(filter.policyId()));
      return rowFilter;
    }

    private Optional<ColumnMask> mask(QualifiedName table, String column) {
      Optional<ColumnMask> mask =
          accessControl
              .columnMask(session.identity(), columnResource(table, column), session.request())
              .filter(found -> found.type() != ColumnMask.MaskType.MASK_NONE);
      mask.ifPresent(found -> policyIds.add(found.policyId()));
      return mask;
    }
  }
}
