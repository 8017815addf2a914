package io.sluice.planner.validate;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.rewrite.PolicyRewriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Spark's {@code INSERT ... PARTITION (c = 'v') query}, in the copy the validator checks: the query
 * gives the table's other columns (or those listed), in order, and the PARTITION clause the rest.
 * The copy inserts {@code SELECT *, 'v' FROM (query)} into the other columns and then {@code c}, so
 * that Calcite checks the columns and their count as Spark will. The added names have no position:
 * they are no reads of the client's.
 */
final class StaticPartitions {
  private static final SqlParserPos NONE = SqlParserPos.ZERO;

  private StaticPartitions() {}

  /** The copy with its static partition values written as columns; the copy itself otherwise. */
  static SqlNode expand(SqlNode copy, SessionContext session, CatalogManager catalogs) {
    if (!(copy instanceof SqlSparkInsert insert) || insert.partition == null) {
      return copy;
    }
    Map<String, SqlNode> values = new LinkedHashMap<>();
    for (SqlNode item : insert.partition) {
      if (item instanceof SqlCall equals && equals.getKind() == SqlKind.EQUALS) {
        values.put(
            ((SqlIdentifier) equals.operand(0)).getSimple().toLowerCase(Locale.ROOT),
            equals.operand(1));
      }
    }
    if (values.isEmpty()) {
      return copy;
    }
    SqlIdentifier target = (SqlIdentifier) insert.getTargetTable();
    Optional<TableMetadata> table =
        ValidationErrors.qualified(target.names, session, catalogs).flatMap(catalogs::table);
    if (table.isEmpty()) {
      // Validation reports the unknown table.
      return copy;
    }
    List<SqlNode> columns = new ArrayList<>();
    if (insert.getTargetColumnList() != null) {
      columns.addAll(insert.getTargetColumnList().getList());
    } else {
      for (ColumnMetadata column : table.get().columns()) {
        if (!values.containsKey(column.name())) {
          columns.add(new SqlIdentifier(column.name(), NONE));
        }
      }
    }
    List<SqlNode> selectList = new ArrayList<>();
    selectList.add(SqlIdentifier.star(NONE));
    for (Map.Entry<String, SqlNode> value : values.entrySet()) {
      columns.add(new SqlIdentifier(value.getKey(), NONE));
      selectList.add(value.getValue());
    }
    SqlNode source =
        PolicyRewriter.select(
            new SqlNodeList(selectList, NONE),
            SqlStdOperatorTable.AS.createCall(
                NONE, insert.getSource(), new SqlIdentifier("partition_rows", NONE)),
            null);
    return new SqlInsert(
        insert.getParserPosition(),
        SqlNodeList.EMPTY,
        target,
        source,
        new SqlNodeList(columns, NONE));
  }
}
