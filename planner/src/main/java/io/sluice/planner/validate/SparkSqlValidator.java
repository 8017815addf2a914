package io.sluice.planner.validate;

import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlLambdaScope;
import org.apache.calcite.sql.validate.SqlQualified;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;
import org.apache.calcite.sql.validate.SqlValidatorScope;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Calcite's validator with Sluice's answer to a function it does not know: Sluice passes no
 * function through unchecked, so an unknown name is refused with its own message rather than
 * Calcite's "No match found for function signature".
 *
 * <p>{@code user}, {@code current_user} and {@code session_user} without parentheses are columns to
 * it, as they are to Spark when there is such a column; {@link SessionUserNames} decides the rest.
 *
 * <p>It records what each column name resolves to ({@link ColumnResolutions}), from which the
 * planner learns which columns of which tables a statement reads.
 */
final class SparkSqlValidator extends SqlValidatorImpl {
  private final Set<SqlParserPos> sessionUserNames = new HashSet<>();
  private final ColumnResolutions columnResolutions = new ColumnResolutions();
  private final Set<SqlNode> validatedArguments =
      Collections.newSetFromMap(new IdentityHashMap<>());

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
    SqlCall call = super.makeNullaryCall(identifier);
    if (call != null) {
      columnResolutions.recordFunction(identifier);
    }
    return call;
  }

  /** The lambda's scope, in which names other than its parameters are the query's columns. */
  @Override
  public SqlValidatorScope getLambdaScope(SqlLambda lambda) {
    return closureScope(lambda);
  }

  @Override
  public void validateLambda(SqlLambda lambda) {
    closureScope(lambda);
    super.validateLambda(lambda);
  }

  private SqlValidatorScope closureScope(SqlLambda lambda) {
    SqlValidatorScope scope = scopes.get(lambda);
    if (scope instanceof SqlLambdaScope calcite && !(scope instanceof ClosureScope)) {
      ClosureScope closure = new ClosureScope(calcite.getParent(), lambda);
      closure.getParameterTypes().putAll(calcite.getParameterTypes());
      scopes.put(lambda, closure);
      return closure;
    }
    return scope;
  }

  /** As Calcite's, recording what each column name resolves to for authorization. */
  @Override
  public void validateIdentifier(SqlIdentifier identifier, SqlValidatorScope scope) {
    SqlQualified qualified = scope.fullyQualify(identifier);
    columnResolutions.record(originalName(identifier), qualified, this::getNamespace);
    if (config().columnReferenceExpansion()) {
      identifier.assignNamesFrom(qualified.identifier);
    }
  }

  /**
   * As Calcite's, and first validates a table function's arguments as expressions: Calcite only
   * types them, which resolves their column names without {@link #validateIdentifier}, so their
   * reads would go unseen.
   */
  @Override
  protected void inferUnknownTypes(
      RelDataType inferredType, SqlValidatorScope scope, SqlNode node) {
    if (SparkTableFunctions.isCall(node) && validatedArguments.add(node)) {
      for (SqlNode argument : ((SqlCall) node).getOperandList()) {
        if (argument != null) {
          argument.validateExpr(this, scope);
        }
      }
    }
    super.inferUnknownTypes(inferredType, scope, node);
  }

  /**
   * As Calcite's, and first validates an aggregate's FILTER (WHERE ...) condition and WITHIN GROUP
   * (ORDER BY ...) keys as expressions, so that the columns they read are seen.
   */
  @Override
  public void validateAggregateParams(
      SqlCall aggCall,
      @Nullable SqlNode filter,
      @Nullable SqlNodeList distinctList,
      @Nullable SqlNodeList orderList,
      SqlValidatorScope scope) {
    if (filter != null) {
      filter.validateExpr(this, scope);
    }
    if (orderList != null) {
      for (SqlNode key : orderList) {
        key.validateExpr(this, scope);
      }
    }
    super.validateAggregateParams(aggCall, filter, distinctList, orderList, scope);
  }

  /** What each column name resolved to, as validation found it. */
  ColumnResolutions columnResolutions() {
    return columnResolutions;
  }

  /** The name as the client wrote it, before validation expanded it (perhaps more than once). */
  private SqlIdentifier originalName(SqlIdentifier identifier) {
    SqlNode current = identifier;
    for (int step = 0; step < 8; step++) {
      SqlNode original = getOriginal(current);
      if (original == current || !(original instanceof SqlIdentifier)) {
        break;
      }
      current = original;
    }
    return (SqlIdentifier) current;
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
