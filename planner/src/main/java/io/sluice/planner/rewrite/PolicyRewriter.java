package io.sluice.planner.rewrite;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.authorize.Authorization;
import io.sluice.planner.authorize.TablePolicy;
import io.sluice.planner.parse.ast.SqlSparkLateralView;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.parse.ast.SqlSparkSample;
import io.sluice.planner.validate.ValidatedStatement;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.Resource;
import io.sluice.spi.QualifiedName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnpivot;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Applies row filters and column masks to the client's tree, in place: each reference to a table
 * with a policy becomes
 *
 * <pre>{@code
 * (SELECT c1, <mask of c2> AS c2, ... FROM catalog.schema.table WHERE <row filter>) AS alias
 * }</pre>
 *
 * with every column of the table in order, so that {@code *} and column names mean what they meant,
 * under the reference's alias or the table's name. The filter sees the raw values; the rest of the
 * statement sees masked values, in its joins, WHERE and GROUP BY too. A table read {@code AS OF} a
 * time is read so inside the subquery. Column names qualified by schema and table ({@code
 * tpch.nation.n_name}) are qualified by the table name alone, which is what names the subquery.
 *
 * <p>UPDATE and DELETE are limited to the rows their target's row filter shows: the filter is added
 * to their condition. Their target is never wrapped; INSERT and MERGE targets neither.
 *
 * <p>Runs after every other change to the tree: its subqueries share compiled policy expressions,
 * which must not change.
 */
public final class PolicyRewriter {
  private static final SqlParserPos POSITION = SqlParserPos.ZERO;

  private final PolicyExpressions expressions;

  public PolicyRewriter(PolicyExpressions expressions) {
    this.expressions = requireNonNull(expressions, "expressions");
  }

  /**
   * Rewrites a statement for a user the authorization applies to.
   *
   * @param statement the client's tree, table names already fully qualified
   * @param snapshotReads the statement's {@link #snapshotReads}
   * @return the statement's root, which is new only when the statement is {@code TABLE t}
   * @throws io.sluice.spi.SluiceException with ACCESS_DENIED when a policy's expression is not
   *     valid or a table reference cannot be wrapped where it stands
   */
  public SqlNode rewrite(
      SqlNode statement,
      ValidatedStatement validated,
      Authorization authorization,
      Set<SqlParserPos> snapshotReads,
      SessionContext session) {
    Map<QualifiedName, Wrapper> wrappers = new HashMap<>();
    for (TablePolicy policy : authorization.readPolicies().values()) {
      wrappers.put(
          policy.table(),
          wrapper(policy, validated.access().tableTypes().get(policy.table()), session));
    }
    Map<SqlParserPos, Wrapper> wrapped = new HashMap<>();
    validated
        .tableReferences()
        .forEach(
            (position, table) -> {
              Wrapper wrapper = wrappers.get(table);
              if (wrapper != null && !validated.access().targets().contains(position)) {
                wrapped.put(position, wrapper);
              }
            });
    // A table read as of a snapshot has the snapshot's columns in Spark, perhaps some dropped
    // since that authorization never saw: it is read through its current columns.
    for (SqlParserPos position : snapshotReads) {
      if (!wrapped.containsKey(position)) {
        QualifiedName table = validated.tableReferences().get(position);
        wrapped.put(
            position,
            new Wrapper(table, currentColumns(validated.access().tableTypes().get(table)), null));
      }
    }
    Walk walk =
        new Walk(wrapped, validated.access().overqualifiedColumns(), wrappers.keySet(), session);
    SqlNode root = statement;
    SqlNode replacement = walk.replacement(statement, null);
    if (replacement != null) {
      root = replacement;
    } else {
      walk.walk(statement);
    }
    if (walk.replaced != wrapped.size()) {
      throw new IllegalStateException(
          "Cannot apply policies to the statement: "
              + wrapped.size()
              + " table references need them, "
              + walk.replaced
              + " were found");
    }
    // After the walk, which finds table references by position and must not look into the filter:
    // its positions are those of the policy's text.
    authorization
        .targetPolicy()
        .ifPresent(
            policy ->
                limitToFilteredRows(
                    statement,
                    expressions.rowFilter(
                        policy.table(),
                        validated.access().tableTypes().get(policy.table()),
                        policy.rowFilter().orElseThrow(),
                        session)));
    return root;
  }

  /** The select list and row filter of a table's subquery, compiled once per statement. */
  private Wrapper wrapper(TablePolicy policy, RelDataType tableType, SessionContext session) {
    QualifiedName table = policy.table();
    SqlNodeList selectList = new SqlNodeList(POSITION);
    for (RelDataTypeField column : tableType.getFieldList()) {
      ColumnMask mask = policy.masks().get(column.getName());
      SqlIdentifier name = MaskExpressions.column(column.getName());
      if (mask == null) {
        selectList.add(name);
        continue;
      }
      SqlNode masked =
          mask.type() == ColumnMask.MaskType.CUSTOM
              ? expressions.customMask(table, tableType, column, mask, session)
              : MaskExpressions.mask(mask.type(), column.getName(), column.getType())
                  .orElseThrow(
                      () ->
                          AccessDenied.because(
                              session.user(),
                              AccessType.SELECT.rangerName(),
                              Resource.column(table.schema(), table.table(), column.getName()),
                              "the column's type has no Spark SQL name, so its mask (policy "
                                  + mask.policyId()
                                  + ") cannot be applied"));
      selectList.add(SqlStdOperatorTable.AS.createCall(POSITION, masked, name));
    }
    SqlNode filter =
        policy
            .rowFilter()
            .map(rowFilter -> expressions.rowFilter(table, tableType, rowFilter, session))
            .orElse(null);
    return new Wrapper(table, selectList, filter);
  }

  /**
   * The positions of the table references that read a table as of a snapshot ({@code VERSION AS
   * OF}, {@code TIMESTAMP AS OF}, a tag), which Spark reads with the snapshot's columns.
   */
  public static Set<SqlParserPos> snapshotReads(SqlNode statement, ValidatedStatement validated) {
    Set<SqlParserPos> positions = new HashSet<>();
    validated
        .variants()
        .forEach(
            (position, variant) -> {
              if (!variant.metadata() && variant.name().startsWith("tag_")) {
                positions.add(position);
              }
            });
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlCall call) {
            if (call.getKind() == SqlKind.SNAPSHOT && call.operand(0) instanceof SqlIdentifier t) {
              positions.add(t.getParserPosition());
            }
            return super.visit(call);
          }
        });
    positions.retainAll(validated.tableReferences().keySet());
    positions.removeAll(validated.access().targets());
    return positions;
  }

  private static SqlNodeList currentColumns(RelDataType tableType) {
    SqlNodeList columns = new SqlNodeList(POSITION);
    for (RelDataTypeField column : tableType.getFieldList()) {
      columns.add(MaskExpressions.column(column.getName()));
    }
    return columns;
  }

  /** {@code SELECT selectList FROM from [WHERE where]}, with no position. */
  public static SqlSelect select(SqlNodeList selectList, SqlNode from, SqlNode where) {
    return select(POSITION, selectList, from, where);
  }

  /** {@code SELECT selectList FROM from [WHERE where]}. */
  public static SqlSelect select(
      SqlParserPos position, SqlNodeList selectList, SqlNode from, SqlNode where) {
    return new SqlSelect(
        position, null, selectList, from, where, null, null, null, null, null, null, null, null);
  }

  private static void limitToFilteredRows(SqlNode statement, SqlNode filter) {
    if (statement instanceof SqlUpdate update) {
      update.setOperand(3, and(update.getCondition(), filter));
    } else if (statement instanceof SqlDelete delete) {
      delete.setOperand(1, and(delete.getCondition(), filter));
    } else {
      throw new IllegalStateException(
          "Cannot limit " + statement.getKind() + " to the rows a row filter shows");
    }
  }

  private static SqlNode and(SqlNode condition, SqlNode filter) {
    return condition == null
        ? filter
        : SqlStdOperatorTable.AND.createCall(POSITION, condition, filter);
  }

  /** One table's subquery parts. */
  private record Wrapper(QualifiedName table, SqlNodeList selectList, SqlNode filter) {
    /** The subquery reading {@code from}: the table's name, or the table AS OF a time. */
    SqlSelect subquery(SqlNode from) {
      return select(selectList, from, filter);
    }

    /**
     * The subquery under the table's own name, as Spark names an unaliased table (a branch or tag
     * by its own name: {@code branch_audit}).
     */
    SqlNode aliased(SqlNode from) {
      SqlNode table = from instanceof SqlCall call ? Walk.sampledOrAsOf(call) : from;
      String name =
          table instanceof SqlIdentifier identifier && identifier.names.size() == 4
              ? identifier.names.get(3)
              : this.table.table();
      return SqlStdOperatorTable.AS.createCall(
          POSITION, subquery(from), new SqlIdentifier(name, POSITION));
    }
  }

  /** One walk over the tree, replacing table references where they stand. */
  private static final class Walk extends NodeReplacer {
    private final Map<SqlParserPos, Wrapper> wrapped;
    private final Map<SqlParserPos, Integer> overqualified;
    private final List<List<String>> wrappedTableNames = new ArrayList<>();
    private final SessionContext session;

    private int replaced;

    Walk(
        Map<SqlParserPos, Wrapper> wrapped,
        Map<SqlParserPos, Integer> overqualified,
        Set<QualifiedName> wrappedTables,
        SessionContext session) {
      this.wrapped = wrapped;
      this.overqualified = overqualified;
      this.session = session;
      for (QualifiedName table : wrappedTables) {
        wrappedTableNames.add(table.parts());
      }
    }

    @Override
    protected void kept(SqlIdentifier identifier) {
      qualifyByTableName(identifier);
    }

    /**
     * What replaces a node under its parent: the subquery for a table reference, or null to keep
     * the node (and look inside it).
     */
    @Override
    protected SqlNode replacement(SqlNode node, SqlNode parent) {
      if (node instanceof SqlIdentifier identifier) {
        Wrapper wrapper = wrapped.get(identifier.getParserPosition());
        return wrapper == null ? null : wrap(wrapper, identifier, parent);
      }
      if (!(node instanceof SqlCall call)) {
        return null;
      }
      if (sampledOrAsOf(call) instanceof SqlIdentifier identifier) {
        Wrapper wrapper = wrapped.get(identifier.getParserPosition());
        // The table as of the time, or its sample, inside the subquery.
        return wrapper == null ? null : wrap(wrapper, call, parent);
      }
      if (call.getKind() == SqlKind.EXPLICIT_TABLE
          && call.operand(0) instanceof SqlIdentifier identifier) {
        Wrapper wrapper = wrapped.get(identifier.getParserPosition());
        if (wrapper == null) {
          return null;
        }
        replaced++;
        visited(identifier);
        return select(
            SqlNodeList.of(SqlIdentifier.star(POSITION)), wrapper.aliased(identifier), null);
      }
      return null;
    }

    /**
     * The table a time travel or a sample reads ({@code t VERSION AS OF 'v' TABLESAMPLE (...)}), or
     * null when the call is neither.
     */
    private static SqlNode sampledOrAsOf(SqlCall call) {
      SqlNode table;
      if (call instanceof SqlSparkSample sample) {
        table = sample.table();
      } else if (call.getKind() == SqlKind.SNAPSHOT) {
        table = call.operand(0);
      } else {
        return null;
      }
      return table instanceof SqlCall inner && sampledOrAsOf(inner) != null
          ? sampledOrAsOf(inner)
          : table;
    }

    private SqlNode wrap(Wrapper wrapper, SqlNode from, SqlNode parent) {
      replaced++;
      visited(from);
      if (parent instanceof SqlCall call && call.getKind() == SqlKind.AS) {
        // The reference's own alias (and column aliases) name the subquery.
        return wrapper.subquery(from);
      }
      if (parent instanceof SqlSelect
          || parent instanceof SqlJoin
          || parent instanceof SqlMerge
          || parent instanceof SqlSparkLateralView
          || parent instanceof SqlSparkMerge
          || parent instanceof SqlUnpivot) {
        return wrapper.aliased(from);
      }
      throw AccessDenied.because(
          session.user(),
          AccessType.SELECT.rangerName(),
          Resource.table(wrapper.table().schema(), wrapper.table().table()),
          "its row filter and masks cannot be applied where the statement reads it ("
              + (parent == null ? "the statement" : parent.getKind().sql)
              + ")");
    }

    /**
     * {@code tpch.nation.n_name} names a column of the table {@code tpch.nation}; once the table is
     * a subquery named {@code nation}, it is {@code nation.n_name}. Likewise {@code tpch.nation.*}.
     */
    private void qualifyByTableName(SqlIdentifier identifier) {
      Integer extraNames = overqualified.get(identifier.getParserPosition());
      if (extraNames != null && extraNames < identifier.names.size()) {
        identifier.setNames(
            new ArrayList<>(identifier.names.subList(extraNames, identifier.names.size())), null);
        return;
      }
      if (identifier.isStar() && identifier.names.size() > 2) {
        List<String> prefix = identifier.names.subList(0, identifier.names.size() - 1);
        for (List<String> table : wrappedTableNames) {
          if (endsWith(table, prefix)) {
            identifier.setNames(List.of(table.get(2), ""), null);
            return;
          }
        }
      }
    }

    private static boolean endsWith(List<String> qualified, List<String> written) {
      int offset = qualified.size() - written.size();
      if (offset < 0) {
        return false;
      }
      for (int index = 0; index < written.size(); index++) {
        if (!qualified.get(offset + index).equals(written.get(index).toLowerCase(Locale.ROOT))) {
          return false;
        }
      }
      return true;
    }
  }

  /**
   * Sets an operand of a call, checking that the call took it: a table reference left in place
   * would be read as it is.
   */
  public static void replaceOperand(SqlCall call, int index, SqlNode operand, SqlNode replacement) {
    if (call instanceof SqlSelect select && select.getFrom() == operand) {
      select.setFrom(replacement);
    } else if (call instanceof SqlJoin join && join.getLeft() == operand) {
      join.setLeft(replacement);
    } else if (call instanceof SqlJoin join && join.getRight() == operand) {
      join.setRight(replacement);
    } else if (call instanceof SqlMerge merge && merge.getSourceTableRef() == operand) {
      merge.setSourceTableRef(replacement);
    } else {
      call.setOperand(index, replacement);
    }
    if (!call.getOperandList().contains(replacement)) {
      throw new IllegalStateException(
          "Cannot apply policies in "
              + call.getClass().getSimpleName()
              + ": its operand "
              + index
              + " cannot be set");
    }
  }
}
