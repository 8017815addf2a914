package io.sluice.planner.parse.ast;

import java.math.BigDecimal;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A Spark number literal with a type suffix: {@code 10L} (BIGINT), {@code 2S} (SMALLINT), {@code
 * 1Y} (TINYINT), {@code 3.14D} (DOUBLE), {@code 1.5F} (FLOAT), {@code 1.5BD} (DECIMAL). Without its
 * own token, {@code SELECT 24L} would read as {@code 24 AS L}.
 */
public final class SqlSparkNumber extends SqlNumericLiteral {
  private final String suffix;
  private final SqlTypeName type;

  private SqlSparkNumber(BigDecimal value, String suffix, SqlTypeName type, SqlParserPos pos) {
    super(
        value,
        value.precision(),
        value.scale(),
        type != SqlTypeName.DOUBLE && type != SqlTypeName.FLOAT,
        pos);
    this.suffix = suffix;
    this.type = type;
  }

  /** Reads the token's text, such as {@code 10L} or {@code 1.5bd}. */
  public static SqlSparkNumber parse(String image, SqlParserPos pos) {
    String upper = image.toUpperCase(Locale.ROOT);
    String suffix = upper.endsWith("BD") ? "BD" : upper.substring(upper.length() - 1);
    BigDecimal value = new BigDecimal(upper.substring(0, upper.length() - suffix.length()));
    SqlTypeName type =
        switch (suffix) {
          case "L" -> SqlTypeName.BIGINT;
          case "S" -> SqlTypeName.SMALLINT;
          case "Y" -> SqlTypeName.TINYINT;
          case "D" -> SqlTypeName.DOUBLE;
          case "F" -> SqlTypeName.FLOAT;
          case "BD" -> SqlTypeName.DECIMAL;
          default -> throw new IllegalArgumentException("Not a Spark number literal: " + image);
        };
    return new SqlSparkNumber(value, suffix, type, pos);
  }

  @Override
  public RelDataType createSqlType(RelDataTypeFactory typeFactory) {
    if (type == SqlTypeName.DECIMAL) {
      BigDecimal value = bigDecimalValue();
      return typeFactory.createSqlType(
          SqlTypeName.DECIMAL, Math.max(value.precision(), value.scale()), value.scale());
    }
    return typeFactory.createSqlType(type);
  }

  @Override
  public SqlSparkNumber clone(SqlParserPos pos) {
    return new SqlSparkNumber(bigDecimalValue(), suffix, type, pos);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.literal(bigDecimalValue().toPlainString() + suffix);
  }
}
