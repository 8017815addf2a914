package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask.MaskType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The 22 TPC-H queries planned for a user under a realistic policy set, against golden files of the
 * Spark SQL Sluice sends: row filters on orders and lineitem, masks of several kinds on customer.
 * Run with {@code -Dsluice.golden.update=true} to rewrite the golden files after a deliberate
 * change, then review the difference.
 */
class TestTpchPolicies {
  private static final GoldenFiles GOLDEN =
      new GoldenFiles(Path.of("src/test/resources/tpch/golden-policies"));
  private static final String USER = TestingCatalog.USER;

  /** What the analyst may see: recent or urgent orders, recent lines, customers masked. */
  static final TestingAccessControl POLICIES =
      TestingAccessControl.builder()
          .allow(USER, AccessType.SELECT, "tpch", 1)
          .rowFilter(
              USER,
              "tpch.orders",
              "o_orderdate >= DATE '1994-01-01' OR o_orderpriority IN ('1-URGENT', '2-HIGH')",
              10)
          .rowFilter(USER, "tpch.lineitem", "l_shipdate >= DATE '1993-01-01'", 11)
          .mask(USER, "tpch.customer.c_name", MaskType.MASK, 20)
          .customMask(USER, "tpch.customer.c_address", "concat(substr({col}, 1, 3), '***')", 21)
          .mask(USER, "tpch.customer.c_phone", MaskType.MASK_SHOW_LAST_4, 22)
          .mask(USER, "tpch.customer.c_acctbal", MaskType.MASK, 23)
          .mask(USER, "tpch.customer.c_comment", MaskType.MASK_HASH, 24)
          .mask(USER, "tpch.customer.c_mktsegment", MaskType.MASK_NONE, 25)
          .build();

  @TempDir static Path directory;
  private static TestingCatalog catalog;
  private static Planner planner;

  @BeforeAll
  static void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
    planner = new Planner(catalog.catalogManager(Duration.ofMinutes(1)), POLICIES);
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
  void rewrittenSparkSqlMatchesGoldenFile(String query) throws IOException {
    PlannedStatement planned =
        planner.plan(TestTpchQueries.query(query), TestingCatalog.TPCH_SESSION);

    GOLDEN.assertMatches(query, planned.engineSql().orElseThrow());
  }

  @Test
  void sparkParsesEveryGoldenFile() throws Exception {
    GOLDEN.assertSparkParsesAll();
  }

  @Test
  void everyCustomerReadIsMaskedAndEveryOrdersReadFiltered() throws IOException {
    for (String query : queries().toList()) {
      PlannedStatement planned =
          planner.plan(TestTpchQueries.query(query), TestingCatalog.TPCH_SESSION);
      String sql = planned.engineSql().orElseThrow();
      int customerReads = count(sql, "FROM `lakehouse`.`tpch`.`customer`");
      int ordersReads = count(sql, "FROM `lakehouse`.`tpch`.`orders`");

      assertThat(count(sql, "MASK(`c_name`) AS `c_name`")).as(query).isEqualTo(customerReads);
      assertThat(count(sql, "WHERE `o_orderdate` >= DATE '1994-01-01'"))
          .as(query)
          .isEqualTo(ordersReads);
    }
  }

  private static int count(String text, String part) {
    return text.split(Pattern.quote(part), -1).length - 1;
  }
}
