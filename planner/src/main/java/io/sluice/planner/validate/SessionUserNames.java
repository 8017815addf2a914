package io.sluice.planner.validate;

import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SelectScope;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;

/**
 * What each {@code user}, {@code current_user} and {@code session_user} written without parentheses
 * means. Spark reads such a name (quoted or not) as a column when the query's own tables have one
 * of that name, and as {@code current_user()} otherwise; Calcite would read it as the function
 * always. So validation treats the names as columns first (see {@link
 * SparkSqlValidator#makeNullaryCall}), and a name it cannot resolve is the function: the planner
 * replaces it with the session's user.
 *
 * <p>A name that resolves as a column of its own query's tables is sent qualified, as validation
 * resolved it, so that Spark cannot mistake it. One that resolves only as a column of an outer
 * query is the function, as in Spark, which looks no further. A name Calcite resolves otherwise (a
 * select-list alias in GROUP BY or HAVING, a column of a subquery without alias, a USING column) is
 * refused rather than guessed at: Spark would call the function there and show the client the
 * engine's user. An alias in ORDER BY is read as the alias by both.
 */
final class SessionUserNames {
  private static final Pattern COLUMN_NOT_FOUND =
      Pattern.compile("^Column '.*' not found in any table.*", Pattern.DOTALL);

  /** Calcite names a subquery that has no alias so; Spark does not know that name. */
  private static final String GENERATED_ALIAS_PREFIX = "EXPR$";

  private final Map<SqlParserPos, SqlIdentifier> names;
  private final Set<SqlParserPos> orderByItems;

  private SessionUserNames(Map<SqlParserPos, SqlIdentifier> names, Set<SqlParserPos> orderByItems) {
    this.names = names;
    this.orderByItems = orderByItems;
  }

  /** The names in the client's tree, whatever their role (column, alias, table, ...). */
  static SessionUserNames find(SqlNode statement) {
    Map<SqlParserPos, SqlIdentifier> names = new HashMap<>();
    Set<SqlParserPos> orderByItems = new HashSet<>();
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            if (isSessionUserName(identifier)) {
              names.put(identifier.getParserPosition(), identifier);
            }
            return null;
          }

          @Override
          public Void visit(SqlCall call) {
            if (call instanceof SqlSelect select && select.getOrderList() != null) {
              addOrderByItems(select.getOrderList(), orderByItems);
            } else if (call instanceof SqlOrderBy orderBy) {
              addOrderByItems(orderBy.orderList, orderByItems);
            }
            return super.visit(call);
          }
        });
    return new SessionUserNames(names, orderByItems);
  }

  boolean isEmpty() {
    return names.isEmpty();
  }

  /** The name that a validation failed on for not being a column: it is the function. */
  Optional<SqlParserPos> unresolvedName(CalciteContextException exception) {
    String reason =
        exception.getCause() != null && exception.getCause().getMessage() != null
            ? exception.getCause().getMessage()
            : exception.getMessage();
    if (reason == null || !COLUMN_NOT_FOUND.matcher(reason).matches()) {
      return Optional.empty();
    }
    SqlParserPos position =
        new SqlParserPos(
            exception.getPosLine(),
            exception.getPosColumn(),
            exception.getEndPosLine(),
            exception.getEndPosColumn());
    return names.containsKey(position) ? Optional.of(position) : Optional.empty();
  }

  /**
   * What the names that did not fail validation are: columns of their own query's tables, each with
   * the qualified name to send, or columns of an outer query only, which Spark reads as the
   * function.
   *
   * @param validator the validator that validated the copy
   * @param validated the validated copy of the statement
   * @param functions the names already known to stand for the function (replaced in the copy)
   * @param tables the positions of table names
   * @throws SluiceException when a name is neither clearly a column nor clearly the function
   */
  Resolution resolve(
      SparkSqlValidator validator,
      SqlNode validated,
      Set<SqlParserPos> functions,
      Set<SqlParserPos> tables) {
    Map<SqlParserPos, List<SqlIdentifier>> resolved = new HashMap<>();
    Map<SqlIdentifier, SqlSelect> enclosingSelects = new IdentityHashMap<>();
    Deque<SqlSelect> selects = new ArrayDeque<>();
    validated.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            if (names.containsKey(identifier.getParserPosition())) {
              resolved
                  .computeIfAbsent(identifier.getParserPosition(), position -> new ArrayList<>())
                  .add(identifier);
              if (!selects.isEmpty()) {
                enclosingSelects.put(identifier, selects.peek());
              }
            }
            return null;
          }

          @Override
          public Void visit(SqlCall call) {
            if (call instanceof SqlSelect select) {
              selects.push(select);
              super.visit(call);
              selects.pop();
              return null;
            }
            return super.visit(call);
          }
        });
    Map<SqlParserPos, List<String>> columns = new HashMap<>();
    Set<SqlParserPos> outerColumns = new HashSet<>();
    Set<SqlParserPos> expressions = validator.sessionUserNamesInExpressions();
    for (Map.Entry<SqlParserPos, SqlIdentifier> entry : names.entrySet()) {
      SqlParserPos position = entry.getKey();
      if (functions.contains(position) || tables.contains(position)) {
        continue;
      }
      SqlIdentifier written = entry.getValue();
      List<SqlIdentifier> found = resolved.getOrDefault(position, List.of());
      Map<List<String>, SqlIdentifier> qualified = new LinkedHashMap<>();
      for (SqlIdentifier identifier : found) {
        List<String> parts = identifier.names;
        if (parts.size() > 1 && parts.get(parts.size() - 1).equalsIgnoreCase(written.getSimple())) {
          qualified.putIfAbsent(parts.subList(0, parts.size() - 1), identifier);
        }
      }
      if (!qualified.isEmpty()) {
        Map.Entry<List<String>, SqlIdentifier> column = qualified.entrySet().iterator().next();
        List<String> qualifier = column.getKey();
        if (qualified.size() > 1
            || qualifier.size() != 1
            || qualifier.get(0).startsWith(GENERATED_ALIAS_PREFIX)) {
          throw ambiguous(written);
        }
        if (isOuterColumn(
            validator, enclosingSelects.get(column.getValue()), written.getSimple())) {
          outerColumns.add(position);
        } else {
          columns.put(position, List.of(qualifier.get(0), written.getSimple()));
        }
      } else if (expressions.contains(position)) {
        if (!orderByItems.contains(position)) {
          throw ambiguous(written);
        }
      } else if (found.isEmpty()) {
        // Validation replaced it by something else, e.g. an alias in HAVING by its expression.
        throw ambiguous(written);
      }
      // Otherwise it is not an expression: an alias, a column list's name, a CTE's name.
    }
    return new Resolution(columns, outerColumns);
  }

  /**
   * Whether a column belongs only to a query around the one that names it. Spark looks a bare name
   * up in the query's own tables only before it falls back to the function.
   */
  private static boolean isOuterColumn(
      SparkSqlValidator validator, SqlSelect select, String column) {
    // The raw scope: an aggregating query's scope hides the tables behind the grouping.
    SelectScope scope = select == null ? null : validator.getRawSelectScope(select);
    if (scope == null) {
      return false;
    }
    for (SqlValidatorNamespace table : scope.getChildren()) {
      if (table.getRowType().getField(column, false, false) != null) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param columns the names that are columns of their own query's tables, with the qualified name
   *     to send
   * @param outerColumns the names that are columns of an outer query only, which Spark reads as the
   *     function
   */
  record Resolution(Map<SqlParserPos, List<String>> columns, Set<SqlParserPos> outerColumns) {}

  private static boolean isSessionUserName(SqlIdentifier identifier) {
    return identifier.isSimple()
        && !SqlParserPos.ZERO.equals(identifier.getParserPosition())
        && SessionUserRewriter.isSessionUserName(identifier.getSimple());
  }

  private static void addOrderByItems(SqlNodeList orderList, Set<SqlParserPos> orderByItems) {
    for (SqlNode item : orderList) {
      SqlNode expression = item;
      while (expression instanceof SqlCall call
          && (call.getKind() == SqlKind.DESCENDING
              || call.getKind() == SqlKind.NULLS_FIRST
              || call.getKind() == SqlKind.NULLS_LAST)) {
        expression = call.operand(0);
      }
      if (expression instanceof SqlIdentifier identifier) {
        orderByItems.add(identifier.getParserPosition());
      }
    }
  }

  private static SluiceException ambiguous(SqlIdentifier name) {
    SqlParserPos position = name.getParserPosition();
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        "Cannot validate statement: '"
            + name.getSimple()
            + "' (line "
            + position.getLineNum()
            + ", column "
            + position.getColumnNum()
            + ") is ambiguous: Spark reads it as current_user() unless it is a column of the"
            + " query's own tables; qualify the column with its table or subquery alias ("
            + "alias."
            + name.getSimple()
            + "), or write current_user() for the session's user");
  }
}
