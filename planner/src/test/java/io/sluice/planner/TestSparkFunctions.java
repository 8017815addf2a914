package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.planner.unparse.SparkParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Spark functions BI tools and TPC-H use validate, keep their Spark meaning in the SQL sent to
 * Spark, and that SQL is accepted by Spark's parser.
 */
class TestSparkFunctions {
  private static final List<String> SCALAR_EXPRESSIONS =
      List.of(
          // Dates and times.
          "current_date",
          "current_date()",
          "current_timestamp",
          "current_timestamp()",
          "now()",
          "date_add(l_shipdate, 1)",
          "date_sub(l_shipdate, 1)",
          "datediff(l_receiptdate, l_shipdate)",
          "date_format(l_shipdate, 'yyyy-MM')",
          "to_date('2020-01-01')",
          "to_date(l_comment, 'yyyy-MM-dd')",
          "to_timestamp('2020-01-01 00:00:00')",
          "to_timestamp(l_comment, 'yyyy-MM-dd HH:mm')",
          "date('1994-01-01')",
          "year(l_shipdate)",
          "month(l_shipdate)",
          "day(l_shipdate)",
          "dayofmonth(l_shipdate)",
          "dayofweek(l_shipdate)",
          "quarter(l_shipdate)",
          "hour(current_timestamp)",
          "minute(current_timestamp)",
          "second(current_timestamp)",
          "trunc(l_shipdate, 'MM')",
          "date_trunc('MONTH', l_shipdate)",
          "last_day(l_shipdate)",
          "add_months(l_shipdate, 1)",
          "months_between(l_receiptdate, l_shipdate)",
          "unix_timestamp()",
          "unix_timestamp(l_shipdate)",
          "unix_timestamp(l_comment, 'yyyy-MM-dd')",
          "from_unixtime(l_orderkey)",
          "from_unixtime(l_orderkey, 'yyyy')",
          "extract(YEAR FROM l_shipdate)",
          "l_shipdate + INTERVAL '1' DAY",
          "l_shipdate - INTERVAL '3' MONTH",
          "DATE '1998-12-01' - INTERVAL '90' DAY",
          // Strings.
          // Higher-order functions.
          "transform(split(l_comment, ' '), x -> upper(x))",
          "filter(split(l_comment, ' '), (w, i) -> i > 0 AND length(w) > 3)",
          "exists(array(l_quantity), q -> q > 45)",
          "forall(array(l_discount), d -> d <= 0.10)",
          "aggregate(array(l_extendedprice), 0D, (acc, p) -> acc + p, acc -> round(acc, 2))",
          "zip_with(array(1, 2), array(l_linenumber), (a, b) -> a + b)",
          "map_filter(map('a', l_quantity), (k, v) -> v > 5)",
          "transform_values(map('a', l_quantity), (k, v) -> v * 100)",
          "transform_keys(map('a', l_quantity), (k, v) -> upper(k))",
          "array_sort(array(3, 1, 2), (l, r) -> CASE WHEN l < r THEN 1 WHEN l > r THEN -1 ELSE 0 END)",
          "array_sort(array(3, 1, 2))",
          "to_json(named_struct('k', l_orderkey, 'flag', l_returnflag))",
          "to_json(array(l_orderkey))",
          "l_extendedprice DIV 1000",
          "l_orderkey DIV 7 * 2",
          "try_divide(l_extendedprice, 0)",
          "try_divide(l_orderkey, 2)",
          "try_add(l_orderkey, 1)",
          "try_multiply(l_quantity, 2)",
          "try_cast(l_comment AS INT)",
          "from_json('{\"a\": 1, \"b\": [1, 2]}', 'a INT, b ARRAY<INT>').b[0]",
          "element_at(map('F', 'final', 'O', 'open'), l_returnflag)",
          "element_at(split(l_comment, ' '), 1)",
          "sequence(1, l_linenumber)",
          "flatten(array(array(1, 2), array(l_linenumber)))",
          "schema_of_json('{\"a\": 1}')",
          "concat(l_returnflag, l_linestatus)",
          "concat(l_returnflag, '-', l_linenumber)",
          "concat_ws('-', l_returnflag, l_linestatus)",
          "l_returnflag || l_linestatus",
          "substr(l_comment, 1, 3)",
          "substr(l_comment, 2)",
          "substring(l_comment, 1, 3)",
          "substring(l_comment FROM 1 FOR 3)",
          "upper(l_comment)",
          "lower(l_comment)",
          "trim(l_comment)",
          "trim(BOTH 'x' FROM l_comment)",
          "trim(LEADING ' ' FROM l_comment)",
          "trim(TRAILING l_returnflag FROM l_comment)",
          "position('a' IN l_comment)",
          "ltrim(l_comment)",
          "rtrim(l_comment)",
          "length(l_comment)",
          "char_length(l_comment)",
          "lpad(l_comment, 5, 'x')",
          "rpad(l_comment, 5, 'x')",
          "replace(l_comment, 'a', 'b')",
          "regexp_replace(l_comment, '[0-9]+', '#')",
          "regexp_extract(l_comment, '([a-z]+)', 1)",
          "split(l_comment, ' ')",
          "split_part(l_comment, ' ', 2)",
          "instr(l_comment, 'a')",
          "locate('a', l_comment)",
          "locate('a', l_comment, 2)",
          "initcap(l_comment)",
          "reverse(l_comment)",
          "repeat(l_comment, 2)",
          "sha2(l_comment, 256)",
          "md5(l_comment)",
          "coalesce(l_comment, 'none')",
          "nvl(l_comment, 'none')",
          "nvl2(l_comment, 'some', 'none')",
          "nullif(l_comment, '')",
          "ifnull(l_comment, 'none')",
          "if(l_quantity > 10, 'big', 'small')",
          // Numbers.
          "abs(l_quantity)",
          "round(l_extendedprice, 1)",
          "round(l_extendedprice)",
          "floor(l_extendedprice)",
          "ceil(l_extendedprice)",
          "ceiling(l_extendedprice)",
          "power(l_discount, 2)",
          "pow(l_discount, 2)",
          "sqrt(l_extendedprice)",
          "exp(l_discount)",
          "ln(l_extendedprice)",
          "log(10, l_extendedprice)",
          "log10(l_extendedprice)",
          "mod(l_linenumber, 2)",
          "pmod(l_linenumber, 2)",
          "sign(l_discount)",
          "greatest(l_quantity, l_tax)",
          "least(l_quantity, l_tax)",
          "rand()",
          "rand(42)",
          // Conditions and predicates.
          "CASE WHEN l_quantity > 10 THEN 'big' ELSE 'small' END",
          "CASE l_returnflag WHEN 'R' THEN 1 ELSE 0 END",
          "l_comment LIKE '%x%'",
          "l_comment NOT LIKE '%x%'",
          "l_comment ILIKE '%x%'",
          "l_comment RLIKE '[a-z]+'",
          "l_linenumber IN (1, 2)",
          "l_shipdate BETWEEN DATE '1995-01-01' AND DATE '1995-12-31'",
          "l_shipdate NOT BETWEEN DATE '1995-01-01' AND DATE '1995-12-31'",
          "l_comment IS NOT NULL",
          // Windows.
          "row_number() OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "rank() OVER (PARTITION BY l_orderkey ORDER BY l_quantity DESC)",
          "dense_rank() OVER (ORDER BY l_quantity)",
          "percent_rank() OVER (ORDER BY l_quantity)",
          "cume_dist() OVER (ORDER BY l_quantity)",
          "ntile(4) OVER (ORDER BY l_quantity)",
          "lag(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "lag(l_quantity, 1, 0) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "lead(l_quantity, 1) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "first_value(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "last_value(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "nth_value(l_quantity, 2) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber)",
          "sum(l_quantity) OVER (PARTITION BY l_orderkey ORDER BY l_linenumber"
              + " ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
          "avg(l_quantity) OVER (PARTITION BY l_orderkey)");

  private static final List<String> AGGREGATES =
      List.of(
          "count(*)",
          "count(l_comment)",
          "count(DISTINCT l_suppkey)",
          "sum(l_quantity)",
          "avg(l_quantity)",
          "min(l_shipdate)",
          "max(l_shipdate)",
          "stddev(l_quantity)",
          "stddev_samp(l_quantity)",
          "stddev_pop(l_quantity)",
          "variance(l_quantity)",
          "var_samp(l_quantity)",
          "var_pop(l_quantity)",
          "collect_list(l_linenumber)",
          "collect_set(l_linenumber)",
          "approx_count_distinct(l_suppkey)",
          "percentile_approx(l_quantity, 0.5)",
          "percentile_approx(l_quantity, 0.5, 100)",
          "first(l_comment)",
          "last(l_comment)",
          "any_value(l_comment)",
          "count_if(l_quantity > 10)",
          "bool_or(l_quantity > 10)",
          "sum(l_quantity) / count(*)");

  @TempDir static Path directory;
  private static TestingCatalog catalog;
  private static Planner planner;

  @BeforeAll
  static void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
    planner =
        new Planner(catalog.catalogManager(Duration.ofMinutes(1)), TestingAccessControl.allowAll());
  }

  @AfterAll
  static void closeCatalog() throws Exception {
    catalog.close();
  }

  static Stream<String> scalarExpressions() {
    return SCALAR_EXPRESSIONS.stream();
  }

  static Stream<String> aggregates() {
    return AGGREGATES.stream();
  }

  @ParameterizedTest
  @MethodSource("scalarExpressions")
  void scalarFunctionValidates(String expression) {
    assertThat(planner.plan(scalarQuery(expression), TestingCatalog.TPCH_SESSION).engineSql())
        .isPresent();
  }

  @ParameterizedTest
  @MethodSource("aggregates")
  void aggregateIsRecognizedAsAnAggregate(String aggregate) {
    // A function Calcite did not resolve as an aggregate fails "not being grouped" here.
    assertThat(planner.plan(aggregateQuery(aggregate), TestingCatalog.TPCH_SESSION).engineSql())
        .isPresent();
  }

  @Test
  void functionsReturnSparkTypes() {
    PlannedStatement planned =
        planner.plan(
            "SELECT year(l_shipdate), extract(YEAR FROM l_shipdate),"
                + " extract(SECOND FROM current_timestamp), datediff(l_receiptdate, l_shipdate),"
                + " date_trunc('MONTH', l_shipdate), split(l_comment, ' '), concat(l_comment, 1),"
                + " count(*), collect_list(l_linenumber), percentile_approx(l_quantity, 0.5),"
                + " row_number() OVER (ORDER BY l_orderkey)"
                + " FROM lineitem GROUP BY l_shipdate, l_receiptdate, l_comment, l_orderkey",
            TestingCatalog.TPCH_SESSION);

    assertThat(planned.resultColumns())
        .extracting(column -> column.type().sparkName())
        .containsExactly(
            "int",
            "int",
            "decimal(8,6)",
            "int",
            "timestamp",
            "array<string>",
            "string",
            "bigint",
            "array<int>",
            "decimal(15,2)",
            "int");
  }

  @Test
  void functionNamesAreSentAsWritten() {
    assertThat(
            planner
                .plan(
                    "SELECT substr(l_comment, 1, 3), date_trunc('MONTH', l_shipdate),"
                        + " `datediff`(l_receiptdate, l_shipdate) FROM lineitem",
                    TestingCatalog.TPCH_SESSION)
                .engineSql())
        .hasValue(
            "SELECT SUBSTR(`l_comment`, 1, 3), DATE_TRUNC('MONTH', `l_shipdate`),"
                + " `datediff`(`l_receiptdate`, `l_shipdate`)\n"
                + "FROM `lakehouse`.`tpch`.`lineitem`");
  }

  @Test
  void trimKeepsSparkSyntax() {
    assertThat(
            planner
                .plan(
                    "SELECT trim(l_comment), trim(LEADING ' ' FROM l_comment),"
                        + " trim(BOTH 'x' FROM l_comment), trim('\\t' FROM l_comment) FROM lineitem",
                    TestingCatalog.TPCH_SESSION)
                .engineSql())
        .hasValue(
            "SELECT TRIM(`l_comment`), LTRIM(`l_comment`), TRIM(BOTH 'x' FROM `l_comment`),"
                + " TRIM(BOTH '\\t' FROM `l_comment`)\n"
                + "FROM `lakehouse`.`tpch`.`lineitem`");
  }

  @Test
  void firstAndLastAreSparkAggregates() {
    PlannedStatement planned =
        planner.plan(
            "SELECT l_returnflag, first(l_comment), last(l_shipdate) FROM lineitem"
                + " GROUP BY l_returnflag",
            TestingCatalog.TPCH_SESSION);

    assertThat(planned.engineSql())
        .hasValue(
            "SELECT `l_returnflag`, FIRST(`l_comment`), LAST(`l_shipdate`)\n"
                + "FROM `lakehouse`.`tpch`.`lineitem`\n"
                + "GROUP BY `l_returnflag`");
    assertThat(planned.resultColumns())
        .extracting(column -> column.type().sparkName() + " " + column.nullable())
        .containsExactly("string false", "string true", "date true");
  }

  @Test
  void sparkParsesEveryPlannedFunctionCall() throws Exception {
    List<String> statements = new ArrayList<>();
    for (String expression : SCALAR_EXPRESSIONS) {
      statements.add(planned(scalarQuery(expression)));
    }
    for (String aggregate : AGGREGATES) {
      statements.add(planned(aggregateQuery(aggregate)));
    }
    List<Path> files =
        SparkParser.writeStatements(
            Files.createDirectories(directory.resolve("functions")), statements);

    Map<Path, String> failures = SparkParser.failures(files);

    assertThat(failures).as("statements Spark could not parse: %s", describe(failures)).isEmpty();
  }

  private static String describe(Map<Path, String> failures) {
    StringBuilder description = new StringBuilder();
    failures.forEach(
        (file, message) -> {
          try {
            description
                .append("\n")
                .append(Files.readString(file))
                .append("\n  -> ")
                .append(message);
          } catch (IOException e) {
            description.append("\n").append(file).append(": ").append(message);
          }
        });
    return description.toString();
  }

  private static String planned(String sql) {
    return planner.plan(sql, TestingCatalog.TPCH_SESSION).engineSql().orElseThrow();
  }

  private static String scalarQuery(String expression) {
    return "SELECT " + expression + " AS result FROM lineitem";
  }

  private static String aggregateQuery(String aggregate) {
    return "SELECT l_returnflag, " + aggregate + " AS result FROM lineitem GROUP BY l_returnflag";
  }
}
