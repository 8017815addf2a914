package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Spark's {@code DESCRIBE}: a table or column, a query's result, a namespace or a function. */
public final class SqlDescribeCommand extends SparkSqlCall {
  /** What is described. */
  public enum Target {
    TABLE,
    QUERY,
    NAMESPACE,
    FUNCTION
  }

  public final Target target;

  /** For a namespace, the word the client used: DATABASE, SCHEMA or NAMESPACE. */
  public final String word;

  /** {@code EXTENDED} or {@code FORMATTED}, when given. */
  public final @Nullable String option;

  /** The table, namespace or function described; absent for a query. */
  public final @Nullable SqlIdentifier name;

  public final @Nullable SqlNodeList partition;

  /** The one column of the table described, when given. */
  public final @Nullable SqlIdentifier column;

  /** The query whose result is described. */
  public final @Nullable SqlNode query;

  public SqlDescribeCommand(
      SqlParserPos pos,
      Target target,
      String word,
      @Nullable String option,
      @Nullable SqlIdentifier name,
      @Nullable SqlNodeList partition,
      @Nullable SqlIdentifier column,
      @Nullable SqlNode query) {
    super(pos, "DESCRIBE " + word, SqlKind.OTHER);
    this.target = target;
    this.word = word;
    this.option = option;
    this.name = name;
    this.partition = partition;
    this.column = column;
    this.query = query;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.METADATA_COMMAND;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, partition, column, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("DESCRIBE");
    switch (target) {
      case QUERY -> {
        writer.keyword("QUERY");
        query.unparse(writer, 0, 0);
      }
      case TABLE -> {
        writer.keyword("TABLE");
        if (option != null) {
          writer.keyword(option);
        }
        name.unparse(writer, 0, 0);
        parenthesized(writer, "PARTITION", partition);
        if (column != null) {
          column.unparse(writer, 0, 0);
        }
      }
      case NAMESPACE, FUNCTION -> {
        writer.keyword(word);
        if (option != null) {
          writer.keyword(option);
        }
        name.unparse(writer, 0, 0);
      }
    }
  }
}
