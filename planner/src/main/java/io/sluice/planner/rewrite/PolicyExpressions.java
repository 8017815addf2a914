package io.sluice.planner.rewrite;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.planner.parse.StatementParser;
import io.sluice.planner.unparse.SparkTypeSpecs;
import io.sluice.planner.unparse.TableNameQualifier;
import io.sluice.planner.validate.ValidatedStatement;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Row filters and CUSTOM masks, which are SQL written in policies, made into expressions the
 * planner can put into a statement: parsed with the client's parser and validated in the scope of
 * their table ({@code SELECT 1 FROM table WHERE <filter>}, {@code SELECT <mask> FROM table}), with
 * their own table names fully qualified, {@code current_user()} answered with the session's user as
 * in the client's SQL, and a CUSTOM mask cast to its column's type where its own type differs.
 *
 * <p>An expression that does not parse or validate denies the statement, naming the policy: a table
 * is never read without its filter or with a mask left out.
 *
 * <p>Policy expressions are the policy author's, not the user's: the tables they read are neither
 * authorized for the user nor filtered and masked, as in Ranger's Hive plugin.
 *
 * <p>Compiled expressions are cached by table, table type, text and user, and shared between
 * statements; they are never changed once compiled. Thread-safe.
 */
public final class PolicyExpressions {
  /** Prepares a statement as the planner does before unparsing it. */
  @FunctionalInterface
  public interface Preparer {
    ValidatedStatement prepare(SqlNode statement, SessionContext session);
  }

  /** Enough for every policy of a large deployment per active user; the cache restarts beyond. */
  private static final int MAXIMUM_CACHED = 10_000;

  private static final String COLUMN_PLACEHOLDER = "{col}";

  /**
   * Where the policy's table stands in the SELECT built around the expression: outside the
   * expression's text, and apart from the position of names Sluice adds (zero), so that the table
   * qualifier, which finds tables by position, finds only the table.
   */
  private static final SqlParserPos TABLE_POSITION = new SqlParserPos(0, 1, 0, 1);

  private final StatementParser parser;
  private final Preparer preparer;
  private final ConcurrentHashMap<Key, SqlNode> compiled = new ConcurrentHashMap<>();

  public PolicyExpressions(StatementParser parser, Preparer preparer) {
    this.parser = requireNonNull(parser, "parser");
    this.preparer = requireNonNull(preparer, "preparer");
  }

  /**
   * The row filter as a condition over the table's own (raw) columns.
   *
   * @throws SluiceException with ACCESS_DENIED naming the policy when the filter is not valid
   */
  SqlNode rowFilter(
      QualifiedName table, RelDataType tableType, RowFilter filter, SessionContext session) {
    Key key = new Key(table, tableType, null, filter.expression(), session.user());
    SqlNode cached = compiled.get(key);
    if (cached != null) {
      return cached;
    }
    SqlNode condition;
    try {
      SqlSelect select =
          select(
              SqlNodeList.of(SqlLiteral.createExactNumeric("1", SqlParserPos.ZERO)),
              table,
              parser.parseExpression(filter.expression()));
      prepare(select, table, session);
      condition = select.getWhere();
    } catch (SluiceException | IllegalStateException e) {
      throw invalid(session, table, "row filter", filter.policyId(), e);
    }
    return remember(key, condition);
  }

  /**
   * A CUSTOM mask's expression over the table's raw columns, of the column's type.
   *
   * @throws SluiceException with ACCESS_DENIED naming the policy when the expression is not valid
   */
  SqlNode customMask(
      QualifiedName table,
      RelDataType tableType,
      RelDataTypeField column,
      ColumnMask mask,
      SessionContext session) {
    String text = mask.valueExpression().orElse("");
    Key key = new Key(table, tableType, column.getName(), text, session.user());
    SqlNode cached = compiled.get(key);
    if (cached != null) {
      return cached;
    }
    SqlNode expression;
    try {
      if (text.isBlank()) {
        // Ranger's CUSTOM mask without an expression shows NULL.
        expression =
            MaskExpressions.typedNull(
                SparkTypeSpecs.of(column.getType())
                    .orElseThrow(() -> noSparkType(column.getType())));
      } else {
        String columnReference = QualifiedName.quote(column.getName());
        SqlSelect select =
            select(
                SqlNodeList.of(
                    parser.parseExpression(text.replace(COLUMN_PLACEHOLDER, columnReference))),
                table,
                null);
        ValidatedStatement validated = prepare(select, table, session);
        if (validated.access().aggregating()) {
          throw new IllegalStateException("it is an aggregate; a mask is computed row by row");
        }
        // current_user() alone gets the name Spark gives it; the mask is named after its column.
        expression = SqlUtil.stripAs(select.getSelectList().get(0));
        String maskType = validated.resultColumns().get(0).type().sparkName();
        if (!maskType.equals(ColumnTypes.fromCalcite(column.getType()).sparkName())) {
          expression =
              MaskExpressions.cast(
                  expression,
                  SparkTypeSpecs.of(column.getType())
                      .orElseThrow(() -> noSparkType(column.getType())));
        }
      }
    } catch (SluiceException | IllegalStateException e) {
      throw invalid(session, table, "mask of column " + column.getName(), mask.policyId(), e);
    }
    return remember(key, expression);
  }

  private ValidatedStatement prepare(
      SqlSelect select, QualifiedName table, SessionContext session) {
    // Unqualified names in the expression resolve as they would for the table's own schema.
    ValidatedStatement validated =
        preparer.prepare(select, session.withNamespace(table.catalog(), table.schema()));
    TableNameQualifier.qualify(select, validated.tableReferences(), validated.variants());
    return validated;
  }

  private static SqlSelect select(SqlNodeList selectList, QualifiedName table, SqlNode where) {
    return PolicyRewriter.select(
        selectList, new SqlIdentifier(table.parts(), TABLE_POSITION), where);
  }

  private SqlNode remember(Key key, SqlNode expression) {
    if (compiled.size() >= MAXIMUM_CACHED) {
      compiled.clear();
    }
    SqlNode previous = compiled.putIfAbsent(key, expression);
    return previous == null ? expression : previous;
  }

  private static IllegalStateException noSparkType(RelDataType type) {
    return new IllegalStateException("the column's type " + type + " has no Spark SQL name");
  }

  private static SluiceException invalid(
      SessionContext session, QualifiedName table, String what, long policyId, Exception cause) {
    return AccessDenied.because(
        session.user(),
        AccessType.SELECT.rangerName(),
        Resource.table(table.schema(), table.table()),
        "the "
            + what
            + " of policy "
            + policyId
            + " is not valid ("
            + reason(cause)
            + "); the table is not read without it, ask an administrator to correct the policy",
        cause);
  }

  private static String reason(Exception cause) {
    String message = String.valueOf(cause.getMessage());
    for (String prefix : new String[] {"Cannot parse expression: ", "Cannot parse statement: "}) {
      if (message.startsWith(prefix)) {
        return "syntax: " + message.substring(prefix.length());
      }
    }
    return message.startsWith("Cannot validate statement: ")
        ? message.substring("Cannot validate statement: ".length())
        : message;
  }

  /**
   * @param column the masked column, or null for a row filter
   */
  private record Key(
      QualifiedName table, RelDataType tableType, String column, String expression, String user) {}
}
