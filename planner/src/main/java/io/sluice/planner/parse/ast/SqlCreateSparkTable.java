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
 * {@code CREATE [OR REPLACE] [EXTERNAL] TABLE [IF NOT EXISTS] t [(columns)] [USING provider]
 * [PARTITIONED BY (...)] [CLUSTERED BY (...) [SORTED BY (...)] INTO n BUCKETS] [LOCATION] [OPTIONS
 * (...)] [COMMENT] [TBLPROPERTIES (...)] [AS query]}, and {@code REPLACE TABLE ...}.
 */
public final class SqlCreateSparkTable extends SparkSqlCall {
  /** CREATE (possibly OR REPLACE); false for REPLACE TABLE, which needs the table to exist. */
  public final boolean create;

  /** OR REPLACE, or REPLACE TABLE: an existing table is replaced. */
  public final boolean replace;

  public final boolean external;
  public final boolean ifNotExists;
  public final SqlIdentifier name;

  /** Columns of {@link SqlColumnDeclaration}. */
  public final @Nullable SqlNodeList columns;

  public final @Nullable SqlIdentifier provider;

  /** Columns or Iceberg transforms: {@code days(ts)}, {@code bucket(16, id)}, ... */
  public final @Nullable SqlNodeList partitionedBy;

  public final @Nullable SqlNodeList clusteredBy;
  public final @Nullable SqlNodeList sortedBy;
  public final @Nullable SqlNode buckets;
  public final @Nullable SqlNode location;
  public final @Nullable SqlNodeList options;
  public final @Nullable SqlNode comment;
  public final @Nullable SqlNodeList properties;
  private @Nullable SqlNode query;

  public SqlCreateSparkTable(
      SqlParserPos pos,
      boolean create,
      boolean replace,
      boolean external,
      boolean ifNotExists,
      SqlIdentifier name,
      @Nullable SqlNodeList columns,
      @Nullable SqlIdentifier provider,
      @Nullable SqlNodeList partitionedBy,
      @Nullable SqlNodeList clusteredBy,
      @Nullable SqlNodeList sortedBy,
      @Nullable SqlNode buckets,
      @Nullable SqlNode location,
      @Nullable SqlNodeList options,
      @Nullable SqlNode comment,
      @Nullable SqlNodeList properties,
      @Nullable SqlNode query) {
    super(
        pos,
        (create ? (replace ? "CREATE OR REPLACE TABLE" : "CREATE TABLE") : "REPLACE TABLE")
            + (query == null ? "" : " AS SELECT"),
        SqlKind.CREATE_TABLE);
    this.create = create;
    this.replace = replace;
    this.external = external;
    this.ifNotExists = ifNotExists;
    this.name = name;
    this.columns = columns;
    this.provider = provider;
    this.partitionedBy = partitionedBy;
    this.clusteredBy = clusteredBy;
    this.sortedBy = sortedBy;
    this.buckets = buckets;
    this.location = location;
    this.options = options;
    this.comment = comment;
    this.properties = properties;
    this.query = query;
  }

  /** The query of CREATE TABLE ... AS, when there is one. */
  public @Nullable SqlNode query() {
    return query;
  }

  /** Replaces the query, with the one the engine runs (names qualified, policies applied). */
  public void setQuery(SqlNode query) {
    if (this.query == null) {
      throw new IllegalStateException("CREATE TABLE without AS has no query to replace");
    }
    this.query = query;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(
        name,
        columns,
        provider,
        partitionedBy,
        clusteredBy,
        sortedBy,
        buckets,
        location,
        options,
        comment,
        properties,
        query);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    if (create) {
      writer.keyword("CREATE");
      if (replace) {
        writer.keyword("OR REPLACE");
      }
    } else {
      writer.keyword("REPLACE");
    }
    if (external) {
      writer.keyword("EXTERNAL");
    }
    writer.keyword("TABLE");
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    name.unparse(writer, 0, 0);
    if (columns != null) {
      parenthesized(writer, columns);
    }
    clause(writer, "USING", provider);
    parenthesized(writer, "PARTITIONED BY", partitionedBy);
    if (clusteredBy != null) {
      parenthesized(writer, "CLUSTERED BY", clusteredBy);
      parenthesized(writer, "SORTED BY", sortedBy);
      clause(writer, "INTO", buckets);
      writer.keyword("BUCKETS");
    }
    clause(writer, "LOCATION", location);
    parenthesized(writer, "OPTIONS", options);
    clause(writer, "COMMENT", comment);
    parenthesized(writer, "TBLPROPERTIES", properties);
    if (query != null) {
      writer.newlineAndIndent();
      writer.keyword("AS");
      query.unparse(writer, 0, 0);
    }
  }
}
