package io.sluice.bench;

import io.sluice.gateway.demo.TpchDemoLoader;
import io.sluice.planner.Planner;
import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.ranger.RangerAccessControl;
import io.sluice.security.access.ranger.RangerAccessControlConfig;
import io.sluice.security.access.ranger.source.FilePolicySource;
import io.sluice.security.access.ranger.source.FilePolicySourceConfig;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
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
 * Parse + validate + authorize + rewrite + unparse of each TPC-H query against a real Iceberg
 * catalog and Sluice's Ranger access control, warm. {@code policies=super-user} plans for a
 * super-user (no checks, no rewriting: the first issue's target, a mean of at most 0.5 ms per
 * query); {@code policies=ranger} plans for an analyst under a realistic policy set (300 policies
 * on other schemas, select on tpch, row filters on orders and lineitem, four masks on customer):
 * the governance issue's target is at most 0.1 ms more. {@code planCache=on} measures a repeated
 * statement answered from the planner's cache.
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

  @Param({"super-user", "ranger"})
  public String policies;

  /**
   * {@code off} plans every statement afresh (what the targets are about); {@code on} is what a
   * repeated statement costs with the planner's cache of query plans.
   */
  @Param({"off", "on"})
  public String planCache;

  private Path directory;
  private JdbcCatalog catalog;
  private Planner planner;
  private String sql;
  private final String[] allQueries = new String[22];
  private SessionContext session;
  private RangerAccessControl accessControl;

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
    Path policyFile = directory.resolve("policies.json");
    Files.writeString(policyFile, policySet());
    accessControl =
        new RangerAccessControl(
            RangerAccessControlConfig.defaults(),
            new FilePolicySource(FilePolicySourceConfig.defaults(policyFile)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (accessControl.policyVersion() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    if (accessControl.policyVersion() < 1) {
      throw new IllegalStateException("The benchmark's policies did not load");
    }
    Identity identity =
        policies.equals("super-user")
            ? Identity.of("admin", Set.of(), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE)
            : Identity.of(
                "analyst",
                Set.of("analysts"),
                Set.of(),
                Map.of("segment", "BUILDING"),
                AuthenticationMethod.PASSWORD_FILE);
    session =
        new SessionContext(
            "lakehouse", "tpch", identity, new RequestContext("127.0.0.1", "bench", "bench"));
    planner =
        new Planner(
            new CatalogManager(Map.of("lakehouse", catalog), Duration.ofSeconds(2)),
            accessControl,
            planCache.equals("on") ? Planner.DEFAULT_PLAN_CACHE_SIZE : 0);
    sql = TpchQueries.text(query);
    for (int number = 1; number <= 22; number++) {
      allQueries[number - 1] = TpchQueries.text(number);
    }
  }

  /** Hundreds of policies elsewhere, and the ones that matter on tpch. */
  static String policySet() {
    StringBuilder json = new StringBuilder("{\"serviceName\": \"sluice\", \"policyVersion\": 1,");
    json.append("\"policies\": [");
    int id = 1;
    for (int other = 0; other < 300; other++) {
      json.append(
          String.format(
              java.util.Locale.ROOT,
              "{\"id\": %d, \"name\": \"other %d\", \"isEnabled\": true, \"policyType\": 0,"
                  + " \"resources\": {\"database\": {\"values\": [\"sales_%d\"]},"
                  + " \"table\": {\"values\": [\"*\"]}, \"column\": {\"values\": [\"*\"]}},"
                  + " \"policyItems\": [{\"accesses\": [{\"type\": \"select\","
                  + " \"isAllowed\": true}], \"groups\": [\"team_%d\"]}]},",
              id++,
              other,
              other,
              other));
    }
    json.append(
        "{\"id\": 1001, \"name\": \"analysts read tpch\", \"isEnabled\": true,"
            + " \"policyType\": 0, \"resources\": {\"database\": {\"values\": [\"tpch\"]},"
            + " \"table\": {\"values\": [\"*\"]}, \"column\": {\"values\": [\"*\"]}},"
            + " \"policyItems\": [{\"accesses\": [{\"type\": \"select\", \"isAllowed\":"
            + " true}], \"groups\": [\"analysts\"]}]},");
    json.append(rowFilter(1002, "orders", "o_orderdate >= DATE '1993-01-01'")).append(',');
    json.append(rowFilter(1003, "lineitem", "l_shipmode <> 'REG AIR'")).append(',');
    json.append(mask(1004, "c_phone", "MASK_SHOW_LAST_4")).append(',');
    json.append(mask(1005, "c_name", "MASK")).append(',');
    json.append(mask(1006, "c_address", "MASK_HASH")).append(',');
    json.append(mask(1007, "c_comment", "MASK_NULL"));
    return json.append("]}").toString();
  }

  private static String rowFilter(int id, String table, String filter) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"id\": %d, \"name\": \"filter %s\", \"isEnabled\": true, \"policyType\": 2,"
            + " \"resources\": {\"database\": {\"values\": [\"tpch\"]}, \"table\":"
            + " {\"values\": [\"%s\"]}}, \"rowFilterPolicyItems\": [{\"accesses\":"
            + " [{\"type\": \"select\", \"isAllowed\": true}], \"groups\": [\"analysts\"],"
            + " \"rowFilterInfo\": {\"filterExpr\": \"%s\"}}]}",
        id,
        table,
        table,
        filter);
  }

  private static String mask(int id, String column, String type) {
    return String.format(
        java.util.Locale.ROOT,
        "{\"id\": %d, \"name\": \"mask %s\", \"isEnabled\": true, \"policyType\": 1,"
            + " \"resources\": {\"database\": {\"values\": [\"tpch\"]}, \"table\":"
            + " {\"values\": [\"customer\"]}, \"column\": {\"values\": [\"%s\"]}},"
            + " \"dataMaskPolicyItems\": [{\"accesses\": [{\"type\": \"select\","
            + " \"isAllowed\": true}], \"groups\": [\"analysts\"], \"dataMaskInfo\":"
            + " {\"dataMaskType\": \"%s\"}}]}",
        id,
        column,
        column,
        type);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    accessControl.close();
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
