package io.sluice.planner.parse.ast;

import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSnapshot;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * A table read as of a snapshot: {@code t VERSION AS OF 'tag'} (a tag, a branch or a snapshot id)
 * or {@code t TIMESTAMP AS OF expr}. To the rest of the planner it is Calcite's snapshot of the
 * table (kind SNAPSHOT); it prints itself as Spark spells it.
 */
public final class SqlSparkTimeTravel extends SqlSnapshot {
  /** True for VERSION AS OF, false for TIMESTAMP AS OF. */
  public final boolean version;

  public SqlSparkTimeTravel(SqlParserPos pos, SqlNode tableRef, boolean version, SqlNode point) {
    super(pos, tableRef, point);
    this.version = version;
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    getTableRef().unparse(writer, 0, 0);
    writer.keyword(version ? "VERSION AS OF" : "TIMESTAMP AS OF");
    getPeriod().unparse(writer, 0, 0);
  }
}
