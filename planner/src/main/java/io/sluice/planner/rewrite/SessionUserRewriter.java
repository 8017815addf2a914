package io.sluice.planner.rewrite;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Answers Spark's functions that return the engine's user with the session's user instead. Sluice
 * runs every statement on the engine as its own service user, so Spark's {@code current_user()}
 * would name that service user, not the client. Each call is replaced in the client's tree by a
 * string literal of the session's user name, so the engine never evaluates the function.
 *
 * <p>The functions are {@code current_user()}, {@code user()} and {@code session_user()} (Spark 4's
 * and the SQL standard's name; Spark 3.5 lacks it), with parentheses always, and the same names
 * without parentheses where validation finds that they name no column of the query's own tables
 * (see {@code SessionUserNames}): Spark, too, reads such a column first.
 *
 * <p>A select item that is only such a call keeps the column name Spark 3.5 gives every form of it,
 * {@code current_user()}, through an alias.
 */
public final class SessionUserRewriter {
  /** The column name Spark 3.5 gives {@code current_user()}, {@code user()} and bare names. */
  public static final String COLUMN_NAME = "current_user()";

  private static final NavigableSet<String> NAMES = names("current_user", "session_user", "user");

  private SessionUserRewriter() {}

  /** Whether a function or bare name, in any case, is one of those that return the user. */
  public static boolean isSessionUserName(String name) {
    return NAMES.contains(name);
  }

  /**
   * Replaces every call of {@code current_user()}, {@code user()} and {@code session_user()} in a
   * statement, in place.
   */
  public static void replaceCalls(SqlNode statement, String user) {
    replace(
        statement,
        node -> isSessionUserCall(node) ? literal(user, node.getParserPosition()) : null);
  }

  /**
   * Replaces the names without parentheses that stand for the function, in place.
   *
   * @param positions the positions of the identifiers that validation found to name no column
   */
  public static void replaceNames(SqlNode statement, Set<SqlParserPos> positions, String user) {
    if (positions.isEmpty()) {
      return;
    }
    replace(
        statement,
        node ->
            node instanceof SqlIdentifier identifier
                    && identifier.isSimple()
                    && isSessionUserName(identifier.getSimple())
                    && positions.contains(identifier.getParserPosition())
                ? literal(user, identifier.getParserPosition())
                : null);
  }

  /**
   * Qualifies the names without parentheses that are columns of the query's own tables, in place,
   * so that the engine reads exactly the column validation resolved and never the function.
   *
   * @param columns the column's table or alias and name, by the identifier's position
   */
  public static void qualifyColumns(SqlNode statement, Map<SqlParserPos, List<String>> columns) {
    if (columns.isEmpty()) {
      return;
    }
    Set<SqlIdentifier> visited = Collections.newSetFromMap(new IdentityHashMap<>());
    statement.accept(
        new SqlBasicVisitor<Void>() {
          @Override
          public Void visit(SqlIdentifier identifier) {
            List<String> qualified = columns.get(identifier.getParserPosition());
            if (qualified != null
                && identifier.isSimple()
                && isSessionUserName(identifier.getSimple())
                && visited.add(identifier)) {
              identifier.setNames(qualified, null);
            }
            return null;
          }
        });
  }

  /**
   * The user name as a literal that Spark reads back unchanged. The dialect escapes quotes when it
   * prints a literal; backslashes, which Spark reads as escapes, are escaped here (see {@link
   * io.sluice.planner.unparse.SluiceSparkSqlDialect}).
   */
  public static SqlLiteral literal(String user, SqlParserPos position) {
    return SqlLiteral.createCharString(user.replace("\\", "\\\\"), position);
  }

  private static boolean isSessionUserCall(SqlNode node) {
    return node instanceof SqlCall call
        && call.operandCount() == 0
        && call.getOperator() instanceof SqlFunction function
        && (function.getSqlIdentifier() == null || function.getSqlIdentifier().isSimple())
        && isSessionUserName(function.getName());
  }

  private static void replace(SqlNode statement, Function<SqlNode, @Nullable SqlNode> replacement) {
    new InPlaceReplacer(replacement, node -> COLUMN_NAME).visitChildren(statement);
  }

  private static final NavigableSet<String> SCHEMA_FUNCTIONS =
      names("current_database", "current_schema");
  private static final NavigableSet<String> CATALOG_FUNCTIONS = names("current_catalog");

  /**
   * Replaces every call of {@code current_database()}, {@code current_schema()} and {@code
   * current_catalog()} by the session's schema or catalog, in place: the engine connection's own
   * are not the session's (connections are shared, and every table name is qualified). A select
   * item that is only such a call keeps the column name Spark gives it.
   */
  public static void replaceNamespaceCalls(SqlNode statement, String catalog, String schema) {
    Function<SqlNode, @Nullable SqlNode> replacement =
        node -> {
          Optional<String> name = niladicFunctionName(node);
          if (name.isEmpty()) {
            return null;
          }
          if (SCHEMA_FUNCTIONS.contains(name.get())) {
            return literal(schema, node.getParserPosition());
          }
          return CATALOG_FUNCTIONS.contains(name.get())
              ? literal(catalog, node.getParserPosition())
              : null;
        };
    new InPlaceReplacer(
            replacement,
            node -> niladicFunctionName(node).orElseThrow().toLowerCase(Locale.ROOT) + "()")
        .visitChildren(statement);
  }

  private static Optional<String> niladicFunctionName(SqlNode node) {
    if (node instanceof SqlCall call
        && call.operandCount() == 0
        && call.getOperator() instanceof SqlFunction function
        && (function.getSqlIdentifier() == null || function.getSqlIdentifier().isSimple())) {
      return Optional.of(function.getName());
    }
    return Optional.empty();
  }

  private static NavigableSet<String> names(String... names) {
    NavigableSet<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    set.addAll(List.of(names));
    return Collections.unmodifiableNavigableSet(set);
  }

  /**
   * Replaces nodes inside the tree where they are, keeping every other node (and so the positions
   * the table qualifier relies on) as the parser made it.
   */
  private static final class InPlaceReplacer {
    private final Function<SqlNode, @Nullable SqlNode> replacement;

    /** The column name Spark gives a select item that is only the replaced node. */
    private final Function<SqlNode, String> columnName;

    /** The parser shares some nodes, e.g. MERGE's target with its UPDATE; visit each once. */
    private final Set<SqlNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());

    InPlaceReplacer(
        Function<SqlNode, @Nullable SqlNode> replacement, Function<SqlNode, String> columnName) {
      this.replacement = replacement;
      this.columnName = columnName;
    }

    void visitChildren(SqlNode node) {
      if (!visited.add(node)) {
        return;
      }
      if (node instanceof SqlNodeList list) {
        for (int index = 0; index < list.size(); index++) {
          SqlNode item = list.get(index);
          if (item != null) {
            SqlNode replaced = replacement.apply(item);
            if (replaced == null) {
              visitChildren(item);
            } else {
              list.set(index, replaced);
            }
          }
        }
      } else if (node instanceof SqlCall call) {
        List<@Nullable SqlNode> operands = call.getOperandList();
        for (int index = 0; index < operands.size(); index++) {
          SqlNode operand = operands.get(index);
          if (operand == null) {
            continue;
          }
          if (call instanceof SqlSelect select && operand == select.getSelectList()) {
            visitSelectList(select.getSelectList());
            continue;
          }
          SqlNode replaced = replacement.apply(operand);
          if (replaced == null) {
            visitChildren(operand);
          } else {
            setOperand(call, index, replaced);
          }
        }
      }
    }

    /** A select item that is only the call gets the name Spark gives it. */
    private void visitSelectList(SqlNodeList selectList) {
      if (!visited.add(selectList)) {
        return;
      }
      for (int index = 0; index < selectList.size(); index++) {
        SqlNode item = selectList.get(index);
        SqlNode replaced = replacement.apply(item);
        if (replaced == null) {
          visitChildren(item);
        } else {
          SqlParserPos position = item.getParserPosition();
          selectList.set(
              index,
              SqlStdOperatorTable.AS.createCall(
                  position,
                  replaced,
                  new SqlIdentifier(columnName.apply(item), SqlParserPos.QUOTED_ZERO)));
        }
      }
    }

    private static void setOperand(SqlCall call, int index, SqlNode replaced) {
      call.setOperand(index, replaced);
      if (call.getOperandList().get(index) != replaced) {
        // Were the call left as it is, the engine would evaluate the function.
        throw new IllegalStateException(
            "Cannot replace the session's function in "
                + call.getClass().getSimpleName()
                + ": its operand "
                + index
                + " cannot be set");
      }
    }
  }
}
