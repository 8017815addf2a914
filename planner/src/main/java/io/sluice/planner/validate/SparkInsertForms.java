package io.sluice.planner.validate;

import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.rewrite.PolicyRewriter;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Spark's INSERT forms that Calcite's INSERT does not express, as the INSERT the validator checks
 * in its copy of the statement:
 *
 * <ul>
 *   <li>{@code INSERT INTO t BY NAME query} inserts into the target's columns that the query's
 *       columns name: {@code INSERT INTO t (names of the query's columns) query}.
 *   <li>{@code INSERT INTO t REPLACE WHERE condition query} deletes the rows of t that match the
 *       condition and inserts the query's rows: the condition is validated over the target, in
 *       {@code INSERT INTO t SELECT * FROM (query) WHERE EXISTS (SELECT 1 FROM t WHERE condition)},
 *       where the added reference to t has the target's position, so that the columns the condition
 *       reads are reads of the target.
 * </ul>
 *
 * The names added have no position: they are no reads of the client's.
 */
final class SparkInsertForms {
  private static final SqlParserPos NONE = SqlParserPos.ZERO;

  private SparkInsertForms() {}

  /**
   * @param queryType validates a copy of a query on its own and gives its row type
   */
  static SqlNode expand(SqlNode copy, Function<SqlNode, RelDataType> queryType) {
    if (!(copy instanceof SqlSparkInsert insert)) {
      return copy;
    }
    if (insert.replaceWhere() != null) {
      SqlIdentifier target = (SqlIdentifier) insert.getTargetTable();
      SqlNode targetRows =
          PolicyRewriter.select(
              SqlNodeList.of(SqlLiteral.createExactNumeric("1", NONE)),
              new SqlIdentifier(target.names, target.getParserPosition()),
              insert.replaceWhere());
      SqlNode source =
          PolicyRewriter.select(
              SqlNodeList.of(SqlIdentifier.star(NONE)),
              SqlStdOperatorTable.AS.createCall(
                  NONE,
                  insert.getSource(),
                  new SqlIdentifier(SqlTreeCopier.REPLACING_ROWS_ALIAS, NONE)),
              SqlStdOperatorTable.EXISTS.createCall(NONE, targetRows));
      return insert.withColumns(source, insert.getTargetColumnList());
    }
    if (insert.byName) {
      RelDataType rowType = queryType.apply(SqlTreeCopier.copyForValidation(insert.getSource()));
      SqlNodeList columns = new SqlNodeList(NONE);
      for (RelDataTypeField field : rowType.getFieldList()) {
        columns.add(new SqlIdentifier(field.getName(), NONE));
      }
      return insert.withColumns(insert.getSource(), columns);
    }
    return copy;
  }
}
