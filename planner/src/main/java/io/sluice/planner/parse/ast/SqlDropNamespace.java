package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/** {@code DROP DATABASE|SCHEMA|NAMESPACE [IF EXISTS] name [CASCADE|RESTRICT]}. */
public final class SqlDropNamespace extends SparkSqlCall {
  public final String word;
  public final boolean ifExists;
  public final SqlIdentifier name;

  /** CASCADE drops the namespace's tables and views too; without it a non-empty one stays. */
  public final boolean cascade;

  public SqlDropNamespace(
      SqlParserPos pos, String word, boolean ifExists, SqlIdentifier name, boolean cascade) {
    super(pos, "DROP " + word, SqlKind.DROP_SCHEMA);
    this.word = word;
    this.ifExists = ifExists;
    this.name = name;
    this.cascade = cascade;
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
    writer.keyword("DROP");
    writer.keyword(word);
    if (ifExists) {
      writer.keyword("IF EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (cascade) {
      writer.keyword("CASCADE");
    }
  }
}
