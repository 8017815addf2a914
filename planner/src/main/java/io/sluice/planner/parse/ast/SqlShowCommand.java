package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** Spark's {@code SHOW} commands. */
public final class SqlShowCommand extends SparkSqlCall {
  /** What is shown. */
  public enum Target {
    CATALOGS,
    /** {@code SHOW DATABASES|SCHEMAS|NAMESPACES}. */
    NAMESPACES,
    TABLES,
    TABLE_EXTENDED,
    VIEWS,
    FUNCTIONS,
    COLUMNS,
    TBLPROPERTIES,
    CREATE_TABLE,
    PARTITIONS,
    CURRENT_NAMESPACE
  }

  public final Target target;

  /** The words after SHOW as the client wrote them: {@code DATABASES} or {@code SCHEMAS}, ... */
  public final String words;

  /** {@code IN namespace}, when given. */
  public final @Nullable SqlIdentifier namespace;

  /** The table of SHOW COLUMNS, TBLPROPERTIES, CREATE TABLE and PARTITIONS. */
  public final @Nullable SqlIdentifier table;

  /** {@code LIKE 'pattern'}, when given: Spark's pattern, {@code *} for any and {@code |}. */
  public final @Nullable SqlNode pattern;

  /** The one property SHOW TBLPROPERTIES asks for, when given. */
  public final @Nullable SqlNode propertyKey;

  /** {@code SHOW CREATE TABLE t AS SERDE}. */
  public final boolean asSerde;

  /** {@code USER}, {@code SYSTEM} or {@code ALL} before FUNCTIONS, when given. */
  public final @Nullable String functionScope;

  public SqlShowCommand(
      SqlParserPos pos,
      Target target,
      String words,
      @Nullable SqlIdentifier namespace,
      @Nullable SqlIdentifier table,
      @Nullable SqlNode pattern,
      @Nullable SqlNode propertyKey,
      boolean asSerde,
      @Nullable String functionScope) {
    super(pos, "SHOW " + words, SqlKind.OTHER);
    this.target = target;
    this.words = words;
    this.namespace = namespace;
    this.table = table;
    this.pattern = pattern;
    this.propertyKey = propertyKey;
    this.asSerde = asSerde;
    this.functionScope = functionScope;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.METADATA_COMMAND;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(namespace, table, pattern, propertyKey);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("SHOW");
    if (functionScope != null) {
      writer.keyword(functionScope);
    }
    writer.keyword(words);
    switch (target) {
      case COLUMNS -> {
        clause(writer, "IN", table);
        clause(writer, "IN", namespace);
      }
      case TBLPROPERTIES -> {
        table.unparse(writer, 0, 0);
        if (propertyKey != null) {
          SqlWriter.Frame frame = writer.startList("(", ")");
          new SqlProperty(propertyKey.getParserPosition(), propertyKey, null).unparse(writer, 0, 0);
          writer.endList(frame);
        }
      }
      case CREATE_TABLE -> {
        table.unparse(writer, 0, 0);
        if (asSerde) {
          writer.keyword("AS SERDE");
        }
      }
      case PARTITIONS -> table.unparse(writer, 0, 0);
      default -> {
        clause(writer, "IN", namespace);
        clause(writer, "LIKE", pattern);
      }
    }
  }
}
