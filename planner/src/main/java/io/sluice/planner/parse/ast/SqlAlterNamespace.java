package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.Arrays;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * {@code ALTER DATABASE|SCHEMA|NAMESPACE n SET DBPROPERTIES|PROPERTIES (k = v, ...)} or {@code ...
 * SET LOCATION 'path'}.
 */
public final class SqlAlterNamespace extends SparkSqlCall {
  /** DATABASE, SCHEMA or NAMESPACE, as written. */
  public final String word;

  public final SqlIdentifier name;

  /** DBPROPERTIES or PROPERTIES, as written, with {@link #properties}; null with a location. */
  public final @Nullable String propertiesWord;

  public final @Nullable SqlNodeList properties;
  public final @Nullable SqlNode location;

  public SqlAlterNamespace(
      SqlParserPos pos,
      String word,
      SqlIdentifier name,
      @Nullable String propertiesWord,
      @Nullable SqlNodeList properties,
      @Nullable SqlNode location) {
    super(pos, "ALTER " + word, SqlKind.OTHER_DDL);
    this.word = word;
    this.name = name;
    this.propertiesWord = propertiesWord;
    this.properties = properties;
    this.location = location;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return Arrays.asList(name, properties, location);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("ALTER");
    writer.keyword(word);
    name.unparse(writer, 0, 0);
    writer.keyword("SET");
    if (properties != null) {
      writer.keyword(propertiesWord);
      parenthesized(writer, properties);
    } else {
      writer.keyword("LOCATION");
      location.unparse(writer, 0, 0);
    }
  }
}
