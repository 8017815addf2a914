package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark's {@code INSERT INTO|OVERWRITE [TABLE] t [PARTITION (c [= v], ...)] [IF NOT EXISTS]
 * [(columns)] query}: an INSERT to everything that reads Calcite's, printed as Spark spells it.
 */
public final class SqlSparkInsert extends SqlInsert {
  /** OVERWRITE: the rows replace the table's (or the partition's) rows. */
  public final boolean overwrite;

  /** Whether the client wrote {@code TABLE}; kept so the statement reads as written. */
  public final boolean tableKeyword;

  /** Columns of a static ({@code c = v}) or dynamic ({@code c}) partition, when given. */
  public final @Nullable SqlNodeList partition;

  public final boolean ifNotExists;

  public SqlSparkInsert(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlNode source,
      @Nullable SqlNodeList columns,
      boolean overwrite,
      boolean tableKeyword,
      @Nullable SqlNodeList partition,
      boolean ifNotExists) {
    super(pos, SqlNodeList.EMPTY, table, source, columns);
    this.overwrite = overwrite;
    this.tableKeyword = tableKeyword;
    this.partition = partition;
    this.ifNotExists = ifNotExists;
  }

  /**
   * Calcite's INSERT for a statement that Calcite's INSERT expresses (no OVERWRITE, PARTITION or IF
   * NOT EXISTS; {@code INSERT INTO TABLE t} means {@code INSERT INTO t}), else Spark's.
   */
  public static SqlInsert of(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlNode source,
      @Nullable SqlNodeList columns,
      boolean overwrite,
      boolean tableKeyword,
      @Nullable SqlNodeList partition,
      boolean ifNotExists) {
    if (!overwrite && partition == null && !ifNotExists) {
      return new SqlInsert(pos, SqlNodeList.EMPTY, table, source, columns);
    }
    return new SqlSparkInsert(
        pos, table, source, columns, overwrite, tableKeyword, partition, ifNotExists);
  }

  /** A copy with other operands (Calcite's INSERT operands: keywords, target, source, columns). */
  public SqlSparkInsert copy(SqlParserPos pos, @Nullable SqlNode[] operands) {
    return new SqlSparkInsert(
        pos,
        (SqlIdentifier) operands[1],
        operands[2],
        (SqlNodeList) operands[3],
        overwrite,
        tableKeyword,
        partition,
        ifNotExists);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SELECT);
    writer.keyword(overwrite ? "INSERT OVERWRITE" : "INSERT INTO");
    if (tableKeyword || overwrite) {
      writer.keyword("TABLE");
    }
    getTargetTable().unparse(writer, 0, 0);
    SparkSqlCall.parenthesized(writer, "PARTITION", partition);
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    SqlNodeList columns = getTargetColumnList();
    if (columns != null) {
      SparkSqlCall.parenthesized(writer, columns);
    }
    writer.newlineAndIndent();
    getSource().unparse(writer, 0, 0);
    writer.endList(frame);
  }
}
