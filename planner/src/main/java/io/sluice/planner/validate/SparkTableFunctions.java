package io.sluice.planner.validate;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlTableFunction;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Spark's generators and table-valued functions, as Calcite table functions whose columns follow
 * from their arguments' types: what {@code LATERAL VIEW explode(x) t AS c} and {@code FROM
 * range(10)} are validated with. Each takes the columns Spark gives it, with Spark's default names.
 */
final class SparkTableFunctions {
  private SparkTableFunctions() {}

  static final List<SqlOperator> FUNCTIONS =
      List.of(
          generator("explode", 1, 1, binding -> explode(binding, false, false)),
          generator("explode_outer", 1, 1, binding -> explode(binding, false, true)),
          generator("posexplode", 1, 1, binding -> explode(binding, true, false)),
          generator("posexplode_outer", 1, 1, binding -> explode(binding, true, true)),
          generator("inline", 1, 1, binding -> inline(binding, false)),
          generator("inline_outer", 1, 1, binding -> inline(binding, true)),
          generator("stack", 2, -1, SparkTableFunctions::stack),
          generator("json_tuple", 2, -1, SparkTableFunctions::jsonTuple),
          generator("range", 1, 4, SparkTableFunctions::range));

  /**
   * Whether a function of this name is one of Spark's generators, which a select list may call
   * ({@code range} is a table function only).
   */
  static boolean isGenerator(String name) {
    return GENERATORS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static final Set<String> GENERATORS =
      Set.of(
          "explode",
          "explode_outer",
          "posexplode",
          "posexplode_outer",
          "inline",
          "inline_outer",
          "stack",
          "json_tuple");

  /** Whether the node calls a generator or table function (resolved or not yet). */
  static boolean isCall(SqlNode node) {
    if (node != null && node.getKind() == SqlKind.COLLECTION_TABLE) {
      node = ((SqlCall) node).operand(0);
    }
    return node instanceof SqlCall call
        && (call.getOperator() instanceof SqlTableFunction
            || call.getOperator() instanceof SqlFunction function
                && function.getFunctionType() == SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
  }

  private static SqlOperator generator(
      String name, int minimum, int maximum, SqlReturnTypeInference rowType) {
    return new Generator(name.toUpperCase(Locale.ROOT), minimum, maximum, rowType);
  }

  /** {@code explode} and {@code posexplode}: an array's elements, or a map's keys and values. */
  private static RelDataType explode(SqlOperatorBinding binding, boolean position, boolean outer) {
    RelDataTypeFactory types = binding.getTypeFactory();
    RelDataType collection = binding.getOperandType(0);
    List<String> names = new ArrayList<>();
    List<RelDataType> columns = new ArrayList<>();
    if (position) {
      names.add("pos");
      columns.add(nullableIf(types, types.createSqlType(SqlTypeName.INTEGER), outer));
    }
    if (collection.getSqlTypeName() == SqlTypeName.ARRAY) {
      names.add("col");
      columns.add(nullableIf(types, collection.getComponentType(), outer));
    } else if (collection.getSqlTypeName() == SqlTypeName.MAP) {
      names.add("key");
      columns.add(nullableIf(types, collection.getKeyType(), outer));
      names.add("value");
      columns.add(nullableIf(types, collection.getValueType(), outer));
    } else {
      throw argumentError(binding, "an array or a map", collection);
    }
    return types.createStructType(columns, names);
  }

  /** {@code inline}: an array of structs, one column per field. */
  private static RelDataType inline(SqlOperatorBinding binding, boolean outer) {
    RelDataTypeFactory types = binding.getTypeFactory();
    RelDataType array = binding.getOperandType(0);
    RelDataType element = array.getComponentType();
    if (array.getSqlTypeName() != SqlTypeName.ARRAY || element == null || !element.isStruct()) {
      throw argumentError(binding, "an array of structs", array);
    }
    List<String> names = new ArrayList<>();
    List<RelDataType> columns = new ArrayList<>();
    for (RelDataTypeField field : element.getFieldList()) {
      names.add(field.getName());
      columns.add(nullableIf(types, field.getType(), outer));
    }
    return types.createStructType(columns, names);
  }

  /**
   * {@code stack(n, v1, ..., vk)}: n rows of ceil(k / n) columns {@code col0, col1, ...}, typed as
   * the values of each column have in common.
   */
  private static RelDataType stack(SqlOperatorBinding binding) {
    RelDataTypeFactory types = binding.getTypeFactory();
    Integer rows =
        binding.isOperandLiteral(0, false)
            ? binding.getOperandLiteralValue(0, Integer.class)
            : null;
    if (rows == null || rows < 1) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot validate statement: stack's first argument must be a positive integer literal: the number of rows");
    }
    int values = binding.getOperandCount() - 1;
    int width = (values + rows - 1) / rows;
    List<String> names = new ArrayList<>();
    List<RelDataType> columns = new ArrayList<>();
    for (int column = 0; column < width; column++) {
      List<RelDataType> cells = new ArrayList<>();
      for (int index = 1 + column; index <= values; index += width) {
        cells.add(binding.getOperandType(index));
      }
      RelDataType common = types.leastRestrictive(cells);
      if (common == null) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR,
            "Cannot validate statement: stack's values for column col"
                + column
                + " have no common type: "
                + cells);
      }
      names.add("col" + column);
      // A short last row is padded with NULL.
      columns.add(types.createTypeWithNullability(common, true));
    }
    return types.createStructType(columns, names);
  }

  /** {@code json_tuple(json, 'k1', ..., 'kn')}: columns {@code c0 ... c(n-1)}, strings. */
  private static RelDataType jsonTuple(SqlOperatorBinding binding) {
    RelDataTypeFactory types = binding.getTypeFactory();
    List<String> names = new ArrayList<>();
    List<RelDataType> columns = new ArrayList<>();
    for (int index = 1; index < binding.getOperandCount(); index++) {
      names.add("c" + (index - 1));
      columns.add(types.createTypeWithNullability(types.createSqlType(SqlTypeName.VARCHAR), true));
    }
    return types.createStructType(columns, names);
  }

  /** {@code range([start,] end [, step [, partitions]])}: one column {@code id}, a bigint. */
  private static RelDataType range(SqlOperatorBinding binding) {
    RelDataTypeFactory types = binding.getTypeFactory();
    for (int index = 0; index < binding.getOperandCount(); index++) {
      RelDataType type = binding.getOperandType(index);
      if (!SqlTypeUtil.isIntType(type) && type.getSqlTypeName() != SqlTypeName.NULL) {
        throw argumentError(binding, "integers", type);
      }
    }
    return types.createStructType(List.of(types.createSqlType(SqlTypeName.BIGINT)), List.of("id"));
  }

  private static RelDataType nullableIf(
      RelDataTypeFactory types, RelDataType type, boolean nullable) {
    return nullable ? types.createTypeWithNullability(type, true) : type;
  }

  private static SluiceException argumentError(
      SqlOperatorBinding binding, String expected, RelDataType actual) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR,
        "Cannot validate statement: "
            + binding.getOperator().getName().toLowerCase(Locale.ROOT)
            + " takes "
            + expected
            + ", not "
            + actual.getFullTypeString());
  }

  /** A generator: a table function whose columns its row-type inference gives. */
  private static final class Generator extends SqlFunction implements SqlTableFunction {
    private final SqlReturnTypeInference rowType;

    Generator(String name, int minimum, int maximum, SqlReturnTypeInference rowType) {
      super(
          name,
          SqlKind.OTHER_FUNCTION,
          ReturnTypes.CURSOR,
          null,
          new AnyOperands(minimum, maximum),
          SqlFunctionCategory.USER_DEFINED_TABLE_FUNCTION);
      this.rowType = rowType;
    }

    @Override
    public SqlReturnTypeInference getRowTypeInference() {
      return rowType;
    }
  }

  /** Any operands, between a minimum and a maximum count (-1: no maximum). */
  private record AnyOperands(int minimum, int maximum) implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      return true;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return maximum < 0
          ? SqlOperandCountRanges.from(minimum)
          : SqlOperandCountRanges.between(minimum, maximum);
    }

    @Override
    public String getAllowedSignatures(SqlOperator operator, String name) {
      return name + "(" + SqlTypeFamily.ANY + (maximum == 1 ? ")" : ", ...)");
    }
  }
}
