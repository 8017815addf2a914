package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP TABLE [IF EXISTS] t [PURGE]} and {@code DROP VIEW [IF EXISTS] v}. */
public final class SqlDropSparkTable extends SparkSqlCall {
  public final boolean view;
  public final boolean ifExists;
  public final SqlIdentifier name;
  public final boolean purge;

  public SqlDropSparkTable(
      SqlParserPos pos, boolean view, boolean ifExists, SqlIdentifier name, boolean purge) {
    super(pos, view ? "DROP VIEW" : "DROP TABLE", view ? SqlKind.DROP_VIEW : SqlKind.DROP_TABLE);
    this.view = view;
    this.ifExists = ifExists;
    this.name = name;
    this.purge = purge;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<SqlNode> getOperandList() {
    return List.of(name);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(view ? "DROP VIEW" : "DROP TABLE");
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (purge) {
      writer.keyword("PURGE");
    }
  }
}
