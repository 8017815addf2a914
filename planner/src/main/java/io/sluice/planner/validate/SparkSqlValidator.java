package io.sluice.planner.validate;

import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's validator with Sluice's answer to a function it does not know: Sluice passes no
 * function through unchecked, so an unknown name is refused with its own message rather than
 * Calcite's "No match found for function signature".
 *
 * <p>{@code user}, {@code current_user} and {@code session_user} without parentheses are columns to
 * it, as they are to Spark when there is such a column; {@link SessionUserNames} decides the rest.
 */
final class SparkSqlValidator extends SqlValidatorImpl {
  private final Set<SqlParserPos> sessionUserNames = new HashSet<>();

  SparkSqlValidator(
      SqlOperatorTable operatorTable,
      SqlValidatorCatalogReader catalogReader,
      RelDataTypeFactory typeFactory,
      Config config) {
    super(operatorTable, catalogReader, typeFactory, config);
  }

  @Override
  public @Nullable SqlCall makeNullaryCall(SqlIdentifier identifier) {
    if (identifier.isSimple() && SessionUserRewriter.isSessionUserName(identifier.getSimple())) {
      sessionUserNames.add(identifier.getParserPosition());
      return null;
    }
    return super.makeNullaryCall(identifier);
  }

  /** The positions of the session user's names that were validated as expressions. */
  Set<SqlParserPos> sessionUserNamesInExpressions() {
    return Set.copyOf(sessionUserNames);
  }

  @Override
  public CalciteException handleUnresolvedFunction(
      SqlCall call,
      SqlOperator unresolvedFunction,
      List<RelDataType> argumentTypes,
      @Nullable List<String> argumentNames) {
    List<SqlOperator> overloads = new ArrayList<>();
    getOperatorTable()
        .lookupOperatorOverloads(
            unresolvedFunction.getNameAsId(),
            null,
            SqlSyntax.FUNCTION,
            overloads,
            getCatalogReader().nameMatcher());
    if (overloads.isEmpty()) {
      SqlParserPos position = call.getParserPosition();
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Function '"
              + unresolvedFunction.getName()
              + "' is not known to Sluice (line "
              + position.getLineNum()
              + ", column "
              + position.getColumnNum()
              + "): only Spark's built-in functions that Sluice can check may be called");
    }
    return super.handleUnresolvedFunction(call, unresolvedFunction, argumentTypes, argumentNames);
  }
}
