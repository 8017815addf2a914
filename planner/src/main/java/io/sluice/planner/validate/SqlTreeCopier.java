package io.sluice.planner.validate;

import io.sluice.planner.parse.SparkFirstAndLast;
import io.sluice.planner.parse.ast.SqlMergeClause;
import io.sluice.planner.parse.ast.SqlSparkHint;
import io.sluice.planner.parse.ast.SqlSparkInlineTable;
import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.parse.ast.SqlSparkLateralView;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.parse.ast.SqlSparkOrderBy;
import io.sluice.planner.parse.ast.SqlSparkSample;
import io.sluice.planner.parse.ast.SqlSparkTimeTravel;
import io.sluice.planner.rewrite.PolicyRewriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlShuttle;
import org.apache.calcite.util.TimestampString;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Copies a parse tree so that validation, which rewrites the tree it validates in place (it
 * qualifies identifiers, adds aliases, resolves functions), leaves the client's tree untouched for
 * unparsing. Every call, list and identifier is new; literals, type specs and interval qualifiers
 * are immutable and shared. On the way, Spark type names in CAST become Calcite types, and Spark's
 * {@code first(x)} and {@code last(x)}, which Calcite's grammar reads as MATCH_RECOGNIZE's {@code
 * FIRST(x, 0)}, become Spark's aggregates.
 *
 * <p>{@link SqlNode#clone} is not enough: it copies one level and shares the operands.
 */
final class SqlTreeCopier extends SqlShuttle {
  private static final SqlTreeCopier INSTANCE = new SqlTreeCopier();

  private SqlTreeCopier() {}

  /** A deep copy of the statement, ready to validate. */
  static SqlNode copyForValidation(SqlNode statement) {
    return statement.accept(INSTANCE);
  }

  @Override
  public SqlNode visit(SqlCall call) {
    SqlNode spark = sparkForm(call);
    if (spark != null) {
      return spark;
    }
    List<@Nullable SqlNode> operands = call.getOperandList();
    @Nullable SqlNode[] copies = new SqlNode[operands.size()];
    for (int index = 0; index < copies.length; index++) {
      SqlNode operand = operands.get(index);
      copies[index] = operand == null ? null : operand.accept(this);
    }
    SqlCall copy = copyOf(call, copies);
    if (copy.getClass() != call.getClass()) {
      // The operator rebuilt a different kind of node; validating it would check something other
      // than what the client sent.
      throw new IllegalStateException(
          "Cannot copy "
              + call.getClass().getSimpleName()
              + " for validation: its operator creates "
              + copy.getClass().getSimpleName());
    }
    return copy;
  }

  /**
   * Spark's query forms, as Calcite validates them: time travel as Calcite's snapshot of the table
   * (a version as a timestamp, which types the same); a sample as the table it samples; a lateral
   * view as a lateral join with the generator as a table function; CLUSTER, DISTRIBUTE and SORT BY
   * as ORDER BY all their keys. Null for any other call.
   */
  private @Nullable SqlNode sparkForm(SqlCall call) {
    SqlParserPos pos = call.getParserPosition();
    if (call instanceof SqlSparkTimeTravel travel) {
      SqlNode point =
          travel.version
              ? SqlLiteral.createTimestamp(
                  SqlTypeName.TIMESTAMP, new TimestampString(1970, 1, 1, 0, 0, 0), 0, pos)
              : SqlStdOperatorTable.CAST.createCall(
                  pos,
                  travel.getPeriod().accept(this),
                  new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.TIMESTAMP, pos), pos));
      return new SqlSnapshot(pos, travel.getTableRef().accept(this), point);
    }
    if (call instanceof SqlSparkSample sample) {
      return sample.table().accept(this);
    }
    if (call instanceof SqlSparkLateralView view) {
      List<SqlNode> named = new ArrayList<>();
      named.add(
          SqlStdOperatorTable.LATERAL.createCall(
              pos,
              SqlStdOperatorTable.COLLECTION_TABLE.createCall(pos, view.generator().accept(this))));
      named.add(view.alias.clone(view.alias.getParserPosition()));
      for (SqlNode column : view.columns) {
        named.add(column.accept(this));
      }
      return new SqlJoin(
          pos,
          view.left().accept(this),
          SqlLiteral.createBoolean(false, pos),
          JoinType.COMMA.symbol(pos),
          SqlStdOperatorTable.AS.createCall(view.alias.getParserPosition(), named),
          JoinConditionType.NONE.symbol(pos),
          null);
    }
    if (call instanceof SqlSparkOrderBy orderBy) {
      return new SqlOrderBy(
          pos,
          orderBy.query.accept(this),
          (SqlNodeList) orderBy.keys().accept(this),
          orderBy.offset == null ? null : orderBy.offset.accept(this),
          orderBy.fetch == null ? null : orderBy.fetch.accept(this));
    }
    if (call instanceof SqlSparkInlineTable values) {
      List<SqlNode> rows = new ArrayList<>();
      for (SqlNode row : values.getOperandList()) {
        rows.add(row.accept(this));
      }
      return SqlStdOperatorTable.VALUES.createCall(pos, rows);
    }
    if (call instanceof SqlSparkMerge merge) {
      return mergeAsSelect(merge, pos);
    }
    if (call instanceof SqlSparkHint hint) {
      return new SqlSparkHint(
          pos, new SqlIdentifier(hint.getName(), pos), (SqlNodeList) hint.arguments().accept(this));
    }
    if (call.operandCount() == 0 && call.getOperator().getName().equalsIgnoreCase("GROUPING_ID")) {
      // Spark's grouping_id() of all the grouping keys, a bigint; Calcite's names its arguments.
      return SqlStdOperatorTable.CAST.createCall(
          pos,
          SqlLiteral.createExactNumeric("0", pos),
          new SqlDataTypeSpec(new SqlBasicTypeNameSpec(SqlTypeName.BIGINT, pos), pos));
    }
    return null;
  }

  /**
   * Spark's MERGE, which Calcite's MERGE does not express (clauses with conditions, DELETE, NOT
   * MATCHED BY SOURCE, several of a kind), as the query that reads what it reads: every clause's
   * condition and value over the target FULL JOIN the source on the merge condition, the target
   * first. The target's columns that clauses assign are selected through the target's name, with no
   * position: they are checked, and written rather than read.
   */
  private SqlNode mergeAsSelect(SqlSparkMerge merge, SqlParserPos pos) {
    String targetName =
        merge.alias != null
            ? merge.alias.getSimple()
            : merge.target.names.get(merge.target.names.size() - 1);
    SqlNode target = merge.target.accept(this);
    if (merge.alias != null) {
      target =
          SqlStdOperatorTable.AS.createCall(
              merge.alias.getParserPosition(),
              target,
              merge.alias.clone(merge.alias.getParserPosition()));
    }
    List<SqlNode> items = new ArrayList<>();
    for (SqlNode node : merge.clauses) {
      SqlMergeClause clause = (SqlMergeClause) node;
      if (clause.action == SqlMergeClause.Action.UPDATE_ALL
          || clause.action == SqlMergeClause.Action.INSERT_ALL) {
        throw new IllegalStateException("MERGE with * reached validation unexpanded");
      }
      if (clause.condition != null) {
        items.add(clause.condition.accept(this));
      }
      if (clause.columns != null) {
        for (SqlNode column : clause.columns) {
          List<String> names = ((SqlIdentifier) column).names;
          if (names.size() > 1 && names.get(0).equalsIgnoreCase(targetName)) {
            names = names.subList(1, names.size());
          }
          List<String> qualified = new ArrayList<>();
          qualified.add(targetName);
          qualified.addAll(names);
          items.add(new SqlIdentifier(qualified, SqlParserPos.ZERO));
        }
      }
      if (clause.values != null) {
        for (SqlNode value : clause.values) {
          items.add(value.accept(this));
        }
      }
    }
    if (items.isEmpty()) {
      items.add(SqlLiteral.createExactNumeric("1", pos));
    }
    SqlNode join =
        new SqlJoin(
            pos,
            target,
            SqlLiteral.createBoolean(false, pos),
            JoinType.FULL.symbol(pos),
            merge.source().accept(this),
            JoinConditionType.ON.symbol(pos),
            merge.condition.accept(this));
    return PolicyRewriter.select(pos, new SqlNodeList(items, pos), join, null);
  }

  private static SqlCall copyOf(SqlCall call, @Nullable SqlNode[] operands) {
    if (call instanceof SqlSparkInsert insert) {
      // Spark's INSERT (OVERWRITE, PARTITION) validates as an INSERT; its operator builds
      // Calcite's.
      return insert.copy(call.getParserPosition(), operands);
    }
    if (SparkFirstAndLast.isAggregate(call)) {
      SqlOperator aggregate =
          call.getOperator() == SqlStdOperatorTable.FIRST
              ? SparkOperatorTable.FIRST
              : SparkOperatorTable.LAST;
      return aggregate.createCall(
          call.getFunctionQuantifier(), call.getParserPosition(), operands[0]);
    }
    return call.getOperator()
        .createCall(call.getFunctionQuantifier(), call.getParserPosition(), operands);
  }

  @Override
  public SqlNode visit(SqlNodeList list) {
    List<@Nullable SqlNode> copies = new ArrayList<>(list.size());
    for (SqlNode node : list) {
      copies.add(node == null ? null : node.accept(this));
    }
    return SqlNodeList.of(list.getParserPosition(), copies);
  }

  @Override
  public SqlNode visit(SqlIdentifier identifier) {
    return identifier.clone(identifier.getParserPosition());
  }

  @Override
  public SqlNode visit(SqlDataTypeSpec type) {
    return SparkTypeNames.toCalcite(type);
  }

  @Override
  public SqlNode visit(SqlLiteral literal) {
    return literal;
  }

  @Override
  public SqlNode visit(SqlDynamicParam parameter) {
    return parameter;
  }

  @Override
  public SqlNode visit(SqlIntervalQualifier qualifier) {
    return qualifier;
  }
}
