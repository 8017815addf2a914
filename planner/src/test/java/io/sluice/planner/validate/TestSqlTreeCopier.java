package io.sluice.planner.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.planner.parse.StatementParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.type.SqlTypeName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TestSqlTreeCopier {
  private static final StatementParser PARSER = new StatementParser();

  static Stream<String> statements() {
    Stream<String> tpch =
        IntStream.rangeClosed(1, 22).mapToObj(number -> tpchQuery(String.format("q%02d", number)));
    Stream<String> others =
        Stream.of(
            "INSERT INTO t (a, b) SELECT x, y FROM u WHERE x > 1",
            "INSERT INTO t VALUES (1, 'a'), (2, 'b')",
            "UPDATE t SET a = a + 1, b = 'x' WHERE c IN (SELECT c FROM u)",
            "DELETE FROM t AS d WHERE d.a = 1",
            "MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN UPDATE SET b = u.b"
                + " WHEN NOT MATCHED THEN INSERT (a, b) VALUES (u.a, u.b)",
            "SELECT a, row_number() OVER w FROM t WINDOW w AS (PARTITION BY b ORDER BY c)",
            "SELECT * FROM t PIVOT (sum(a) AS s FOR b IN ('x' AS x, 'y' AS y))",
            "SELECT transform(arr, x -> x + 1) FROM t",
            "SELECT /*+ BROADCAST(u) */ t.a FROM t JOIN u USING (a)",
            "SELECT e.device.os, e.tags[1], e.attributes['k'] FROM events AS e",
            "SELECT CASE a WHEN 1 THEN 'one' END, count(DISTINCT b) FROM t GROUP BY a",
            "TABLE t",
            "SELECT a FROM t ORDER BY a DESC NULLS LAST LIMIT 10 OFFSET 5");
    return Stream.concat(tpch, others);
  }

  @ParameterizedTest
  @MethodSource("statements")
  void copyIsEqualAndSharesNoMutableNode(String sql) {
    SqlNode original = PARSER.parse(sql);

    SqlNode copy = SqlTreeCopier.copyForValidation(original);

    assertThat(copy.toString()).isEqualTo(original.toString());
    Set<SqlNode> shared = mutableNodes(original);
    shared.retainAll(mutableNodes(copy));
    assertThat(shared).isEmpty();
  }

  @Test
  void sparkTypeNamesBecomeCalciteTypesInTheCopyOnly() {
    SqlSelect original =
        (SqlSelect)
            PARSER.parse(
                "SELECT CAST(a AS string), CAST(a AS long), CAST(a AS timestamp), CAST(a AS float)"
                    + " FROM t");

    SqlSelect copy = (SqlSelect) SqlTreeCopier.copyForValidation(original);

    assertThat(copy.getSelectList())
        .extracting(item -> typeOfCast(item).getTypeNameSpec().getTypeName().getSimple())
        .containsExactly(
            SqlTypeName.VARCHAR.name(),
            SqlTypeName.BIGINT.name(),
            SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE.name(),
            SqlTypeName.REAL.name());
    assertThat(original.getSelectList())
        .extracting(item -> typeOfCast(item).getTypeNameSpec().getTypeName().getSimple())
        .containsExactly("string", "long", "TIMESTAMP", "FLOAT");
  }

  @Test
  void sparkFirstAndLastBecomeAggregatesInTheCopy() {
    SqlSelect copy =
        (SqlSelect)
            SqlTreeCopier.copyForValidation(PARSER.parse("SELECT first(a), last(b) FROM t"));

    assertThat(copy.getSelectList())
        .allSatisfy(
            item -> {
              assertThat(((SqlCall) item).getOperator().isAggregator()).isTrue();
              assertThat(((SqlCall) item).operandCount()).isEqualTo(1);
            });
  }

  private static SqlDataTypeSpec typeOfCast(SqlNode item) {
    return ((SqlBasicCall) item).operand(1);
  }

  private static Set<SqlNode> mutableNodes(SqlNode root) {
    Set<SqlNode> nodes = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(root, nodes);
    return nodes;
  }

  private static void collect(SqlNode node, Set<SqlNode> nodes) {
    if (node == null) {
      return;
    }
    if (node instanceof SqlNodeList list) {
      nodes.add(list);
      list.forEach(element -> collect(element, nodes));
    } else if (node instanceof SqlCall call) {
      nodes.add(call);
      call.getOperandList().forEach(operand -> collect(operand, nodes));
    } else if (node instanceof org.apache.calcite.sql.SqlIdentifier) {
      nodes.add(node);
    }
  }

  private static String tpchQuery(String name) {
    try (InputStream input =
        TestSqlTreeCopier.class.getResourceAsStream("/tpch/queries/" + name + ".sql")) {
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read TPC-H query " + name, e);
    }
  }
}
