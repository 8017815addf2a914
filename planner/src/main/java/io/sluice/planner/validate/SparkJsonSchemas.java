package io.sluice.planner.validate;

import io.sluice.planner.parse.StatementParser;
import io.sluice.planner.parse.ast.SqlColumnDeclaration;
import io.sluice.planner.parse.ast.SqlCreateSparkTable;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperatorBinding;

/**
 * {@code from_json(json, 'a INT, b ARRAY<INT>')}: a struct whose fields the schema string names,
 * read with Sluice's own grammar for column lists, typed as Spark types them.
 */
final class SparkJsonSchemas {
  private static final StatementParser PARSER = new StatementParser();

  private SparkJsonSchemas() {}

  static RelDataType fromJsonType(SqlOperatorBinding binding) {
    String schema =
        binding.isOperandLiteral(1, false) ? binding.getOperandLiteralValue(1, String.class) : null;
    if (schema == null) {
      throw invalid("schema must be a string literal, such as 'a INT, b ARRAY<INT>'");
    }
    SqlNode parsed;
    try {
      parsed = PARSER.parse("CREATE TABLE from_json_schema (" + schema + ") USING json");
    } catch (SluiceException e) {
      throw invalid("schema '" + schema + "' is not a list of columns and types");
    }
    if (!(parsed instanceof SqlCreateSparkTable table)
        || table.columns == null
        || table.query() != null) {
      throw invalid("schema '" + schema + "' is not a list of columns and types");
    }
    RelDataTypeFactory types = binding.getTypeFactory();
    List<String> names = new ArrayList<>();
    List<RelDataType> fields = new ArrayList<>();
    for (SqlNode node : table.columns) {
      SqlColumnDeclaration column = (SqlColumnDeclaration) node;
      if (column.type == null) {
        throw invalid("schema's column " + column.name + " has no type");
      }
      names.add(column.name.getSimple());
      RelDataType type;
      try {
        type = SparkTypeStrings.toCalcite(column.type.getTypeName().getSimple(), types);
      } catch (IllegalArgumentException e) {
        throw invalid("schema's column " + column.name + " has a type Sluice does not know");
      }
      fields.add(types.createTypeWithNullability(type, true));
    }
    return types.createTypeWithNullability(types.createStructType(fields, names), true);
  }

  private static SluiceException invalid(String why) {
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR, "Cannot validate statement: from_json's " + why);
  }
}
