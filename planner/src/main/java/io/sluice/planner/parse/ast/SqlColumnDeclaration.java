package io.sluice.planner.parse.ast;

import java.util.List;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSpecialOperator;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A column of CREATE TABLE or ALTER TABLE ADD COLUMNS, {@code name type [NOT NULL] [COMMENT
 * 'text']} (for ADD COLUMNS, a nested field's dotted name and {@code FIRST} or {@code AFTER c}
 * too), or of a view's column list, {@code name [COMMENT 'text']}, which has no type.
 */
public final class SqlColumnDeclaration extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

  public final SqlIdentifier name;
  public final @Nullable SqlDataTypeSpec type;
  public final boolean notNull;
  public final @Nullable SqlNode comment;

  /** ALTER TABLE ADD COLUMNS' {@code FIRST}, or the column of {@code AFTER column}. */
  public final boolean first;

  public final @Nullable SqlIdentifier after;

  public SqlColumnDeclaration(
      SqlParserPos pos,
      SqlIdentifier name,
      @Nullable SqlDataTypeSpec type,
      boolean notNull,
      @Nullable SqlNode comment) {
    this(pos, name, type, notNull, comment, false, null);
  }

  public SqlColumnDeclaration(
      SqlParserPos pos,
      SqlIdentifier name,
      @Nullable SqlDataTypeSpec type,
      boolean notNull,
      @Nullable SqlNode comment,
      boolean first,
      @Nullable SqlIdentifier after) {
    super(pos);
    this.name = name;
    this.type = type;
    this.notNull = notNull;
    this.comment = comment;
    this.first = first;
    this.after = after;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, type, comment, after);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    name.unparse(writer, 0, 0);
    if (type != null) {
      type.unparse(writer, 0, 0);
    }
    if (notNull) {
      writer.keyword("NOT NULL");
    }
    SparkSqlCall.clause(writer, "COMMENT", comment);
    if (first) {
      writer.keyword("FIRST");
    }
    SparkSqlCall.clause(writer, "AFTER", after);
  }
}
