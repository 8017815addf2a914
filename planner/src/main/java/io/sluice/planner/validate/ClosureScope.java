package io.sluice.planner.validate;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlLambdaScope;
import org.apache.calcite.sql.validate.SqlQualified;
import org.apache.calcite.sql.validate.SqlValidatorScope;

/**
 * A lambda's scope in which, as in Spark, a name that is none of the lambda's parameters is a
 * column of the query around it ({@code transform(items, x -> x * rate)}); Calcite's lambda scope
 * knows only the parameters. A parameter hides a column of the same name, as in Spark.
 */
final class ClosureScope extends SqlLambdaScope {
  ClosureScope(SqlValidatorScope parent, SqlLambda lambda) {
    super(parent, lambda);
  }

  @Override
  public SqlQualified fullyQualify(SqlIdentifier identifier) {
    return isParameter(identifier)
        ? super.fullyQualify(identifier)
        : parent.fullyQualify(identifier);
  }

  @Override
  public RelDataType resolveColumn(String name, SqlNode context) {
    return getParameterTypes().containsKey(name)
        ? super.resolveColumn(name, context)
        : parent.resolveColumn(name, context);
  }
}
