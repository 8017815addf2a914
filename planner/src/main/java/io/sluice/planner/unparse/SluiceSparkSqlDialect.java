package io.sluice.planner.unparse;

import io.sluice.planner.parse.SparkFirstAndLast;
import io.sluice.planner.parse.ast.SqlSparkInlineTable;
import io.sluice.planner.parse.ast.SqlSparkOrderBy;
import io.sluice.planner.validate.SparkTypeNames;
import java.util.Optional;
import org.apache.calcite.sql.SqlAlienSystemTypeNameSpec;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUnresolvedFunction;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.dialect.SparkSqlDialect;
import org.apache.calcite.sql.fun.SqlBetweenOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's Spark dialect with what Spark 3.5's parser needs on top:
 *
 * <ul>
 *   <li>plain {@code BETWEEN}: Calcite prints {@code BETWEEN ASYMMETRIC}, which Spark rejects;
 *   <li>Spark type names in CAST: {@code STRING}, {@code LONG}, ... rather than a quoted
 *       user-defined type, and {@code STRING} for a VARCHAR or CHAR without length;
 *   <li>string literals escaped with a backslash ({@code 'it\'s'}): Spark reads {@code 'it''s'} as
 *       two adjacent literals and concatenates them;
 *   <li>function names as written rather than quoted: Calcite quotes every function it does not
 *       know as its own, which is every Spark function;
 *   <li>{@code first(x)} and {@code last(x)} as written: Calcite's grammar adds MATCH_RECOGNIZE's
 *       offset, {@code FIRST(x, 0)};
 *   <li>TRIM of characters other than spaces in the standard syntax Spark has, not rewritten into
 *       REGEXP_REPLACE;
 *   <li>AS before aliases, as clients write them.
 * </ul>
 *
 * <p>Calcite's BigQuery lexing keeps a string literal's backslash escapes in the literal's value
 * (only an escaped quote is unescaped), so printing the value with quotes escaped gives back the
 * client's literal. Code that creates literals for Spark must escape backslashes itself.
 */
public final class SluiceSparkSqlDialect extends SparkSqlDialect {
  public static final SluiceSparkSqlDialect INSTANCE = new SluiceSparkSqlDialect();

  private SluiceSparkSqlDialect() {
    super(SparkSqlDialect.DEFAULT_CONTEXT.withLiteralEscapedQuoteString("\\'"));
  }

  /** Spark accepts AS before column and table aliases, and clients usually write it. */
  @Override
  protected boolean allowsAs() {
    return true;
  }

  @Override
  public void quoteStringLiteral(StringBuilder buffer, @Nullable String charsetName, String value) {
    // Spark has no character set prefixes.
    buffer.append('\'').append(value.replace("'", "\\'")).append('\'');
  }

  @Override
  public void unparseCall(SqlWriter writer, SqlCall call, int leftPrecedence, int rightPrecedence) {
    if (call.getOperator() instanceof SqlBetweenOperator between
        && between.flag == SqlBetweenOperator.Flag.ASYMMETRIC) {
      unparseBetween(writer, call, between);
      return;
    }
    if (call.getKind() == SqlKind.CAST) {
      Optional<SqlDataTypeSpec> sparkType = sparkType(call.operand(1));
      if (sparkType.isPresent()) {
        SqlCall cast =
            SqlStdOperatorTable.CAST.createCall(
                call.getParserPosition(), call.operand(0), sparkType.get());
        super.unparseCall(writer, cast, leftPrecedence, rightPrecedence);
        return;
      }
    }
    if (call instanceof SqlSparkOrderBy orderBy) {
      orderBy.unparseClauses(writer);
      return;
    }
    if (call.getKind() == SqlKind.COLLECTION_TABLE) {
      // Calcite's TABLE(f(...)) around a table function; Spark calls the function directly, and
      // would read TABLE(...) as a function named "table".
      call.operand(0).unparse(writer, leftPrecedence, rightPrecedence);
      return;
    }
    if (call.getKind() == SqlKind.AS
        && call.operandCount() > 2
        && call.operand(0) instanceof SqlSparkInlineTable) {
      unparseInlineTable(writer, call);
      return;
    }
    if (call.getKind() == SqlKind.TRIM && !trimsSpaces(call)) {
      // Calcite's Spark dialect rewrites other characters into REGEXP_REPLACE (and treats any
      // white space as a space); Spark has the standard syntax.
      call.getOperator().unparse(writer, call, leftPrecedence, rightPrecedence);
      return;
    }
    if (SparkFirstAndLast.isAggregate(call)) {
      SqlFunction aggregate = namedFunction(call.getOperator().getName());
      SqlUtil.unparseFunctionSyntax(
          aggregate,
          writer,
          aggregate.createCall(
              call.getFunctionQuantifier(), call.getParserPosition(), (SqlNode) call.operand(0)),
          false);
      return;
    }
    if (call.getOperator() instanceof SqlUnresolvedFunction function
        && function.getSqlIdentifier() != null
        && function.getSqlIdentifier().isSimple()
        && !function.getSqlIdentifier().getParserPosition().isQuoted()) {
      SqlUtil.unparseFunctionSyntax(namedFunction(function.getName()), writer, call, false);
      return;
    }
    super.unparseCall(writer, call, leftPrecedence, rightPrecedence);
  }

  /**
   * {@code VALUES (...), (...) AS t (a, b)}, Spark's inline table, unparenthesized as written (in
   * parentheses Spark reads a subquery whose columns are renamed, another plan for the same rows).
   */
  private static void unparseInlineTable(SqlWriter writer, SqlCall as) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
    writer.keyword("VALUES");
    SqlWriter.Frame rows = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE);
    for (SqlNode row : ((SqlCall) as.operand(0)).getOperandList()) {
      writer.sep(",");
      SqlWriter.Frame values = writer.startList("(", ")");
      for (SqlNode value : ((SqlCall) row).getOperandList()) {
        writer.sep(",");
        value.unparse(writer, 0, 0);
      }
      writer.endList(values);
    }
    writer.endList(rows);
    writer.keyword("AS");
    as.operand(1).unparse(writer, 0, 0);
    SqlWriter.Frame columns = writer.startList("(", ")");
    for (SqlNode column : as.getOperandList().subList(2, as.operandCount())) {
      writer.sep(",");
      column.unparse(writer, 0, 0);
    }
    writer.endList(columns);
    writer.endList(frame);
  }

  /** Whether a TRIM removes spaces, which Spark's TRIM, LTRIM and RTRIM do by default. */
  private static boolean trimsSpaces(SqlCall trim) {
    return trim.operand(1) instanceof SqlLiteral characters && " ".equals(characters.toValue());
  }

  /** A function that prints its name as a keyword, unquoted. */
  private static SqlFunction namedFunction(String name) {
    return new SqlFunction(
        name, SqlKind.OTHER_FUNCTION, null, null, null, SqlFunctionCategory.USER_DEFINED_FUNCTION);
  }

  private static void unparseBetween(SqlWriter writer, SqlCall call, SqlBetweenOperator between) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SIMPLE, "", "");
    call.operand(SqlBetweenOperator.VALUE_OPERAND).unparse(writer, between.getLeftPrec(), 0);
    writer.sep(between.isNegated() ? "NOT BETWEEN" : "BETWEEN");
    // An AND inside the lower bound would pair with BETWEEN's own AND; parenthesize it.
    SqlNode lower = call.operand(SqlBetweenOperator.LOWER_OPERAND);
    int lowerPrecedence = containsAnd(lower) ? 100 : 0;
    lower.unparse(writer, lowerPrecedence, lowerPrecedence);
    writer.sep("AND");
    call.operand(SqlBetweenOperator.UPPER_OPERAND).unparse(writer, 0, between.getRightPrec());
    writer.endList(frame);
  }

  private static boolean containsAnd(SqlNode node) {
    if (!(node instanceof SqlCall call)) {
      return false;
    }
    if (call.getKind() == SqlKind.AND) {
      return true;
    }
    for (SqlNode operand : call.getOperandList()) {
      if (operand != null && containsAnd(operand)) {
        return true;
      }
    }
    return false;
  }

  /** The type as Spark spells it, when Calcite would print it otherwise. */
  private static Optional<SqlDataTypeSpec> sparkType(SqlNode node) {
    if (!(node instanceof SqlDataTypeSpec spec)) {
      return Optional.empty();
    }
    Optional<String> sparkName = SparkTypeNames.sparkOnlyName(spec);
    if (sparkName.isEmpty() && spec.getTypeNameSpec() instanceof SqlBasicTypeNameSpec basic) {
      SqlTypeName typeName = SqlTypeName.get(basic.getTypeName().getSimple());
      if ((typeName == SqlTypeName.VARCHAR || typeName == SqlTypeName.CHAR)
          && basic.getPrecision() < 0) {
        sparkName = Optional.of("STRING");
      } else if (typeName == SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE) {
        sparkName = Optional.of("TIMESTAMP_LTZ");
      }
    }
    return sparkName.map(
        name ->
            new SqlDataTypeSpec(
                new SqlAlienSystemTypeNameSpec(name, SqlTypeName.ANY, SqlParserPos.ZERO),
                SqlParserPos.ZERO));
  }
}
