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
 * {@code CREATE [OR REPLACE] [[GLOBAL] TEMPORARY] VIEW [IF NOT EXISTS] v [(c [COMMENT], ...)]
 * [COMMENT] [TBLPROPERTIES (...)] AS query}.
 */
public final class SqlCreateSparkView extends SparkSqlCall {
  public final boolean orReplace;

  /** {@code TEMPORARY} or {@code GLOBAL TEMPORARY}; absent for a view kept in the catalog. */
  public final @Nullable String temporary;

  public final boolean ifNotExists;
  public final SqlIdentifier name;

  /** Columns of {@link SqlColumnDeclaration} without types. */
  public final @Nullable SqlNodeList columns;

  public final @Nullable SqlNode comment;
  public final @Nullable SqlNodeList properties;
  public final SqlNode query;

  public SqlCreateSparkView(
      SqlParserPos pos,
      boolean orReplace,
      @Nullable String temporary,
      boolean ifNotExists,
      SqlIdentifier name,
      @Nullable SqlNodeList columns,
      @Nullable SqlNode comment,
      @Nullable SqlNodeList properties,
      SqlNode query) {
    super(
        pos, "CREATE " + (temporary == null ? "" : temporary + " ") + "VIEW", SqlKind.CREATE_VIEW);
    this.orReplace = orReplace;
    this.temporary = temporary;
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.columns = columns;
    this.comment = comment;
    this.properties = properties;
    this.query = query;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, columns, comment, properties, query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("CREATE");
    if (orReplace) {
      writer.keyword("OR REPLACE");
    }
    if (temporary != null) {
      writer.keyword(temporary);
    }
    writer.keyword("VIEW");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (columns != null) {
      parenthesized(writer, columns);
    }
    clause(writer, "COMMENT", comment);
    parenthesized(writer, "TBLPROPERTIES", properties);
    writer.newlineAndIndent();
    writer.keyword("AS");
    query.unparse(writer, 0, 0);
  }
}
