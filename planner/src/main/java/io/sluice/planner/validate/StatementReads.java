package io.sluice.planner.validate;

import io.sluice.planner.parse.ast.SqlMergeClause;
import io.sluice.planner.parse.ast.SqlSparkGeneratorAlias;
import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.parse.ast.SqlSparkLateralView;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.parse.ast.SqlSparkOrderBy;
import io.sluice.planner.parse.ast.SqlSparkSample;
import io.sluice.spi.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUnpivot;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWindow;
import org.apache.calcite.sql.SqlWith;
import org.apache.calcite.sql.SqlWithItem;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;

/**
 * Which columns of which table references a statement reads, for authorization; and what in it
 * Sluice cannot attribute, which makes the statement one that only super-users may run.
 *
 * <p>The walk goes over the client's own tree, every name in an expression position: each must be
 * one the validator resolved (recorded in {@link ColumnResolutions}), a select-list alias where
 * Spark reads it as one too, or a function written without parentheses. A name the validator
 * replaced without resolving it as a column, or a construct the walk does not know, is reported
 * rather than guessed at: a read Sluice does not see is a read it does not authorize.
 *
 * <p>What the validator does not resolve name by name is added here: {@code JOIN ... USING} and
 * {@code NATURAL JOIN} read the common columns on both sides, {@code TABLE t} reads every column.
 */
final class StatementReads {
  private final SparkSqlValidator validator;
  private final TableReferences.Found found;
  private final ColumnResolutions resolutions;
  private final Set<SqlParserPos> functions;
  private final List<String> unanalyzable = new ArrayList<>();

  /** The parser shares some nodes, e.g. MERGE's target with its UPDATE; visit each once. */
  private final Set<SqlNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private StatementReads(
      SparkSqlValidator validator,
      TableReferences.Found found,
      ColumnResolutions resolutions,
      Set<SqlParserPos> functions) {
    this.validator = validator;
    this.found = found;
    this.resolutions = resolutions;
    this.functions = functions;
  }

  /**
   * Analyzes a statement.
   *
   * @param statement the client's tree (not the validated copy)
   * @param validator the validator that validated the copy
   * @param found the table references and namespaces of the validated copy
   * @param functions the positions of names that stand for the session user's function
   */
  static Result analyze(
      SqlNode statement,
      SparkSqlValidator validator,
      TableReferences.Found found,
      Set<SqlParserPos> functions) {
    ColumnResolutions resolutions = validator.columnResolutions();
    StatementReads reads = new StatementReads(validator, found, resolutions, functions);
    reads.statement(statement);
    reads.functionsNamedLikeColumns();
    // What the walk found first: it names the construct, the resolutions only its columns.
    List<String> unanalyzable = new ArrayList<>(reads.unanalyzable);
    unanalyzable.addAll(resolutions.unattributable());
    return new Result(resolutions.reads(), resolutions.overqualified(), unanalyzable);
  }

  /**
   * @param reads the columns read, by the position of the table reference they are read from (a
   *     reference that reads no column, as in {@code count(*)}, has no entry)
   * @param overqualified column names qualified by schema and table, by position, with how many
   *     leading name parts a subquery alias cannot have
   * @param unanalyzable why parts of the statement cannot be attributed; empty when every read is
   *     known
   */
  record Result(
      Map<SqlParserPos, Set<String>> reads,
      Map<SqlParserPos, Integer> overqualified,
      List<String> unanalyzable) {}

  private void statement(SqlNode statement) {
    if (statement instanceof SqlSparkMerge merge) {
      target(merge.target);
      fromItem(merge.source());
      expression(merge.condition);
      for (SqlNode node : merge.clauses) {
        SqlMergeClause clause = (SqlMergeClause) node;
        expression(clause.condition);
        // The columns a clause assigns are written, not read.
        expression(clause.values);
      }
      return;
    }
    switch (statement.getKind()) {
      case INSERT -> {
        SqlInsert insert = (SqlInsert) statement;
        target(insert.getTargetTable());
        query(insert.getSource());
        if (insert instanceof SqlSparkInsert spark) {
          // REPLACE WHERE's condition reads the target's columns.
          expression(spark.replaceWhere());
        }
      }
      case UPDATE -> update((SqlUpdate) statement);
      case DELETE -> {
        SqlDelete delete = (SqlDelete) statement;
        target(delete.getTargetTable());
        expression(delete.getCondition());
      }
      case MERGE -> {
        SqlMerge merge = (SqlMerge) statement;
        target(merge.getTargetTable());
        fromItem(merge.getSourceTableRef());
        expression(merge.getCondition());
        if (merge.getUpdateCall() != null) {
          update(merge.getUpdateCall());
        }
        if (merge.getInsertCall() != null) {
          query(merge.getInsertCall().getSource());
        }
      }
      default -> query(statement);
    }
  }

  private void update(SqlUpdate update) {
    target(update.getTargetTable());
    // The target columns are written, not read.
    for (SqlNode expression : update.getSourceExpressionList()) {
      expression(expression);
    }
    expression(update.getCondition());
  }

  private void target(SqlNode target) {
    if (!(target instanceof SqlIdentifier identifier)
        || !found.targets().contains(identifier.getParserPosition())) {
      unsupported("the target of the statement", target);
    }
  }

  private void query(SqlNode node) {
    if (node == null || !visited.add(node)) {
      return;
    }
    switch (node.getKind()) {
      case SELECT -> select((SqlSelect) node);
      case ORDER_BY -> {
        SqlOrderBy orderBy = (SqlOrderBy) node;
        query(orderBy.query);
        // Resolved against the query's columns, as Spark does.
        for (SqlNode item :
            orderBy instanceof SqlSparkOrderBy spark ? spark.keys() : orderBy.orderList) {
          expression(item);
        }
        expression(orderBy.offset);
        expression(orderBy.fetch);
      }
      case UNION, INTERSECT, EXCEPT -> {
        for (SqlNode operand : ((SqlCall) node).getOperandList()) {
          query(operand);
        }
      }
      case WITH -> {
        SqlWith with = (SqlWith) node;
        for (SqlNode item : with.withList) {
          query(((SqlWithItem) item).query);
        }
        query(with.body);
      }
      case VALUES -> {
        for (SqlNode row : ((SqlCall) node).getOperandList()) {
          expression(row);
        }
      }
      case EXPLICIT_TABLE -> {
        SqlNode table = ((SqlCall) node).operand(0);
        if (table instanceof SqlIdentifier identifier) {
          readsEveryColumn(identifier);
        } else {
          unsupported("TABLE", node);
        }
      }
      default -> unsupported(node.getKind().sql, node);
    }
  }

  private void select(SqlSelect select) {
    fromItem(select.getFrom());
    List<String> aliases = new ArrayList<>();
    for (SqlNode item : select.getSelectList()) {
      if (item instanceof SqlSparkGeneratorAlias generator) {
        for (SqlNode alias : generator.aliases()) {
          aliases.add(((SqlIdentifier) alias).getSimple());
        }
        expression(generator.generator());
      } else if (item.getKind() == SqlKind.AS) {
        aliases.add(((SqlIdentifier) ((SqlCall) item).operand(1)).getSimple());
        expression(((SqlCall) item).operand(0));
      } else {
        if (item instanceof SqlIdentifier identifier && !identifier.isStar()) {
          aliases.add(identifier.names.get(identifier.names.size() - 1));
        }
        expression(item);
      }
    }
    expression(select.getWhere());
    if (select.getGroup() != null) {
      for (SqlNode item : select.getGroup()) {
        aliasOrExpression(item, select, aliases, false);
      }
    }
    if (select.getHaving() != null) {
      aliasOrExpression(select.getHaving(), select, aliases, false);
    }
    if (select.getWindowList() != null) {
      for (SqlNode window : select.getWindowList()) {
        window((SqlWindow) window);
      }
    }
    expression(select.getQualify());
    if (select.getOrderList() != null) {
      for (SqlNode item : select.getOrderList()) {
        aliasOrExpression(item, select, aliases, true);
      }
    }
    expression(select.getOffset());
    expression(select.getFetch());
  }

  private void fromItem(SqlNode node) {
    if (node == null || !visited.add(node)) {
      return;
    }
    if (node instanceof SqlSparkLateralView view) {
      fromItem(view.left());
      // The generator's arguments read columns of the left side.
      expression(view.generator());
      return;
    }
    if (node instanceof SqlSparkSample sample) {
      fromItem(sample.table());
      return;
    }
    switch (node.getKind()) {
      case IDENTIFIER -> {
        if (!found.fromItemTypes().containsKey(node.getParserPosition())) {
          unsupported("the table reference", node);
        }
      }
      case AS -> fromItem(((SqlCall) node).operand(0));
      case JOIN -> {
        SqlJoin join = (SqlJoin) node;
        fromItem(join.getLeft());
        fromItem(join.getRight());
        if (join.isNatural()) {
          naturalJoin(join);
        } else if (join.getConditionType() == JoinConditionType.USING) {
          for (SqlNode column : (SqlNodeList) join.getCondition()) {
            commonColumn(join, ((SqlIdentifier) column).getSimple());
          }
        } else {
          expression(join.getCondition());
        }
      }
      case SNAPSHOT -> {
        fromItem(((SqlCall) node).operand(0));
        expression(((SqlCall) node).operand(1));
      }
      case UNPIVOT -> {
        // Every column of the relation it unpivots is read: the IN list's become its values, the
        // others pass through.
        SqlNode source = ((SqlUnpivot) node).query;
        fromItem(source);
        SqlNode table = source;
        while (true) {
          if (table instanceof SqlSparkSample sample) {
            table = sample.table();
          } else if (table.getKind() == SqlKind.AS || table.getKind() == SqlKind.SNAPSHOT) {
            // An alias, or time travel: the table is the first operand.
            table = ((SqlCall) table).operand(0);
          } else {
            break;
          }
        }
        if (table instanceof SqlIdentifier identifier) {
          readsEveryColumn(identifier);
        } else if (!table.getKind().belongsTo(SqlKind.QUERY)) {
          // A subquery's own walk records its reads; anything else is not analyzed here.
          unsupported("UNPIVOT over " + table.getKind().sql, node);
        }
      }
      case LATERAL -> query(((SqlCall) node).operand(0));
      case COLLECTION_TABLE -> expression(((SqlCall) node).operand(0));
      case SELECT, ORDER_BY, UNION, INTERSECT, EXCEPT, WITH, VALUES, EXPLICIT_TABLE -> {
        visited.remove(node);
        query(node);
      }
      default -> unsupported(node.getKind().sql + " in FROM", node);
    }
  }

  /**
   * A GROUP BY, HAVING or ORDER BY item, whose names may be select-list aliases: Calcite reads a
   * name as the alias first. So does Spark in ORDER BY; in GROUP BY and HAVING Spark reads a column
   * of that name first, so there the alias is certain only where no column has that name.
   */
  private void aliasOrExpression(
      SqlNode item, SqlSelect select, List<String> aliases, boolean orderBy) {
    expression(item, new Aliases(select, aliases, orderBy));
  }

  private void expression(SqlNode node) {
    expression(node, null);
  }

  /**
   * @param aliases the select-list aliases the expression may name, or null where it names none
   */
  private void expression(SqlNode node, Aliases aliases) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlIdentifier identifier) {
      if (identifier.isStar() || isResolved(identifier)) {
        return;
      }
      if (aliases != null && identifier.isSimple() && aliases.contains(identifier.getSimple())) {
        if (!aliases.orderBy() && isColumnOfFrom(aliases.select(), identifier.getSimple())) {
          unanalyzable.add(
              "'"
                  + identifier.getSimple()
                  + "' ("
                  + ColumnResolutions.describe(identifier.getParserPosition())
                  + ") is both a select-list alias and a column; rename the alias or qualify the"
                  + " column with its table");
        }
        return;
      }
      unanalyzable.add(
          "cannot tell what '"
              + identifier
              + "' ("
              + ColumnResolutions.describe(identifier.getParserPosition())
              + ") refers to");
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode element : list) {
        expression(element, aliases);
      }
      return;
    }
    if (!(node instanceof SqlCall call) || !visited.add(node)) {
      return;
    }
    switch (call.getKind()) {
      case SELECT, ORDER_BY, UNION, INTERSECT, EXCEPT, WITH, VALUES, EXPLICIT_TABLE -> {
        visited.remove(node);
        query(node);
      }
      case AS -> expression(call.operand(0), aliases);
      case OVER -> {
        expression(call.operand(0), aliases);
        if (call.operand(1) instanceof SqlWindow window) {
          window(window);
        }
        // Otherwise the name of a window declared in the query.
      }
      case WINDOW -> window((SqlWindow) call);
      case LAMBDA -> expression(call.operand(1), aliases);
      case ARGUMENT_ASSIGNMENT, DOT -> expression(call.operand(0), aliases);
      default -> {
        for (SqlNode operand : call.getOperandList()) {
          if (operand instanceof SqlIdentifier
              || operand instanceof SqlCall
              || operand instanceof SqlNodeList) {
            expression(operand, aliases);
          }
        }
      }
    }
  }

  /** The select-list aliases a GROUP BY, HAVING or ORDER BY item may name. */
  private record Aliases(SqlSelect select, List<String> names, boolean orderBy) {
    boolean contains(String name) {
      for (String candidate : names) {
        if (candidate.equalsIgnoreCase(name)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Calcite reads {@code current_date} and the like as the function always; Spark 3.5 reads such a
   * name as a column when there is one, and as the function otherwise. Where a table of the
   * statement has a column of that name, which one Spark reads is not certain.
   */
  private void functionsNamedLikeColumns() {
    for (SqlIdentifier function : resolutions.functions()) {
      for (Map.Entry<QualifiedName, RelDataType> table : found.tableTypes().entrySet()) {
        if (table.getValue().getField(function.getSimple(), false, false) != null) {
          unanalyzable.add(
              "'"
                  + function.getSimple()
                  + "' ("
                  + ColumnResolutions.describe(function.getParserPosition())
                  + ") is both a function and a column of "
                  + table.getKey()
                  + "; write the function with parentheses or qualify the column with its table");
          break;
        }
      }
    }
  }

  private void window(SqlWindow window) {
    expression(window.getPartitionList());
    expression(window.getOrderList());
    expression(window.getLowerBound());
    expression(window.getUpperBound());
  }

  private boolean isResolved(SqlIdentifier identifier) {
    SqlParserPos position = identifier.getParserPosition();
    return functions.contains(position) || resolutions.isResolved(position);
  }

  /** {@code TABLE t}: every column of the table is read. */
  private void readsEveryColumn(SqlIdentifier identifier) {
    SqlParserPos position = identifier.getParserPosition();
    QualifiedName table = found.references().get(position);
    if (table == null) {
      // A CTE: its own query reads what it reads.
      if (!found.fromItemTypes().containsKey(position)) {
        unsupported("TABLE", identifier);
      }
      return;
    }
    for (RelDataTypeField field : found.tableTypes().get(table).getFieldList()) {
      resolutions.recordRead(position, field.getName());
    }
  }

  private void naturalJoin(SqlJoin join) {
    Set<String> left = columnNames(join.getLeft());
    Set<String> right = columnNames(join.getRight());
    if (left == null || right == null) {
      unsupported("NATURAL JOIN", join);
      return;
    }
    left.retainAll(right);
    for (String column : left) {
      commonColumn(join, column);
    }
  }

  /** A join column named in USING or common to a NATURAL join's sides: read on both sides. */
  private void commonColumn(SqlJoin join, String column) {
    for (SqlNode side : List.of(join.getLeft(), join.getRight())) {
      if (!readFromTables(side, column)) {
        unsupported("JOIN ... USING", join);
      }
    }
  }

  /**
   * Records a read of the column from each table among a join side's FROM items that has it.
   *
   * @return false when the side holds something whose columns are not known
   */
  private boolean readFromTables(SqlNode side, String column) {
    switch (side.getKind()) {
      case AS:
        SqlCall as = (SqlCall) side;
        if (as.operandCount() > 2) {
          // A column list renames the item's columns: find the column by its place.
          List<SqlNode> names = as.getOperandList().subList(2, as.operandCount());
          for (int index = 0; index < names.size(); index++) {
            if (((SqlIdentifier) names.get(index)).getSimple().equalsIgnoreCase(column)) {
              return readFromTables(as.operand(0), index);
            }
          }
          return true;
        }
        return readFromTables(as.operand(0), column);
      case SNAPSHOT:
        return readFromTables(((SqlCall) side).operand(0), column);
      case JOIN:
        SqlJoin join = (SqlJoin) side;
        return readFromTables(join.getLeft(), column) && readFromTables(join.getRight(), column);
      case IDENTIFIER:
        QualifiedName table = found.references().get(side.getParserPosition());
        if (table != null) {
          RelDataTypeField field = found.tableTypes().get(table).getField(column, false, false);
          if (field != null) {
            resolutions.recordRead(side.getParserPosition(), field.getName());
          }
          return true;
        }
        // A CTE: its query reads what it reads.
        return found.fromItemTypes().containsKey(side.getParserPosition());
      default:
        // A subquery: its query reads what it reads.
        return found.fromItemTypes().containsKey(side.getParserPosition());
    }
  }

  /** Records a read of a column, by its place, of a table renamed by a column list. */
  private boolean readFromTables(SqlNode item, int index) {
    SqlNode table = item.getKind() == SqlKind.SNAPSHOT ? ((SqlCall) item).operand(0) : item;
    QualifiedName name = found.references().get(table.getParserPosition());
    if (table instanceof SqlIdentifier && name != null) {
      List<RelDataTypeField> fields = found.tableTypes().get(name).getFieldList();
      if (index >= fields.size()) {
        return false;
      }
      resolutions.recordRead(table.getParserPosition(), fields.get(index).getName());
      return true;
    }
    // A subquery or a CTE: its query reads what it reads.
    return found.fromItemTypes().containsKey(item.getParserPosition());
  }

  /** The columns a join side offers, in lower case; null when they are not known. */
  private Set<String> columnNames(SqlNode side) {
    switch (side.getKind()) {
      case AS:
        SqlCall as = (SqlCall) side;
        if (as.operandCount() > 2) {
          Set<String> names = new TreeSet<>();
          for (SqlNode name : as.getOperandList().subList(2, as.operandCount())) {
            names.add(((SqlIdentifier) name).getSimple().toLowerCase(Locale.ROOT));
          }
          return names;
        }
        return columnNames(as.operand(0));
      case SNAPSHOT:
        return columnNames(((SqlCall) side).operand(0));
      case JOIN:
        Set<String> left = columnNames(((SqlJoin) side).getLeft());
        Set<String> right = columnNames(((SqlJoin) side).getRight());
        if (left == null || right == null) {
          return null;
        }
        left.addAll(right);
        return left;
      default:
        RelDataType type = found.fromItemTypes().get(side.getParserPosition());
        if (type == null) {
          return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : type.getFieldNames()) {
          names.add(name.toLowerCase(Locale.ROOT));
        }
        return names;
    }
  }

  /** Whether a name is a column of a FROM item of the SELECT (not an outer query's). */
  private boolean isColumnOfFrom(SqlSelect select, String column) {
    SqlSelect validated = found.selects().get(select.getParserPosition());
    SelectScope scope = validated == null ? null : validator.getRawSelectScope(validated);
    if (scope == null) {
      // Unknown: assume the worst.
      return true;
    }
    for (SqlValidatorNamespace child : scope.getChildren()) {
      if (child.getRowType().getField(column, false, false) != null) {
        return true;
      }
    }
    return false;
  }

  private void unsupported(String what, SqlNode node) {
    SqlParserPos position = node == null ? SqlParserPos.ZERO : node.getParserPosition();
    unanalyzable.add(what + " (" + ColumnResolutions.describe(position) + ") cannot be authorized");
  }
}
