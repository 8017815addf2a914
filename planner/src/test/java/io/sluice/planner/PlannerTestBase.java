package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.unparse.SparkParser;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What planner tests over a TPC-H catalog share: the catalog (one per test class, in a temporary
 * directory), planning as the test user under a given access control, denials, and the check that
 * Spark's own parser reads what the planner sends.
 */
abstract class PlannerTestBase {
  static final String USER = TestingCatalog.USER;

  @TempDir static Path directory;
  static TestingCatalog catalog;

  @BeforeAll
  static void createCatalog() throws Exception {
    catalog = TestingCatalog.createWithTpch(directory);
  }

  @AfterAll
  static void closeCatalog() throws Exception {
    catalog.close();
  }

  static Planner planner(TestingAccessControl access) {
    return new Planner(catalog.catalogManager(Duration.ofMinutes(1)), access);
  }

  /** The SQL sent to the engine for a statement the user runs in schema tpch. */
  static String plan(TestingAccessControl access, String sql) {
    return planned(access, sql).engineSql().orElseThrow();
  }

  /** The plan of a statement the user runs in schema tpch. */
  static PlannedStatement planned(TestingAccessControl access, String sql) {
    return planner(access).plan(sql, TestingCatalog.TPCH_SESSION);
  }

  static AbstractThrowableAssert<?, ? extends Throwable> assertDenied(
      TestingAccessControl access, String sql) {
    return assertThatThrownBy(() -> plan(access, sql))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure ->
                assertThat(failure.errorCode())
                    .as(failure.getMessage())
                    .isEqualTo(ErrorCode.ACCESS_DENIED));
  }

  /** Asserts that Spark's parser (with Iceberg's extensions) reads every statement. */
  static void assertSparkReads(String name, List<String> statements) throws Exception {
    List<Path> files =
        SparkParser.writeStatements(Files.createDirectories(directory.resolve(name)), statements);
    assertThat(SparkParser.failures(files)).isEmpty();
  }
}
