package io.sluice.planner.parse.ast;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One {@code key = value} of OPTIONS, TBLPROPERTIES or DBPROPERTIES, or a key alone (UNSET
 * TBLPROPERTIES, SHOW TBLPROPERTIES).
 */
public final class SqlProperty extends SqlCall {
  private static final SqlOperator OPERATOR = new SqlSpecialOperator("PROPERTY", SqlKind.OTHER);

  /** A string literal or a dotted name, as the client wrote it. */
  public final SqlNode key;

  public final @Nullable SqlNode value;

  public SqlProperty(SqlParserPos pos, SqlNode key, @Nullable SqlNode value) {
    super(pos);
    this.key = key;
    this.value = value;
  }

  /** The key's text: {@code write.format.default} whether written quoted or as a name. */
  public String keyText() {
    if (key instanceof SqlIdentifier identifier) {
      return String.join(".", identifier.names);
    }
    return ((SqlLiteral) key).getValueAs(String.class);
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(key, value);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    // A quoted key means the same to Spark as a dotted name, and needs no identifier quoting.
    SqlLiteral.createCharString(keyText(), key.getParserPosition()).unparse(writer, 0, 0);
    if (value != null) {
      writer.print(" = ");
      value.unparse(writer, 0, 0);
    }
  }
}
