package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark's {@code SET} ({@code SET}, {@code SET -v}, {@code SET key}, {@code SET key = value}) and
 * {@code RESET} ({@code RESET}, {@code RESET key}). Spark reads these from the text, not as SQL
 * tokens (a key such as {@code spark.sql.shuffle.partitions} or a value such as {@code 2g} is not
 * SQL), and so does Sluice.
 */
public final class SqlSetCommand extends SparkSqlCall {
  /** RESET rather than SET. */
  public final boolean reset;

  /** The key, without surrounding white space or backticks; absent for SET and RESET alone. */
  public final @Nullable String key;

  /** The value of {@code SET key = value}, without surrounding white space. */
  public final @Nullable String value;

  /** {@code SET -v}: also the descriptions of the keys. */
  public final boolean verbose;

  public SqlSetCommand(
      SqlParserPos pos,
      boolean reset,
      @Nullable String key,
      @Nullable String value,
      boolean verbose) {
    super(pos, reset ? "RESET" : "SET", reset ? SqlKind.OTHER : SqlKind.SET_OPTION);
    this.reset = reset;
    this.key = key;
    this.value = value;
    this.verbose = verbose;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.SESSION_COMMAND;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of();
  }

  @Override
  public boolean equalsDeep(@Nullable SqlNode node, org.apache.calcite.util.Litmus litmus) {
    if (!(node instanceof SqlSetCommand other)) {
      return litmus.fail("{} != {}", this, node);
    }
    boolean same =
        reset == other.reset
            && verbose == other.verbose
            && java.util.Objects.equals(key, other.key)
            && java.util.Objects.equals(value, other.value);
    return same ? litmus.succeed() : litmus.fail("{} != {}", this, node);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(reset ? "RESET" : "SET");
    if (verbose) {
      writer.print("-v");
    } else if (key != null) {
      writer.print(key);
      if (value != null) {
        writer.print("=" + value);
      }
    }
  }
}
