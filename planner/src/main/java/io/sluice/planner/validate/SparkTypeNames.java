package io.sluice.planner.validate;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Spark's type names in CAST and their Calcite equivalents.
 *
 * <p>Calcite's parser reads names it does not know ({@code string}, {@code long}, ...) as
 * user-defined types; they are mapped to Calcite types in the copy that is validated, and printed
 * back as Spark names. Two standard names mean something else in Spark: {@code FLOAT} is four bytes
 * (Calcite's REAL) and {@code TIMESTAMP} is an instant shown in the session time zone (Calcite's
 * TIMESTAMP WITH LOCAL TIME ZONE).
 */
public final class SparkTypeNames {
  private static final Map<String, SqlTypeName> SPARK_ONLY_NAMES =
      Map.of(
          "string", SqlTypeName.VARCHAR,
          "long", SqlTypeName.BIGINT,
          "short", SqlTypeName.SMALLINT,
          "byte", SqlTypeName.TINYINT,
          "timestamp_ntz", SqlTypeName.TIMESTAMP,
          "timestamp_ltz", SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE);

  private SparkTypeNames() {}

  /**
   * The Spark name of a type Calcite's parser read as a user-defined type, in upper case as Spark
   * prints it; empty when it is not a Spark type name.
   */
  public static Optional<String> sparkOnlyName(SqlDataTypeSpec spec) {
    return sparkOnlyName(spec.getTypeNameSpec()).map(name -> name.toUpperCase(Locale.ROOT));
  }

  /**
   * The type as Calcite should validate it; the spec itself when Calcite reads it as Spark does.
   */
  static SqlDataTypeSpec toCalcite(SqlDataTypeSpec spec) {
    SqlTypeNameSpec typeNameSpec = spec.getTypeNameSpec();
    Optional<String> sparkName = sparkOnlyName(typeNameSpec);
    if (sparkName.isPresent()) {
      return withType(spec, SPARK_ONLY_NAMES.get(sparkName.get()), -1);
    }
    if (typeNameSpec instanceof SqlBasicTypeNameSpec basic) {
      SqlTypeName typeName = SqlTypeName.get(basic.getTypeName().getSimple());
      if (typeName == SqlTypeName.FLOAT) {
        return withType(spec, SqlTypeName.REAL, -1);
      }
      if (typeName == SqlTypeName.TIMESTAMP) {
        return withType(spec, SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, basic.getPrecision());
      }
    }
    return spec;
  }

  private static Optional<String> sparkOnlyName(SqlTypeNameSpec typeNameSpec) {
    if (typeNameSpec instanceof SqlUserDefinedTypeNameSpec) {
      SqlIdentifier name = typeNameSpec.getTypeName();
      if (name.isSimple()) {
        String lowerCase = name.getSimple().toLowerCase(Locale.ROOT);
        if (SPARK_ONLY_NAMES.containsKey(lowerCase)) {
          return Optional.of(lowerCase);
        }
      }
    }
    return Optional.empty();
  }

  private static SqlDataTypeSpec withType(
      SqlDataTypeSpec spec, SqlTypeName typeName, int precision) {
    SqlDataTypeSpec mapped =
        new SqlDataTypeSpec(
            new SqlBasicTypeNameSpec(typeName, precision, spec.getParserPosition()),
            spec.getParserPosition());
    Boolean nullable = spec.getNullable();
    return nullable == null ? mapped : mapped.withNullable(nullable);
  }
}
