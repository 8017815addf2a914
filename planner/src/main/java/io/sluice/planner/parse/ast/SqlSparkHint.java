package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlHint;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A Spark hint, {@code name} or {@code name(arg, ...)}, whose arguments are numbers, strings or
 * names, as in {@code REPARTITION(8, o_custkey)}: Calcite's hints do not mix them.
 */
public final class SqlSparkHint extends SqlHint {
  private final SqlNodeList arguments;

  public SqlSparkHint(SqlParserPos pos, SqlIdentifier name, SqlNodeList arguments) {
    super(pos, name, arguments, HintOptionFormat.LITERAL_LIST);
    this.arguments = arguments;
  }

  public SqlNodeList arguments() {
    return arguments;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.print(getName().toUpperCase(java.util.Locale.ROOT));
    if (!arguments.isEmpty()) {
      SqlWriter.Frame frame = writer.startList("(", ")");
      for (var argument : arguments) {
        writer.sep(",");
        argument.unparse(writer, 0, 0);
      }
      writer.endList(frame);
    }
  }
}
