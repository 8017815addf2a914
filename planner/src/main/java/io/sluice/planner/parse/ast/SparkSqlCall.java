package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.Locale;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/** A Spark statement that Calcite has no node for: what it does, and how Spark spells it. */
public abstract class SparkSqlCall extends SqlCall {
  private final SqlOperator operator;

  protected SparkSqlCall(SqlParserPos pos, String name, SqlKind kind) {
    super(pos);
    this.operator = new SqlSpecialOperator(name, kind);
  }

  @Override
  public SqlOperator getOperator() {
    return operator;
  }

  /** What the statement does. */
  public abstract StatementKind statementKind();

  /** The statement's name as Spark spells it, for messages: SHOW TABLES, ALTER TABLE, ... */
  public String statementName() {
    return operator.getName();
  }

  /** Prints {@code keyword} followed by the node, when the node is present. */
  static void clause(SqlWriter writer, String keyword, @Nullable SqlNode node) {
    if (node != null) {
      writer.keyword(keyword);
      node.unparse(writer, 0, 0);
    }
  }

  /** Prints {@code (a, b, c)}. */
  static void parenthesized(SqlWriter writer, SqlNodeList list) {
    SqlWriter.Frame frame = writer.startList("(", ")");
    for (SqlNode node : list) {
      writer.sep(",");
      node.unparse(writer, 0, 0);
    }
    writer.endList(frame);
  }

  /** Prints {@code keyword (a, b, c)}, when the list is present. */
  static void parenthesized(SqlWriter writer, String keyword, @Nullable SqlNodeList list) {
    if (list != null) {
      writer.keyword(keyword);
      parenthesized(writer, list);
    }
  }

  /** Prints {@code a, b, c}. */
  static void commaList(SqlWriter writer, SqlNodeList list) {
    boolean first = true;
    for (SqlNode node : list) {
      if (!first) {
        writer.print(",");
      }
      first = false;
      node.unparse(writer, 0, 0);
    }
  }

  static String upper(String text) {
    return text.toUpperCase(Locale.ROOT);
  }
}
