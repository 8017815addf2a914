package io.sluice.planner.validate;

import io.sluice.planner.parse.SparkFirstAndLast;
import io.sluice.planner.parse.ast.SparkOperators;
import io.sluice.planner.parse.ast.SqlMergeClause;
import io.sluice.planner.parse.ast.SqlSparkGeneratorAlias;
import io.sluice.planner.parse.ast.SqlSparkHint;
import io.sluice.planner.parse.ast.SqlSparkInlineTable;
import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.parse.ast.SqlSparkLateralView;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.parse.ast.SqlSparkOrderBy;
import io.sluice.planner.parse.ast.SqlSparkSample;
import io.sluice.planner.parse.ast.SqlSparkTimeTravel;
import io.sluice.planner.parse.ast.SqlSparkUnpivot;
import io.sluice.planner.rewrite.PolicyRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.SqlUnresolvedFunction;
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

  /** The name of the table a generator in a select list makes, in the validator's copy. */
  private static final String GENERATOR_ALIAS = "sluice_generator";

  /** The name of REPLACE WHERE's query, in the validator's copy. */
  static final String REPLACING_ROWS_ALIAS = "sluice_replacing_rows";

  /**
   * Names the validator's copy adds; a client's name equal to one could resolve to Sluice's
   * relation in the copy and to another in Spark, so it is refused.
   */
  private static final List<String> RESERVED_NAMES = List.of(GENERATOR_ALIAS, REPLACING_ROWS_ALIAS);

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
    if (copy instanceof SqlSelect select) {
      generatorInSelectList(select);
    }
    return copy;
  }

  /**
   * Spark's generator in a select list, {@code SELECT a, explode(b) AS x FROM t} or {@code SELECT
   * stack(2, ...) AS (k, v)}, as the lateral table function it stands for: {@code SELECT a, g.x
   * FROM t, LATERAL TABLE(explode(b)) AS g (x)}. The generator's columns have no position: they
   * read nothing of the client's; its arguments keep theirs.
   */
  private static void generatorInSelectList(SqlSelect select) {
    SqlNodeList items = select.getSelectList();
    int found = -1;
    for (int index = 0; index < items.size(); index++) {
      if (generatorOf(items.get(index)) != null) {
        if (found >= 0) {
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Cannot validate statement: a select list may call one generator (explode, "
                  + "posexplode, inline, stack, json_tuple), and "
                  + items.get(found)
                  + " and "
                  + items.get(index)
                  + " are two; use LATERAL VIEW for the second");
        }
        found = index;
      }
    }
    if (found < 0) {
      return;
    }
    SqlNode item = items.get(found);
    SqlCall generator = generatorOf(item);
    if (select.getGroup() != null || select.getHaving() != null) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot validate statement: Sluice does not analyze a generator ("
              + generator.getOperator().getName()
              + ") in the select list of a grouped query; group in a subquery and call the"
              + " generator over its result");
    }
    List<SqlNode> columns = new ArrayList<>();
    if (item instanceof SqlSparkGeneratorAlias aliased) {
      columns.addAll(aliased.aliases().getList());
    } else if (item.getKind() == SqlKind.AS) {
      columns.add(((SqlCall) item).operand(1));
    }
    SqlParserPos none = SqlParserPos.ZERO;
    List<SqlNode> named = new ArrayList<>();
    SqlCall table =
        new SqlUnresolvedFunction(
                new SqlIdentifier(generator.getOperator().getName(), none),
                null,
                null,
                null,
                null,
                SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION)
            .createCall(generator.getParserPosition(), generator.getOperandList());
    SqlNode from = select.getFrom();
    named.add(
        from == null
            ? SqlStdOperatorTable.COLLECTION_TABLE.createCall(none, table)
            : SqlStdOperatorTable.LATERAL.createCall(
                none, SqlStdOperatorTable.COLLECTION_TABLE.createCall(none, table)));
    named.add(new SqlIdentifier(GENERATOR_ALIAS, none));
    for (SqlNode column : columns) {
      named.add(new SqlIdentifier(((SqlIdentifier) column).getSimple(), none));
    }
    SqlNode lateral = SqlStdOperatorTable.AS.createCall(none, named);
    select.setFrom(
        from == null
            ? lateral
            : new SqlJoin(
                none,
                from,
                SqlLiteral.createBoolean(false, none),
                JoinType.COMMA.symbol(none),
                lateral,
                JoinConditionType.NONE.symbol(none),
                null));
    List<SqlNode> replacement = new ArrayList<>();
    if (columns.isEmpty()) {
      replacement.add(new SqlIdentifier(List.of(GENERATOR_ALIAS, ""), none));
    } else {
      for (SqlNode column : columns) {
        replacement.add(
            new SqlIdentifier(
                List.of(GENERATOR_ALIAS, ((SqlIdentifier) column).getSimple()), none));
      }
    }
    List<SqlNode> list = new ArrayList<>(items.getList());
    list.remove(found);
    list.addAll(found, replacement);
    select.setSelectList(new SqlNodeList(list, items.getParserPosition()));
  }

  /** The generator an item of a select list calls, with or without aliases; else null. */
  private static @Nullable SqlCall generatorOf(SqlNode item) {
    SqlNode expression = item;
    if (item instanceof SqlSparkGeneratorAlias aliased) {
      expression = aliased.generator();
    } else if (item.getKind() == SqlKind.AS) {
      expression = ((SqlCall) item).operand(0);
    }
    if (expression instanceof SqlCall call
        && !(call.getOperator() instanceof SqlTableFunction)
        && call.getOperator() instanceof SqlFunction function
        && function.getFunctionType() != SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION
        && (function.getSqlIdentifier() == null || function.getSqlIdentifier().isSimple())
        && SparkTableFunctions.isGenerator(function.getName())) {
      return call;
    }
    if (item instanceof SqlSparkGeneratorAlias aliased) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot validate statement: only a generator (explode, posexplode, inline, stack,"
              + " json_tuple) takes a list of aliases, and "
              + aliased.generator()
              + " is none");
    }
    return null;
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
    if (call.getOperator() instanceof SparkOperators.QuantifiedLike like) {
      // x LIKE ANY (a, b) reads as x LIKE a OR x LIKE b; ALL with AND.
      SqlNode value = call.operand(0);
      SqlNode result = null;
      for (SqlNode pattern : (SqlNodeList) call.operand(1)) {
        SqlNode match = like.single().createCall(pos, value.accept(this), pattern.accept(this));
        result =
            result == null
                ? match
                : (like.all ? SqlStdOperatorTable.AND : SqlStdOperatorTable.OR)
                    .createCall(pos, result, match);
      }
      return result;
    }
    if (call instanceof SqlSparkUnpivot unpivot) {
      return unpivot.asCalcite(
          unpivot.query.accept(this),
          (SqlNodeList) unpivot.measureList.accept(this),
          (SqlNodeList) unpivot.axisList.accept(this),
          (SqlNodeList) unpivot.inList.accept(this));
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
    if (identifier.getParserPosition().getLineNum() > 0) {
      for (String name : identifier.names) {
        if (RESERVED_NAMES.stream().anyMatch(name::equalsIgnoreCase)) {
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Cannot validate statement: '"
                  + name
                  + "' is a name Sluice uses in its analysis of statements; rename it");
        }
      }
    }
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
