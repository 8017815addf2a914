package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.QualifiedName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries, planned for session {@code lakehouse.tpch}, against golden files of the
 * Spark SQL Sluice sends. Run with {@code -Dsluice.golden.update=true} to rewrite the golden files
 * after a deliberate change, then review the difference.
 */
class TestTpchQueries {
  private static final GoldenFiles GOLDEN =
      new GoldenFiles(Path.of("src/test/resources/tpch/golden"));

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

  static Stream<String> queries() {
    return GoldenFiles.tpchQueries();
  }

  @ParameterizedTest
  @MethodSource("queries")
  void plannedSparkSqlMatchesGoldenFile(String query) throws IOException {
    PlannedStatement planned = planner.plan(query(query), TestingCatalog.TPCH_SESSION);

    assertThat(planned.kind()).isEqualTo(StatementKind.QUERY);
    GOLDEN.assertMatches(query, planned.engineSql().orElseThrow());
  }

  @Test
  void sparkParsesEveryGoldenFile() throws Exception {
    GOLDEN.assertSparkParsesAll();
  }

  @Test
  void oneSharedPlannerPlansConcurrently() throws Exception {
    List<String> queries = queries().map(TestTpchQueries::queryText).toList();
    List<String> expected = new ArrayList<>();
    for (String query : queries) {
      expected.add(planner.plan(query, TestingCatalog.TPCH_SESSION).engineSql().orElseThrow());
    }
    ExecutorService executor = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<String>>> results = new ArrayList<>();
      for (int thread = 0; thread < 4; thread++) {
        results.add(
            executor.submit(
                () -> {
                  List<String> planned = new ArrayList<>();
                  for (int round = 0; round < 5; round++) {
                    planned.clear();
                    for (String query : queries) {
                      planned.add(
                          planner
                              .plan(query, TestingCatalog.TPCH_SESSION)
                              .engineSql()
                              .orElseThrow());
                    }
                  }
                  return planned;
                }));
      }
      for (Future<List<String>> result : results) {
        assertThat(result.get(2, TimeUnit.MINUTES)).isEqualTo(expected);
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void everyQueryListsTheTablesItReads() throws IOException {
    assertThat(planner.plan(query("q01"), TestingCatalog.TPCH_SESSION).tables())
        .containsExactly(tpch("lineitem"));
    assertThat(planner.plan(query("q15"), TestingCatalog.TPCH_SESSION).tables())
        .containsExactlyInAnyOrder(tpch("lineitem"), tpch("supplier"));
    assertThat(planner.plan(query("q08"), TestingCatalog.TPCH_SESSION).tables())
        .containsExactlyInAnyOrder(
            tpch("part"),
            tpch("supplier"),
            tpch("lineitem"),
            tpch("orders"),
            tpch("customer"),
            tpch("nation"),
            tpch("region"));
  }

  @Test
  void resultColumnsHaveSparkTypes() throws IOException {
    PlannedStatement planned = planner.plan(query("q01"), TestingCatalog.TPCH_SESSION);

    assertThat(planned.resultColumns())
        .extracting(column -> column.name() + " " + column.type().sparkName())
        .containsExactly(
            "l_returnflag string",
            "l_linestatus string",
            "sum_qty decimal(25,2)",
            "sum_base_price decimal(25,2)",
            "sum_disc_price decimal(38,4)",
            "sum_charge decimal(38,6)",
            "avg_qty decimal(19,6)",
            "avg_price decimal(19,6)",
            "avg_disc decimal(19,6)",
            "count_order bigint");
  }

  private static QualifiedName tpch(String table) {
    return new QualifiedName(TestingCatalog.CATALOG, TestingCatalog.SCHEMA, table);
  }

  private static String queryText(String name) {
    try {
      return query(name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String query(String name) throws IOException {
    try (InputStream input =
        TestTpchQueries.class.getResourceAsStream("/tpch/queries/" + name + ".sql")) {
      return new String(input.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
