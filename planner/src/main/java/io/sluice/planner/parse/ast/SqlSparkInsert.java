package io.sluice.planner.parse.ast;

import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark's {@code INSERT INTO|OVERWRITE [TABLE] t [PARTITION (c [= v], ...)] [IF NOT EXISTS] [BY
 * NAME | (columns)] query} and {@code INSERT INTO t REPLACE WHERE condition query}: an INSERT to
 * everything that reads Calcite's, printed as Spark spells it.
 */
public final class SqlSparkInsert extends SqlInsert {
  /** OVERWRITE: the rows replace the table's (or the partition's) rows. */
  public final boolean overwrite;

  /** Whether the client wrote {@code TABLE}; kept so the statement reads as written. */
  public final boolean tableKeyword;

  /** Columns of a static ({@code c = v}) or dynamic ({@code c}) partition, when given. */
  public final @Nullable SqlNodeList partition;

  public final boolean ifNotExists;

  /** BY NAME: the query's columns go to the target's columns of the same names. */
  public final boolean byName;

  /** REPLACE WHERE: the target's rows that match it are replaced by the query's rows. */
  private @Nullable SqlNode replaceWhere;

  public SqlSparkInsert(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlNode source,
      @Nullable SqlNodeList columns,
      boolean overwrite,
      boolean tableKeyword,
      @Nullable SqlNodeList partition,
      boolean ifNotExists,
      boolean byName,
      @Nullable SqlNode replaceWhere) {
    super(pos, SqlNodeList.EMPTY, table, source, columns);
    this.overwrite = overwrite;
    this.tableKeyword = tableKeyword;
    this.partition = partition;
    this.ifNotExists = ifNotExists;
    this.byName = byName;
    this.replaceWhere = replaceWhere;
  }

  /**
   * Calcite's INSERT for a statement that Calcite's INSERT expresses (no OVERWRITE, PARTITION, IF
   * NOT EXISTS, BY NAME or REPLACE WHERE; {@code INSERT INTO TABLE t} means {@code INSERT INTO t}),
   * else Spark's.
   */
  public static SqlInsert of(
      SqlParserPos pos,
      SqlIdentifier table,
      SqlNode source,
      @Nullable SqlNodeList columns,
      boolean overwrite,
      boolean tableKeyword,
      @Nullable SqlNodeList partition,
      boolean ifNotExists,
      boolean byName,
      @Nullable SqlNode replaceWhere) {
    if (!overwrite && partition == null && !ifNotExists && !byName && replaceWhere == null) {
      return new SqlInsert(pos, SqlNodeList.EMPTY, table, source, columns);
    }
    return new SqlSparkInsert(
        pos,
        table,
        source,
        columns,
        overwrite,
        tableKeyword,
        partition,
        ifNotExists,
        byName,
        replaceWhere);
  }

  public @Nullable SqlNode replaceWhere() {
    return replaceWhere;
  }

  /** Calcite's INSERT operands (keywords, target, source, columns), then REPLACE WHERE's. */
  @Override
  public List<@Nullable SqlNode> getOperandList() {
    List<@Nullable SqlNode> operands = new ArrayList<>(super.getOperandList());
    if (replaceWhere != null) {
      operands.add(replaceWhere);
    }
    return operands;
  }

  @Override
  public void setOperand(int i, @Nullable SqlNode operand) {
    if (i == 4 && replaceWhere != null) {
      replaceWhere = operand;
    } else {
      super.setOperand(i, operand);
    }
  }

  /**
   * A copy with other operands (Calcite's INSERT operands: keywords, target, source, columns; then
   * REPLACE WHERE's condition).
   */
  public SqlSparkInsert copy(SqlParserPos pos, @Nullable SqlNode[] operands) {
    return new SqlSparkInsert(
        pos,
        (SqlIdentifier) operands[1],
        operands[2],
        (SqlNodeList) operands[3],
        overwrite,
        tableKeyword,
        partition,
        ifNotExists,
        byName,
        operands.length > 4 ? operands[4] : null);
  }

  /** A copy with another source and target column list (the validator's form of BY NAME). */
  public SqlSparkInsert withColumns(SqlNode source, SqlNodeList columns) {
    return new SqlSparkInsert(
        getParserPosition(),
        (SqlIdentifier) getTargetTable(),
        source,
        columns,
        overwrite,
        tableKeyword,
        partition,
        ifNotExists,
        false,
        null);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    SqlWriter.Frame frame = writer.startList(SqlWriter.FrameTypeEnum.SELECT);
    writer.keyword(overwrite ? "INSERT OVERWRITE" : "INSERT INTO");
    if (tableKeyword || overwrite) {
      writer.keyword("TABLE");
    }
    getTargetTable().unparse(writer, 0, 0);
    if (replaceWhere != null) {
      writer.keyword("REPLACE WHERE");
      replaceWhere.unparse(writer, 0, 0);
    }
    SparkSqlCall.parenthesized(writer, "PARTITION", partition);
    if (ifNotExists) {
      writer.keyword("IF NOT EXISTS");
    }
    if (byName) {
      writer.keyword("BY NAME");
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
