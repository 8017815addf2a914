package io.sluice.planner.unparse;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriterConfig;
import org.apache.calcite.sql.pretty.SqlPrettyWriter;

/** Prints a statement as Spark SQL text, formatted for people to read in logs and audits. */
public final class SparkSqlUnparser {
  private static final SqlWriterConfig CONFIG =
      SqlPrettyWriter.config()
          .withDialect(SluiceSparkSqlDialect.INSTANCE)
          .withQuoteAllIdentifiers(true)
          .withAlwaysUseParentheses(false)
          .withSelectListItemsOnSeparateLines(false)
          .withUpdateSetListNewline(false)
          .withIndentation(2)
          .withClauseStartsLine(true)
          .withFromFolding(SqlWriterConfig.LineFolding.WIDE)
          .withWhereFolding(SqlWriterConfig.LineFolding.TALL);

  private SparkSqlUnparser() {}

  public static String unparse(SqlNode statement) {
    SqlPrettyWriter writer = new SqlPrettyWriter(CONFIG);
    statement.unparse(writer, 0, 0);
    return writer.toSqlString().getSql();
  }
}
