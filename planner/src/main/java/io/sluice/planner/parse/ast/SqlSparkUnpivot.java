package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUnpivot;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * UNPIVOT printed as Spark spells it: each unpivoted column's alias is a name ({@code q1 AS Q1}),
 * where Calcite prints a parenthesized row of values ({@code q1 AS ('Q1')}), which Spark does not
 * read. The name column holds the alias's name, as a string.
 */
public final class SqlSparkUnpivot extends SqlUnpivot {
  public SqlSparkUnpivot(
      SqlParserPos pos,
      SqlNode query,
      boolean includeNulls,
      SqlNodeList measureList,
      SqlNodeList axisList,
      SqlNodeList inList) {
    super(pos, query, includeNulls, measureList, axisList, inList);
  }

  /**
   * Calcite's UNPIVOT of the same meaning, for validation, over copies of this one's parts: each
   * alias as the string value the name column takes.
   */
  public SqlUnpivot asCalcite(
      SqlNode query, SqlNodeList measures, SqlNodeList axes, SqlNodeList values) {
    SqlNodeList items = new SqlNodeList(values.getParserPosition());
    for (SqlNode item : values) {
      if (item.getKind() != SqlKind.AS) {
        items.add(item);
        continue;
      }
      SqlCall as = (SqlCall) item;
      SqlNodeList names = new SqlNodeList(as.operand(1).getParserPosition());
      for (SqlNode value : (SqlNodeList) as.operand(1)) {
        names.add(
            value instanceof SqlIdentifier name && name.isSimple()
                ? SqlLiteral.createCharString(name.getSimple(), name.getParserPosition())
                : value);
      }
      items.add(as.getOperator().createCall(as.getParserPosition(), as.operand(0), names));
    }
    return new SqlUnpivot(getParserPosition(), query, includeNulls, measures, axes, items);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    query.unparse(writer, leftPrec, 0);
    writer.keyword("UNPIVOT");
    writer.keyword(includeNulls ? "INCLUDE NULLS" : "EXCLUDE NULLS");
    SqlWriter.Frame frame = writer.startList("(", ")");
    namesOrList(writer, measureList);
    writer.keyword("FOR");
    namesOrList(writer, axisList);
    writer.keyword("IN");
    SqlWriter.Frame in = writer.startList("(", ")");
    for (SqlNode item : inList) {
      writer.sep(",");
      if (item.getKind() == SqlKind.AS) {
        SqlCall as = (SqlCall) item;
        namesOrList(writer, (SqlNodeList) as.operand(0));
        writer.keyword("AS");
        SqlNodeList values = (SqlNodeList) as.operand(1);
        if (values.size() != 1) {
          throw new IllegalStateException("UNPIVOT alias of several values: " + values);
        }
        SqlNode value = values.get(0);
        if (value instanceof SqlLiteral literal && literal.getValue() != null) {
          // Spark's alias is a name; the string it stands for is the value Calcite shows.
          new SqlIdentifier(literal.getValueAs(String.class), literal.getParserPosition())
              .unparse(writer, 0, 0);
        } else {
          value.unparse(writer, 0, 0);
        }
      } else {
        namesOrList(writer, (SqlNodeList) item);
      }
    }
    writer.endList(in);
    writer.endList(frame);
  }

  private static void namesOrList(SqlWriter writer, SqlNodeList names) {
    if (names.size() == 1) {
      names.get(0).unparse(writer, 0, 0);
      return;
    }
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode name : names) {
      writer.sep(",");
      name.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }
}
