package io.sluice.planner.validate;

import io.sluice.planner.parse.ast.SparkOperators;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.SqlSyntax;
import org.apache.calcite.sql.fun.SqlBasicAggFunction;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandTypeChecker;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeTransforms;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark SQL's built-in functions that Calcite's standard and SPARK libraries lack or define with
 * other arguments or result types, and the operator table that combines them.
 *
 * <p>A function defined here hides every function of the same name in Calcite's tables, so each
 * name resolves to exactly one operator. That matters: with call rewrite off, Calcite replaces an
 * unresolved function by its operator only when the name has one overload, and an aggregate that
 * stays unresolved is not recognized as an aggregate (chaining {@code SqlStdOperatorTable} in front
 * of the library table breaks GROUP BY for that reason).
 *
 * <p>Operand checks are deliberately loose where Spark casts implicitly (strings where dates are
 * expected, any type to {@code concat}): validation must accept what Spark accepts; the engine
 * reports what it rejects.
 */
public final class SparkOperatorTable implements SqlOperatorTable {
  private static final Set<SqlTypeFamily> STRING = Set.of(SqlTypeFamily.CHARACTER);
  private static final Set<SqlTypeFamily> STRING_OR_BINARY =
      Set.of(SqlTypeFamily.CHARACTER, SqlTypeFamily.BINARY);
  private static final Set<SqlTypeFamily> NUMBER = Set.of(SqlTypeFamily.NUMERIC);
  private static final Set<SqlTypeFamily> BOOLEAN = Set.of(SqlTypeFamily.BOOLEAN);
  private static final Set<SqlTypeFamily> DATE_OR_STRING =
      Set.of(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER);
  private static final Set<SqlTypeFamily> DATE_OR_NUMBER =
      Set.of(SqlTypeFamily.DATETIME, SqlTypeFamily.NUMERIC);
  private static final Set<SqlTypeFamily> NUMBER_OR_STRING =
      Set.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER);
  private static final Set<SqlTypeFamily> ANYTHING = Set.of(SqlTypeFamily.ANY);

  private static final SqlReturnTypeInference NULLABLE_INTEGER = nullable(SqlTypeName.INTEGER);
  private static final SqlReturnTypeInference NULLABLE_BIGINT = nullable(SqlTypeName.BIGINT);
  private static final SqlReturnTypeInference NULLABLE_DOUBLE = nullable(SqlTypeName.DOUBLE);
  private static final SqlReturnTypeInference NULLABLE_STRING = nullable(SqlTypeName.VARCHAR);
  private static final SqlReturnTypeInference NULLABLE_BINARY = nullable(SqlTypeName.VARBINARY);
  private static final SqlReturnTypeInference NULLABLE_DATE = nullable(SqlTypeName.DATE);
  private static final SqlReturnTypeInference NULLABLE_TIMESTAMP =
      ReturnTypes.cascade(
          ReturnTypes.explicit(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 6),
          SqlTypeTransforms.TO_NULLABLE);
  private static final SqlReturnTypeInference NULLABLE_STRING_ARRAY =
      ReturnTypes.cascade(
          binding -> {
            RelDataTypeFactory typeFactory = binding.getTypeFactory();
            return typeFactory.createArrayType(typeFactory.createSqlType(SqlTypeName.VARCHAR), -1);
          },
          SqlTypeTransforms.TO_NULLABLE);

  private static final SqlReturnTypeInference CONCAT_TYPE =
      ReturnTypes.cascade(
          binding -> {
            boolean allArrays = binding.getOperandCount() > 0;
            for (int index = 0; index < binding.getOperandCount(); index++) {
              allArrays &= binding.getOperandType(index).getSqlTypeName() == SqlTypeName.ARRAY;
            }
            return allArrays
                ? binding.getOperandType(0)
                : binding.getTypeFactory().createSqlType(SqlTypeName.VARCHAR);
          },
          SqlTypeTransforms.TO_NULLABLE);

  /** collect_list and collect_set skip nulls and return an empty array for no rows. */
  private static final SqlReturnTypeInference COLLECTION_TYPE =
      binding -> {
        RelDataTypeFactory typeFactory = binding.getTypeFactory();
        return typeFactory.createArrayType(
            typeFactory.createTypeWithNullability(binding.getOperandType(0), false), -1);
      };

  /** percentile_approx returns the column's type, or an array of it for an array of fractions. */
  private static final SqlReturnTypeInference PERCENTILE_TYPE =
      binding -> {
        RelDataTypeFactory typeFactory = binding.getTypeFactory();
        RelDataType value = typeFactory.createTypeWithNullability(binding.getOperandType(0), true);
        return binding.getOperandType(1).getSqlTypeName() == SqlTypeName.ARRAY
            ? typeFactory.createTypeWithNullability(typeFactory.createArrayType(value, -1), true)
            : value;
      };

  /**
   * named_struct('a', x, 'b', y): a struct whose fields are named by the string literals (Spark
   * refuses other names; the engine says so).
   */
  private static final SqlReturnTypeInference NAMED_STRUCT_TYPE =
      binding -> {
        RelDataTypeFactory.Builder fields = binding.getTypeFactory().builder();
        for (int index = 0; index + 1 < binding.getOperandCount(); index += 2) {
          String name = binding.getOperandLiteralValue(index, String.class);
          fields.add(
              name == null ? "col" + (index / 2 + 1) : name, binding.getOperandType(index + 1));
        }
        return fields.build();
      };

  /**
   * struct(x, y): fields named after the columns given (col1, col2, ... for other expressions), as
   * Spark names them.
   */
  private static final SqlReturnTypeInference STRUCT_TYPE =
      binding -> {
        RelDataTypeFactory.Builder fields = binding.getTypeFactory().builder();
        for (int index = 0; index < binding.getOperandCount(); index++) {
          String name = "col" + (index + 1);
          if (binding instanceof org.apache.calcite.sql.SqlCallBinding call
              && call.operand(index) instanceof org.apache.calcite.sql.SqlIdentifier identifier) {
            name = identifier.names.get(identifier.names.size() - 1);
          }
          fields.add(name, binding.getOperandType(index));
        }
        return fields.build();
      };

  /** map(k1, v1, k2, v2, ...): keys and values of their common types; map() has strings. */
  private static final SqlReturnTypeInference MAP_TYPE =
      binding -> {
        RelDataTypeFactory typeFactory = binding.getTypeFactory();
        if (binding.getOperandCount() < 2) {
          RelDataType string = typeFactory.createSqlType(SqlTypeName.VARCHAR);
          return typeFactory.createMapType(string, string);
        }
        List<RelDataType> keys = new java.util.ArrayList<>();
        List<RelDataType> values = new java.util.ArrayList<>();
        for (int index = 0; index + 1 < binding.getOperandCount(); index += 2) {
          keys.add(binding.getOperandType(index));
          values.add(binding.getOperandType(index + 1));
        }
        RelDataType key = typeFactory.leastRestrictive(keys);
        RelDataType value = typeFactory.leastRestrictive(values);
        // Without a common type Spark refuses the call; the engine says so.
        RelDataType any = typeFactory.createSqlType(SqlTypeName.ANY);
        return typeFactory.createMapType(
            typeFactory.createTypeWithNullability(key == null ? any : key, false),
            typeFactory.createTypeWithNullability(value == null ? any : value, true));
      };

  /** date_part('field', source): an int, but a decimal(8,6) for seconds, which have fractions. */
  private static final SqlReturnTypeInference DATE_PART_TYPE =
      binding -> {
        RelDataTypeFactory typeFactory = binding.getTypeFactory();
        String field = binding.getOperandLiteralValue(0, String.class);
        RelDataType type =
            field != null && field.toUpperCase(Locale.ROOT).startsWith("SEC")
                ? typeFactory.createSqlType(SqlTypeName.DECIMAL, 8, 6)
                : typeFactory.createSqlType(SqlTypeName.INTEGER);
        return typeFactory.createTypeWithNullability(type, true);
      };

  /** Spark's first(x): Calcite's grammar reads it as MATCH_RECOGNIZE's FIRST(x, 0). */
  static final SqlOperator FIRST =
      aggregate("first", ReturnTypes.ARG0_FORCE_NULLABLE, operands(1, ANYTHING, BOOLEAN));

  /** Spark's last(x): Calcite's grammar reads it as MATCH_RECOGNIZE's LAST(x, 0). */
  static final SqlOperator LAST =
      aggregate("last", ReturnTypes.ARG0_FORCE_NULLABLE, operands(1, ANYTHING, BOOLEAN));

  private static final List<SqlOperator> FUNCTIONS =
      List.of(
          // Dates and times.
          function("date", NULLABLE_DATE, operands(1, DATE_OR_STRING)),
          function("to_date", NULLABLE_DATE, operands(1, DATE_OR_STRING, STRING)),
          function("to_timestamp", NULLABLE_TIMESTAMP, operands(1, DATE_OR_STRING, STRING)),
          function("date_format", NULLABLE_STRING, operands(2, DATE_OR_STRING, STRING)),
          function("datediff", NULLABLE_INTEGER, operands(2, DATE_OR_STRING, DATE_OR_STRING)),
          function(
              "months_between",
              NULLABLE_DOUBLE,
              operands(2, DATE_OR_STRING, DATE_OR_STRING, BOOLEAN)),
          function("trunc", NULLABLE_DATE, operands(2, DATE_OR_STRING, STRING)),
          function("date_trunc", NULLABLE_TIMESTAMP, operands(2, STRING, DATE_OR_STRING)),
          function("unix_timestamp", NULLABLE_BIGINT, operands(0, DATE_OR_STRING, STRING)),
          function("from_unixtime", NULLABLE_STRING, operands(1, NUMBER, STRING)),
          function("make_date", NULLABLE_DATE, operands(3, NUMBER, NUMBER, NUMBER)),
          function("now", NULLABLE_TIMESTAMP, operands(0)),
          SparkExtractFunction.INSTANCE,
          // Spark's date parts return int; Calcite's return bigint.
          function("year", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("quarter", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("month", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("day", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("dayofmonth", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("dayofweek", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("dayofyear", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("weekofyear", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("hour", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("minute", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          function("second", NULLABLE_INTEGER, operands(1, DATE_OR_STRING)),
          // Strings.
          function("concat", CONCAT_TYPE, variadic(0, ANYTHING)),
          function("substr", NULLABLE_STRING, operands(2, ANYTHING, NUMBER, NUMBER)),
          function("regexp_replace", NULLABLE_STRING, operands(3, STRING, STRING, STRING, NUMBER)),
          function("regexp_extract", NULLABLE_STRING, operands(2, STRING, STRING, NUMBER)),
          function(
              "regexp_extract_all", NULLABLE_STRING_ARRAY, operands(2, STRING, STRING, NUMBER)),
          function("split", NULLABLE_STRING_ARRAY, operands(2, STRING, STRING, NUMBER)),
          function("split_part", NULLABLE_STRING, operands(3, STRING, STRING, NUMBER)),
          function("instr", NULLABLE_INTEGER, operands(2, STRING, STRING)),
          function("locate", NULLABLE_INTEGER, operands(2, STRING, STRING, NUMBER)),
          function("lcase", NULLABLE_STRING, operands(1, STRING)),
          function("ucase", NULLABLE_STRING, operands(1, STRING)),
          function("sha2", NULLABLE_STRING, operands(2, STRING_OR_BINARY, NUMBER)),
          function("sha1", NULLABLE_STRING, operands(1, STRING_OR_BINARY)),
          function("sha", NULLABLE_STRING, operands(1, STRING_OR_BINARY)),
          function("crc32", NULLABLE_BIGINT, operands(1, STRING_OR_BINARY)),
          function("base64", NULLABLE_STRING, operands(1, STRING_OR_BINARY)),
          function("unbase64", NULLABLE_BINARY, operands(1, STRING)),
          function(
              "hex",
              NULLABLE_STRING,
              operands(
                  1, Set.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER, SqlTypeFamily.BINARY))),
          function("unhex", NULLABLE_BINARY, operands(1, STRING)),
          function("format_number", NULLABLE_STRING, operands(2, NUMBER, NUMBER_OR_STRING)),
          function("get_json_object", NULLABLE_STRING, operands(2, STRING, STRING)),
          // A struct, array or map as JSON text, with options as a map.
          function("to_json", NULLABLE_STRING, operands(1, ANYTHING, ANYTHING)),
          function("schema_of_json", NULLABLE_STRING, operands(1, STRING, ANYTHING)),
          function(
              "from_json", SparkJsonSchemas::fromJsonType, operands(2, STRING, STRING, ANYTHING)),
          function("uuid", ReturnTypes.explicit(SqlTypeName.VARCHAR), operands(0)),
          // Numbers and conditions.
          function("pmod", ReturnTypes.LEAST_RESTRICTIVE, operands(2, NUMBER, NUMBER)),
          // Arithmetic that returns NULL where Spark's operators fail (overflow, division by 0).
          function(
              "try_divide",
              ReturnTypes.cascade(
                  binding ->
                      SqlTypeUtil.isExactNumeric(binding.getOperandType(0))
                              && binding.getOperandType(0).getScale() == 0
                              && SqlTypeUtil.isExactNumeric(binding.getOperandType(1))
                              && binding.getOperandType(1).getScale() == 0
                          ? binding.getTypeFactory().createSqlType(SqlTypeName.DOUBLE)
                          : ReturnTypes.QUOTIENT_NULLABLE.inferReturnType(binding),
                  SqlTypeTransforms.FORCE_NULLABLE),
              operands(2, NUMBER, NUMBER)),
          function(
              "try_add",
              ReturnTypes.cascade(ReturnTypes.LEAST_RESTRICTIVE, SqlTypeTransforms.FORCE_NULLABLE),
              operands(2, NUMBER, NUMBER)),
          function(
              "try_subtract",
              ReturnTypes.cascade(ReturnTypes.LEAST_RESTRICTIVE, SqlTypeTransforms.FORCE_NULLABLE),
              operands(2, NUMBER, NUMBER)),
          function("try_multiply", ReturnTypes.PRODUCT_FORCE_NULLABLE, operands(2, NUMBER, NUMBER)),
          function("nanvl", NULLABLE_DOUBLE, operands(2, NUMBER, NUMBER)),
          function("isnull", ReturnTypes.BOOLEAN, operands(1, ANYTHING)),
          function("isnotnull", ReturnTypes.BOOLEAN, operands(1, ANYTHING)),
          function(
              "size",
              ReturnTypes.INTEGER,
              operands(1, Set.of(SqlTypeFamily.ARRAY, SqlTypeFamily.MAP))),
          function(
              "element_at",
              SparkOperatorTable::elementAtType,
              operands(2, Set.of(SqlTypeFamily.ARRAY, SqlTypeFamily.MAP), ANYTHING)),
          function(
              "sequence",
              binding ->
                  binding
                      .getTypeFactory()
                      .createTypeWithNullability(
                          binding.getTypeFactory().createArrayType(binding.getOperandType(0), -1),
                          true),
              operands(2, DATE_OR_NUMBER, DATE_OR_NUMBER, ANYTHING)),
          function(
              "flatten", SparkOperatorTable::flattenType, operands(1, Set.of(SqlTypeFamily.ARRAY))),
          function("named_struct", NAMED_STRUCT_TYPE, variadic(2, ANYTHING)),
          function("struct", STRUCT_TYPE, variadic(1, ANYTHING)),
          function("map", MAP_TYPE, variadic(0, ANYTHING)),
          function("date_part", DATE_PART_TYPE, operands(2, STRING, DATE_OR_STRING)),
          function("last_day", NULLABLE_DATE, operands(1, DATE_OR_STRING)),
          // Aggregates.
          aggregate("median", NULLABLE_DOUBLE, operands(1, NUMBER)),
          aggregate("mode", ReturnTypes.ARG0_FORCE_NULLABLE, operands(1, ANYTHING)),
          aggregate("any_value", ReturnTypes.ARG0_FORCE_NULLABLE, operands(1, ANYTHING, BOOLEAN)),
          aggregate("max_by", ReturnTypes.ARG0_FORCE_NULLABLE, operands(2, ANYTHING, ANYTHING)),
          aggregate("min_by", ReturnTypes.ARG0_FORCE_NULLABLE, operands(2, ANYTHING, ANYTHING)),
          aggregate("array_agg", COLLECTION_TYPE, operands(1, ANYTHING)),
          aggregate("collect_list", COLLECTION_TYPE, operands(1, ANYTHING)),
          aggregate("collect_set", COLLECTION_TYPE, operands(1, ANYTHING)),
          aggregate(
              "percentile_approx",
              PERCENTILE_TYPE,
              operands(
                  2,
                  Set.of(
                      SqlTypeFamily.NUMERIC,
                      SqlTypeFamily.DATETIME,
                      SqlTypeFamily.INTERVAL_DAY_TIME,
                      SqlTypeFamily.INTERVAL_YEAR_MONTH),
                  Set.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.ARRAY),
                  NUMBER)),
          aggregate(
              "approx_percentile",
              PERCENTILE_TYPE,
              operands(
                  2,
                  Set.of(
                      SqlTypeFamily.NUMERIC,
                      SqlTypeFamily.DATETIME,
                      SqlTypeFamily.INTERVAL_DAY_TIME,
                      SqlTypeFamily.INTERVAL_YEAR_MONTH),
                  Set.of(SqlTypeFamily.NUMERIC, SqlTypeFamily.ARRAY),
                  NUMBER)),
          FIRST,
          LAST,
          aggregate("count_if", ReturnTypes.BIGINT, operands(1, BOOLEAN)),
          aggregate(
              "bool_and",
              ReturnTypes.cascade(ReturnTypes.BOOLEAN, SqlTypeTransforms.FORCE_NULLABLE),
              operands(1, BOOLEAN)),
          aggregate(
              "bool_or",
              ReturnTypes.cascade(ReturnTypes.BOOLEAN, SqlTypeTransforms.FORCE_NULLABLE),
              operands(1, BOOLEAN)));

  /** The scalar and aggregate functions, the generators and table functions, the higher-order. */
  private static final List<SqlOperator> ALL_FUNCTIONS = all();

  /** {@code element_at(array, index)}: an element; {@code element_at(map, key)}: a value. */
  private static RelDataType elementAtType(org.apache.calcite.sql.SqlOperatorBinding binding) {
    RelDataType collection = binding.getOperandType(0);
    RelDataType element =
        collection.getSqlTypeName() == SqlTypeName.MAP
            ? collection.getValueType()
            : collection.getComponentType();
    if (element == null) {
      element = binding.getTypeFactory().createSqlType(SqlTypeName.ANY);
    }
    return binding.getTypeFactory().createTypeWithNullability(element, true);
  }

  /** {@code flatten(array of arrays)}: an array of their elements. */
  private static RelDataType flattenType(org.apache.calcite.sql.SqlOperatorBinding binding) {
    RelDataType outer = binding.getOperandType(0);
    RelDataType inner = outer.getComponentType();
    RelDataType element = inner == null ? null : inner.getComponentType();
    if (element == null) {
      element = binding.getTypeFactory().createSqlType(SqlTypeName.ANY);
    }
    return binding
        .getTypeFactory()
        .createTypeWithNullability(binding.getTypeFactory().createArrayType(element, -1), true);
  }

  /** The operator table Sluice validates with: Spark's functions, then Calcite's. */
  public static final SqlOperatorTable INSTANCE = create();

  /** By name, case-insensitively: Spark's function names are, whatever the identifier matching. */
  private final NavigableMap<String, List<SqlOperator>> functionsByName =
      new TreeMap<>(String.CASE_INSENSITIVE_ORDER);

  private static List<SqlOperator> all() {
    List<SqlOperator> all = new ArrayList<>(FUNCTIONS);
    all.addAll(SparkTableFunctions.FUNCTIONS);
    all.addAll(SparkHigherOrderFunctions.FUNCTIONS);
    return List.copyOf(all);
  }

  private SparkOperatorTable() {
    for (SqlOperator function : ALL_FUNCTIONS) {
      functionsByName.computeIfAbsent(function.getName(), name -> new ArrayList<>()).add(function);
    }
    functionsByName.replaceAll((name, functions) -> List.copyOf(functions));
  }

  private static SqlOperatorTable create() {
    SparkOperatorTable spark = new SparkOperatorTable();
    NavigableSet<String> hidden = spark.functionsByName.navigableKeySet();
    return new KnownNamesOperatorTable(
        SqlOperatorTables.chain(
            spark,
            // Operators of other libraries that Spark has too.
            SqlOperatorTables.of(
                SqlLibraryOperators.ILIKE,
                SqlLibraryOperators.NOT_ILIKE,
                SqlLibraryOperators.TRY_CAST,
                SparkOperators.DIV,
                SparkOperators.TIMESTAMP_NTZ,
                SparkOperators.TIMESTAMP_LTZ),
            new HidingOperatorTable(SqlStdOperatorTable.instance(), hidden),
            new HidingOperatorTable(
                SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.SPARK),
                hidden)));
  }

  @Override
  public void lookupOperatorOverloads(
      SqlIdentifier name,
      @Nullable SqlFunctionCategory category,
      SqlSyntax syntax,
      List<SqlOperator> operators,
      SqlNameMatcher nameMatcher) {
    if (!name.isSimple() || syntax.family != SqlSyntax.FUNCTION) {
      return;
    }
    List<SqlOperator> functions = functionsByName.get(name.getSimple());
    if (functions != null) {
      operators.addAll(functions);
    }
  }

  @Override
  public List<SqlOperator> getOperatorList() {
    return ALL_FUNCTIONS;
  }

  private static SqlFunction function(
      String name, SqlReturnTypeInference returnType, SqlOperandTypeChecker operands) {
    return new SqlFunction(
        name.toUpperCase(Locale.ROOT),
        SqlKind.OTHER_FUNCTION,
        returnType,
        null,
        operands,
        SqlFunctionCategory.SYSTEM);
  }

  private static SqlOperator aggregate(
      String name, SqlReturnTypeInference returnType, SqlOperandTypeChecker operands) {
    return SqlBasicAggFunction.create(
            name.toUpperCase(Locale.ROOT), SqlKind.OTHER_FUNCTION, returnType, operands)
        .withFunctionType(SqlFunctionCategory.SYSTEM);
  }

  private static SqlReturnTypeInference nullable(SqlTypeName typeName) {
    return ReturnTypes.cascade(ReturnTypes.explicit(typeName), SqlTypeTransforms.TO_NULLABLE);
  }

  /** Operands by position, the first {@code required} of them mandatory. */
  @SafeVarargs
  private static SqlOperandTypeChecker operands(int required, Set<SqlTypeFamily>... positions) {
    return new FamilyOperands(required, Arrays.asList(positions), false);
  }

  /** At least {@code required} operands, each of the families given. */
  private static SqlOperandTypeChecker variadic(int required, Set<SqlTypeFamily> families) {
    return new FamilyOperands(required, List.of(families), true);
  }

  /**
   * Checks each operand against the type families allowed at its position; NULL and ANY pass
   * everywhere, as Spark casts a NULL literal to whatever is expected.
   */
  private record FamilyOperands(int required, List<Set<SqlTypeFamily>> positions, boolean variadic)
      implements SqlOperandTypeChecker {
    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      for (int index = 0; index < binding.getOperandCount(); index++) {
        Set<SqlTypeFamily> families = positions.get(Math.min(index, positions.size() - 1));
        if (!accepts(families, binding.getOperandType(index))) {
          if (throwOnFailure) {
            throw binding.newValidationSignatureError();
          }
          return false;
        }
      }
      return true;
    }

    private static boolean accepts(Set<SqlTypeFamily> families, RelDataType type) {
      SqlTypeName typeName = type.getSqlTypeName();
      if (typeName == SqlTypeName.NULL || typeName == SqlTypeName.ANY) {
        return true;
      }
      for (SqlTypeFamily family : families) {
        if (family == SqlTypeFamily.ANY || family.contains(type)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public SqlOperandCountRange getOperandCountRange() {
      return variadic
          ? SqlOperandCountRanges.from(required)
          : SqlOperandCountRanges.between(required, positions.size());
    }

    @Override
    public String getAllowedSignatures(SqlOperator operator, String name) {
      StringJoiner signature = new StringJoiner(", ", name + "(", variadic ? ", ...)" : ")");
      for (int index = 0; index < positions.size(); index++) {
        String families = describe(positions.get(index));
        signature.add(index < required ? families : "[" + families + "]");
      }
      return signature.toString();
    }

    private static String describe(Set<SqlTypeFamily> families) {
      List<String> names = new ArrayList<>();
      for (SqlTypeFamily family : families) {
        names.add("<" + family.name() + ">");
      }
      Collections.sort(names);
      return String.join("|", names);
    }

    @Override
    public boolean isOptional(int index) {
      return index >= required;
    }
  }

  /**
   * Answers at once for names no operator has. The validator looks up every unqualified identifier
   * in case it is a function called without parentheses (CURRENT_DATE); nearly all are column
   * names, and the chained tables would each search for them.
   */
  private record KnownNamesOperatorTable(SqlOperatorTable delegate, NavigableSet<String> names)
      implements SqlOperatorTable {
    KnownNamesOperatorTable(SqlOperatorTable delegate) {
      this(delegate, operatorNames(delegate));
    }

    private static NavigableSet<String> operatorNames(SqlOperatorTable table) {
      NavigableSet<String> names = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
      for (SqlOperator operator : table.getOperatorList()) {
        names.add(operator.getName());
      }
      return Collections.unmodifiableNavigableSet(names);
    }

    @Override
    public void lookupOperatorOverloads(
        SqlIdentifier name,
        @Nullable SqlFunctionCategory category,
        SqlSyntax syntax,
        List<SqlOperator> operators,
        SqlNameMatcher nameMatcher) {
      if (name.isSimple() && !names.contains(name.getSimple())) {
        return;
      }
      delegate.lookupOperatorOverloads(name, category, syntax, operators, nameMatcher);
    }

    @Override
    public List<SqlOperator> getOperatorList() {
      return delegate.getOperatorList();
    }
  }

  /** A table without the functions whose names Spark's table defines. */
  private record HidingOperatorTable(SqlOperatorTable delegate, NavigableSet<String> hiddenNames)
      implements SqlOperatorTable {
    @Override
    public void lookupOperatorOverloads(
        SqlIdentifier name,
        @Nullable SqlFunctionCategory category,
        SqlSyntax syntax,
        List<SqlOperator> operators,
        SqlNameMatcher nameMatcher) {
      if (name.isSimple()
          && syntax.family == SqlSyntax.FUNCTION
          && hiddenNames.contains(name.getSimple())) {
        return;
      }
      delegate.lookupOperatorOverloads(name, category, syntax, operators, nameMatcher);
    }

    @Override
    public List<SqlOperator> getOperatorList() {
      List<SqlOperator> visible = new ArrayList<>();
      Set<SqlOperator> seen = new HashSet<>();
      for (SqlOperator operator : delegate.getOperatorList()) {
        if (!(operator instanceof SqlFunction && hiddenNames.contains(operator.getName()))
            && seen.add(operator)) {
          visible.add(operator);
        }
      }
      return visible;
    }
  }
}
