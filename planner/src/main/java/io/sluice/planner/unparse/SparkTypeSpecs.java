package io.sluice.planner.unparse;

import java.util.Optional;
import java.util.StringJoiner;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlTypeNameSpec;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.util.Litmus;

/**
 * Spark SQL type names for the types Calcite validated, as CAST targets in SQL that Sluice
 * generates: {@code STRING}, {@code DECIMAL(15,2)}, {@code TIMESTAMP_NTZ}, {@code STRUCT<`os`:
 * STRING>}. Field names are quoted and keep their case, so a value cast to a struct's type keeps
 * the struct's field names.
 */
public final class SparkTypeSpecs {
  private SparkTypeSpecs() {}

  /** Spark's name for the type; empty for a type Spark 3.5 has no name for. */
  public static Optional<String> name(RelDataType type) {
    return switch (type.getSqlTypeName()) {
      case BOOLEAN -> Optional.of("BOOLEAN");
      case TINYINT -> Optional.of("TINYINT");
      case SMALLINT -> Optional.of("SMALLINT");
      case INTEGER -> Optional.of("INT");
      case BIGINT -> Optional.of("BIGINT");
      case REAL, FLOAT -> Optional.of("FLOAT");
      case DOUBLE -> Optional.of("DOUBLE");
      case DECIMAL -> Optional.of("DECIMAL(" + type.getPrecision() + "," + type.getScale() + ")");
      case CHAR, VARCHAR -> Optional.of("STRING");
      case BINARY, VARBINARY -> Optional.of("BINARY");
      case DATE -> Optional.of("DATE");
      case TIMESTAMP -> Optional.of("TIMESTAMP_NTZ");
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> Optional.of("TIMESTAMP");
      case ARRAY -> name(type.getComponentType()).map(element -> "ARRAY<" + element + ">");
      case MAP ->
          name(type.getKeyType())
              .flatMap(
                  key -> name(type.getValueType()).map(value -> "MAP<" + key + ", " + value + ">"));
      case ROW -> struct(type);
      default -> Optional.empty();
    };
  }

  /** The type as a CAST target; empty for a type Spark 3.5 has no name for. */
  public static Optional<SqlDataTypeSpec> of(RelDataType type) {
    return name(type).map(SparkTypeSpecs::named);
  }

  /** A CAST target printed exactly as given, which must be a Spark type name. */
  public static SqlDataTypeSpec named(String sparkName) {
    return new SqlDataTypeSpec(new SparkTypeNameSpec(sparkName), SqlParserPos.ZERO);
  }

  private static Optional<String> struct(RelDataType type) {
    StringJoiner fields = new StringJoiner(", ", "STRUCT<", ">");
    for (RelDataTypeField field : type.getFieldList()) {
      Optional<String> fieldType = name(field.getType());
      if (fieldType.isEmpty()) {
        return Optional.empty();
      }
      fields.add("`" + field.getName().replace("`", "``") + "`: " + fieldType.get());
    }
    return Optional.of(fields.toString());
  }

  /** A type name printed exactly as Spark spells it. */
  private static final class SparkTypeNameSpec extends SqlTypeNameSpec {
    private final String sparkName;

    SparkTypeNameSpec(String sparkName) {
      super(new SqlIdentifier(sparkName, SqlParserPos.ZERO), SqlParserPos.ZERO);
      this.sparkName = sparkName;
    }

    @Override
    public RelDataType deriveType(SqlValidator validator) {
      throw new UnsupportedOperationException(
          "Cannot validate Spark type " + sparkName + ": it appears only in generated SQL");
    }

    @Override
    public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
      writer.print(sparkName);
      writer.setNeedWhitespace(true);
    }

    @Override
    public boolean equalsDeep(SqlTypeNameSpec spec, Litmus litmus) {
      if (!(spec instanceof SparkTypeNameSpec other) || !sparkName.equals(other.sparkName)) {
        return litmus.fail("{} != {}", this, spec);
      }
      return litmus.succeed();
    }
  }
}
