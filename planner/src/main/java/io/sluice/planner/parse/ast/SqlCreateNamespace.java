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

/**
 * {@code CREATE DATABASE|SCHEMA|NAMESPACE [IF NOT EXISTS] name [COMMENT] [LOCATION] [WITH ...]}.
 */
public final class SqlCreateNamespace extends SparkSqlCall {
  public final String word;
  public final boolean ifNotExists;
  public final SqlIdentifier name;
  public final @Nullable SqlNode comment;
  public final @Nullable SqlNode location;
  public final @Nullable SqlNodeList properties;

  public SqlCreateNamespace(
      SqlParserPos pos,
      String word,
      boolean ifNotExists,
      SqlIdentifier name,
      @Nullable SqlNode comment,
      @Nullable SqlNode location,
      @Nullable SqlNodeList properties) {
    super(pos, "CREATE " + word, SqlKind.CREATE_SCHEMA);
    this.word = word;
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.comment = comment;
    this.location = location;
    this.properties = properties;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, comment, location, properties);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    writer.keyword(word);
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    clause(writer, "COMMENT", comment);
    clause(writer, "LOCATION", location);
    parenthesized(writer, "WITH DBPROPERTIES", properties);
  }
}
