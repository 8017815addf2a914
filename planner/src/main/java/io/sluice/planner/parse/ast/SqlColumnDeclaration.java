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
 * 'text']}, or of a view's column list, {@code name [COMMENT 'text']}, which has no type.
 */
public final class SqlColumnDeclaration extends SqlCall {
  private static final SqlOperator OPERATOR =
      new SqlSpecialOperator("COLUMN_DECL", SqlKind.COLUMN_DECL);

  public final SqlIdentifier name;
  public final @Nullable SqlDataTypeSpec type;
  public final boolean notNull;
  public final @Nullable SqlNode comment;

  public SqlColumnDeclaration(
      SqlParserPos pos,
      SqlIdentifier name,
      @Nullable SqlDataTypeSpec type,
      boolean notNull,
      @Nullable SqlNode comment) {
    super(pos);
    this.name = name;
    this.type = type;
    this.notNull = notNull;
    this.comment = comment;
  }

  @Override
  public SqlOperator getOperator() {
    return OPERATOR;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, type, comment);
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
  }
}
