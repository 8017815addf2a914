package io.sluice.bench;

import io.sluice.gateway.demo.TpchDemoLoader;
import io.sluice.planner.Planner;
import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parse + validate + unparse of each TPC-H query against a real Iceberg catalog, warm. Target: a
 * mean of at most 0.5 ms per query.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 15, time = 2)
@Measurement(iterations = 10, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx1g"})
public class PlannerBenchmark {
  @Param({
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17",
    "18", "19", "20", "21", "22"
  })
  public int query;

  private Path directory;
  private JdbcCatalog catalog;
  private Planner planner;
  private String sql;
  private final String[] allQueries = new String[22];
  private final SessionContext session = new SessionContext("lakehouse", "tpch", "bench");

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    directory = Files.createTempDirectory("sluice-planner-bench");
    catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(
        "lakehouse",
        Map.of(
            "uri",
            "jdbc:sqlite:" + directory.resolve("catalog.db"),
            "warehouse",
            directory.resolve("warehouse").toUri().toString(),
            "jdbc.schema-version",
            "V1"));
    new TpchDemoLoader(catalog, "tpch").load(0.001);
    planner = new Planner(new CatalogManager(Map.of("lakehouse", catalog), Duration.ofSeconds(2)));
    sql = TpchQueries.text(query);
    for (int number = 1; number <= 22; number++) {
      allQueries[number - 1] = TpchQueries.text(number);
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    catalog.close();
    BenchFiles.deleteRecursively(directory);
  }

  /** One TPC-H query; {@code query} picks it. */
  @Benchmark
  public Object parseValidateUnparse() {
    return planner.plan(sql, session);
  }

  /**
   * All 22 queries in turn, reported per query: the mean the target is about. Run it with {@code -p
   * query=1} so that it runs once, and a long warm-up: Calcite's parser and validator are large and
   * the JIT compiles them slowly.
   */
  @Benchmark
  @OperationsPerInvocation(22)
  @Warmup(iterations = 30, time = 2)
  public void meanOverAllQueries(Blackhole blackhole) {
    for (String text : allQueries) {
      blackhole.consume(planner.plan(text, session));
    }
  }
}
