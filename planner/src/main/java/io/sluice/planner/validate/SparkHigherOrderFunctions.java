package io.sluice.planner.validate;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLambda;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.type.FunctionSqlType;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlLambdaScope;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Spark's higher-order functions over arrays and maps ({@code transform(a, (x, i) -> ...)}, {@code
 * filter}, {@code exists}, {@code forall}, {@code aggregate}, {@code zip_with}, {@code map_filter},
 * {@code transform_keys}, {@code transform_values}, {@code array_sort} with a comparator). Calcite
 * types a lambda's parameters as ANY until told otherwise: each function here gives its lambdas'
 * parameters the element (or key and value) types Spark gives them, and types its result from what
 * the lambdas return.
 */
final class SparkHigherOrderFunctions {
  private SparkHigherOrderFunctions() {}

  /** The parameter types of the lambda at an operand position, from the other operands. */
  private interface Parameters {
    List<RelDataType> of(int operand, SqlCallBinding binding);
  }

  static final List<SqlOperator> FUNCTIONS =
      List.of(
          function(
              "transform",
              2,
              2,
              (operand, binding) -> elementAndIndex(binding, 0),
              binding -> array(binding, lambdaResult(binding, 1))),
          function(
              "filter",
              2,
              2,
              (operand, binding) -> elementAndIndex(binding, 0),
              binding -> binding.getOperandType(0)),
          function(
              "exists",
              2,
              2,
              (operand, binding) -> List.of(element(binding, 0)),
              SparkHigherOrderFunctions::nullableBoolean),
          function(
              "forall",
              2,
              2,
              (operand, binding) -> List.of(element(binding, 0)),
              SparkHigherOrderFunctions::nullableBoolean),
          function(
              "aggregate",
              3,
              4,
              SparkHigherOrderFunctions::aggregateParameters,
              binding ->
                  binding.getOperandCount() == 4
                      ? lambdaResult(binding, 3)
                      : binding.getOperandType(1)),
          function(
              "zip_with",
              3,
              3,
              (operand, binding) ->
                  List.of(
                      nullable(binding, element(binding, 0)),
                      nullable(binding, element(binding, 1))),
              binding -> array(binding, lambdaResult(binding, 2))),
          function(
              "map_filter",
              2,
              2,
              (operand, binding) -> keyAndValue(binding, 0),
              binding -> binding.getOperandType(0)),
          function(
              "transform_values",
              2,
              2,
              (operand, binding) -> keyAndValue(binding, 0),
              binding ->
                  binding
                      .getTypeFactory()
                      .createMapType(map(binding, 0).getKeyType(), lambdaResult(binding, 1))),
          function(
              "transform_keys",
              2,
              2,
              (operand, binding) -> keyAndValue(binding, 0),
              binding ->
                  binding
                      .getTypeFactory()
                      .createMapType(lambdaResult(binding, 1), map(binding, 0).getValueType())),
          function(
              "array_sort",
              1,
              2,
              (operand, binding) -> List.of(element(binding, 0), element(binding, 0)),
              binding -> binding.getOperandType(0)));

  private static SqlOperator function(
      String name,
      int minimum,
      int maximum,
      Parameters parameters,
      SqlReturnTypeInference returnType) {
    return new SqlFunction(
        name.toUpperCase(Locale.ROOT),
        SqlKind.OTHER_FUNCTION,
        returnType,
        null,
        new LambdaOperands(minimum, maximum, parameters),
        SqlFunctionCategory.SYSTEM);
  }

  /** {@code aggregate(array, zero, (acc, x) -> acc', [acc -> result])}. */
  private static List<RelDataType> aggregateParameters(int operand, SqlCallBinding binding) {
    RelDataType accumulator = binding.getOperandType(1);
    return operand == 2
        ? List.of(accumulator, element(binding, 0))
        : List.of(lambdaResultOr(binding, 2, accumulator));
  }

  private static List<RelDataType> elementAndIndex(SqlCallBinding binding, int operand) {
    RelDataTypeFactory types = binding.getTypeFactory();
    return List.of(element(binding, operand), types.createSqlType(SqlTypeName.INTEGER));
  }

  private static List<RelDataType> keyAndValue(SqlCallBinding binding, int operand) {
    RelDataType map = map(binding, operand);
    return List.of(map.getKeyType(), map.getValueType());
  }

  private static RelDataType element(SqlOperatorBinding binding, int operand) {
    RelDataType type = binding.getOperandType(operand);
    if (type.getSqlTypeName() == SqlTypeName.ANY || type.getSqlTypeName() == SqlTypeName.NULL) {
      return any(binding);
    }
    if (type.getSqlTypeName() != SqlTypeName.ARRAY || type.getComponentType() == null) {
      throw argumentError(binding, operand, "an array", type);
    }
    return type.getComponentType();
  }

  private static RelDataType map(SqlOperatorBinding binding, int operand) {
    RelDataType type = binding.getOperandType(operand);
    if (type.getSqlTypeName() != SqlTypeName.MAP) {
      throw argumentError(binding, operand, "a map", type);
    }
    return type;
  }

  private static RelDataType lambdaResult(SqlOperatorBinding binding, int operand) {
    return lambdaResultOr(binding, operand, any(binding));
  }

  private static RelDataType lambdaResultOr(
      SqlOperatorBinding binding, int operand, RelDataType otherwise) {
    RelDataType type = binding.getOperandType(operand);
    return type instanceof FunctionSqlType function ? function.getReturnType() : otherwise;
  }

  private static RelDataType array(SqlOperatorBinding binding, RelDataType element) {
    return binding.getTypeFactory().createArrayType(element, -1);
  }

  private static RelDataType nullableBoolean(SqlOperatorBinding binding) {
    return nullable(binding, binding.getTypeFactory().createSqlType(SqlTypeName.BOOLEAN));
  }

  private static RelDataType nullable(SqlOperatorBinding binding, RelDataType type) {
    return binding.getTypeFactory().createTypeWithNullability(type, true);
  }

  private static RelDataType any(SqlOperatorBinding binding) {
    return nullable(binding, binding.getTypeFactory().createSqlType(SqlTypeName.ANY));
  }

  private static SluiceException argumentError(
      SqlOperatorBinding binding, int operand, String expected, RelDataType actual) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        "Cannot validate statement: argument "
            + (operand + 1)
            + " of "
            + binding.getOperator().getName().toLowerCase(Locale.ROOT)
            + " must be "
            + expected
            + ", not "
            + actual.getFullTypeString());
  }

  /**
   * Types each lambda operand's parameters and validates its body again with them (its first
   * validation saw ANY), so that the body's type, and the function's, are Spark's.
   */
  private record LambdaOperands(int minimum, int maximum, Parameters parameters)
      implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      SqlValidator validator = binding.getValidator();
      for (int index = 0; index < binding.getOperandCount(); index++) {
        if (binding.operand(index) instanceof SqlLambda lambda) {
          type(validator, lambda, parameters.of(index, binding), binding, index);
        }
      }
      return true;
    }

    private static void type(
        SqlValidator validator,
        SqlLambda lambda,
        List<RelDataType> types,
        SqlCallBinding binding,
        int operand) {
      List<SqlNode> names = lambda.getParameters().getList();
      if (names.size() > types.size()) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR,
            "Cannot validate statement: the function given to "
                + binding.getOperator().getName().toLowerCase(Locale.ROOT)
                + " (argument "
                + (operand + 1)
                + ") takes at most "
                + types.size()
                + " parameter"
                + (types.size() == 1 ? "" : "s")
                + ", not "
                + names.size());
      }
      SqlLambdaScope scope = (SqlLambdaScope) validator.getLambdaScope(lambda);
      List<String> keys = new ArrayList<>(scope.getParameterTypes().keySet());
      for (int index = 0; index < names.size(); index++) {
        String name = ((SqlIdentifier) names.get(index)).getSimple();
        for (String key : keys) {
          if (key.equalsIgnoreCase(name)) {
            scope.getParameterTypes().put(key, types.get(index));
          }
        }
      }
      lambda.getExpression().accept(new TypeRemover(validator));
      validator.removeValidatedNodeType(lambda);
      validator.validateLambda(lambda);
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return SqlOperandCountRanges.between(minimum, maximum);
    }

    @Override
    public String getAllowedSignatures(SqlOperator operator, String name) {
      return name + "(...)";
    }
  }

  /** Forgets the types of a lambda body's nodes, which were derived with ANY parameters. */
  private static final class TypeRemover extends SqlBasicVisitor<Void> {
    private final SqlValidator validator;

    TypeRemover(SqlValidator validator) {
      this.validator = validator;
    }

    @Override
    public Void visit(SqlIdentifier identifier) {
      validator.removeValidatedNodeType(identifier);
      return null;
    }

    @Override
    public Void visit(SqlCall call) {
      validator.removeValidatedNodeType(call);
      return super.visit(call);
    }
  }
}
