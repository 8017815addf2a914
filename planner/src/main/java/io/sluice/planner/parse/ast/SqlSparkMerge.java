package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Spark's {@code MERGE INTO target [[AS] alias] USING source ON condition} followed by {@link
 * SqlMergeClause}s.
 */
public final class SqlSparkMerge extends SparkSqlCall {
  public final SqlIdentifier target;
  public final @Nullable SqlIdentifier alias;

  /** A table or a subquery, with its alias when given; the policies may replace a table. */
  private SqlNode source;

  public final SqlNode condition;
  public final SqlNodeList clauses;

  public SqlSparkMerge(
      SqlParserPos pos,
      SqlIdentifier target,
      @Nullable SqlIdentifier alias,
      SqlNode source,
      SqlNode condition,
      SqlNodeList clauses) {
    super(pos, "MERGE", SqlKind.MERGE);
    this.target = target;
    this.alias = alias;
    this.source = source;
    this.condition = condition;
    this.clauses = clauses;
  }

  /**
   * Calcite's MERGE for a statement that Calcite's MERGE expresses (at most one unconditional
   * {@code WHEN MATCHED THEN UPDATE SET c = e, ...} followed by at most one unconditional {@code
   * WHEN NOT MATCHED THEN INSERT [(columns)] VALUES (...)}), else Spark's.
   */
  public static SqlNode of(
      SqlParserPos pos,
      SqlIdentifier target,
      @Nullable SqlIdentifier alias,
      SqlNode source,
      SqlNode condition,
      SqlNodeList clauses) {
    SqlUpdate update = null;
    SqlInsert insert = null;
    for (SqlNode node : clauses) {
      SqlMergeClause clause = (SqlMergeClause) node;
      if (clause.condition != null || insert != null) {
        return new SqlSparkMerge(pos, target, alias, source, condition, clauses);
      }
      if (clause.match == SqlMergeClause.Match.MATCHED
          && clause.action == SqlMergeClause.Action.UPDATE
          && update == null) {
        update =
            new SqlUpdate(
                clause.getParserPosition(),
                target,
                clause.columns,
                clause.values,
                null,
                null,
                alias);
      } else if (clause.match == SqlMergeClause.Match.NOT_MATCHED
          && clause.action == SqlMergeClause.Action.INSERT) {
        SqlNode row =
            SqlStdOperatorTable.ROW.createCall(
                clause.values.getParserPosition(), clause.values.getList());
        insert =
            new SqlInsert(
                clause.getParserPosition(),
                SqlNodeList.EMPTY,
                target,
                SqlStdOperatorTable.VALUES.createCall(clause.values.getParserPosition(), row),
                clause.columns);
      } else {
        return new SqlSparkMerge(pos, target, alias, source, condition, clauses);
      }
    }
    return new SqlMerge(pos, target, condition, source, update, insert, null, alias);
  }

  /** A table or a subquery, with its alias when given. */
  public SqlNode source() {
    return source;
  }

  @Override
  public void setOperand(int i, @Nullable SqlNode operand) {
    if (i != 2 || operand == null) {
      throw new IllegalArgumentException("Only the source of MERGE can be replaced");
    }
    source = operand;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DML;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(target, alias, source, condition, clauses);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword("MERGE INTO");
    target.unparse(writer, 0, 0);
    clause(writer, "AS", alias);
    writer.newlineAndIndent();
    writer.keyword("USING");
    source.unparse(writer, 0, 0);
    writer.newlineAndIndent();
    clause(writer, "ON", condition);
    for (SqlNode clause : clauses) {
      clause.unparse(writer, 0, 0);
    }
  }
}
