package io.sluice.engine.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

class TestEngineErrors {
  private final EngineErrors errors =
      new EngineErrors(
          SparkThriftEngineConfig.of(
                  "sales", InetSocketAddress.createUnresolved("127.0.0.1", 10000))
              .withTimeouts(Duration.ofSeconds(5), Duration.ofMinutes(30), Duration.ofSeconds(5))
              .withEngineLog("/var/log/spark.log"));

  @Test
  void sparkMessageKeepsItsFirstLinesWithoutThePlan() {
    String message =
        "Error running query: [TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found."
            + " SQLSTATE: 42P01; line 1 pos 14;\n'Project [*]\n+- 'UnresolvedRelation [x], [], false\n";
    SluiceException failure = errors.queryFailed("q1", message, "42P01", null);
    assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_QUERY_FAILED);
    assertThat(failure.getMessage())
        .isEqualTo(
            "Cannot run query q1 on cluster sales: [TABLE_OR_VIEW_NOT_FOUND] The table or view"
                + " `x` cannot be found. SQLSTATE: 42P01; line 1 pos 14;");
  }

  @Test
  void javaExceptionNamesAndSqlTextAreDropped() {
    String notFound =
        "org.apache.hive.service.cli.HiveSQLException: Error running query:"
            + " [TABLE_OR_VIEW_NOT_FOUND] org.apache.spark.sql.AnalysisException:"
            + " [TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.";
    assertThat(EngineErrors.firstLines(notFound))
        .isEqualTo("[TABLE_OR_VIEW_NOT_FOUND] The table or view `nope` cannot be found.");
    String syntax =
        "org.apache.hive.service.cli.HiveSQLException: Error running query: [PARSE_SYNTAX_ERROR]"
            + " org.apache.spark.sql.catalyst.parser.ParseException: \n[PARSE_SYNTAX_ERROR] Syntax"
            + " error at or near 'SELEC'.(line 1, pos 0)\n\n== SQL ==\nSELEC x\n^^^\n";
    assertThat(EngineErrors.firstLines(syntax))
        .isEqualTo("[PARSE_SYNTAX_ERROR] Syntax error at or near 'SELEC'.(line 1, pos 0)");
    String classOnlyOnce = "[SOME_CLASS] java.lang.IllegalStateException: it broke";
    assertThat(EngineErrors.firstLines(classOnlyOnce)).isEqualTo("[SOME_CLASS] it broke");
  }

  @Test
  void sqlStateIsAddedWhenTheMessageLacksIt() {
    assertThat(errors.queryFailed("q2", "Something broke", "HY008", null).getMessage())
        .isEqualTo("Cannot run query q2 on cluster sales: Something broke (SQLSTATE HY008)");
  }

  @Test
  void lostEngineNamesTheClusterTheQueryTheReasonAndTheLog() {
    SluiceException refused =
        errors.translate("q3", new TTransportException(new ConnectException("Connection refused")));
    assertThat(refused.errorCode()).isEqualTo(ErrorCode.ENGINE_LOST);
    assertThat(refused.getMessage())
        .isEqualTo(
            "The Spark engine of cluster sales went away during query q3 (cannot connect to"
                + " 127.0.0.1:10000: Connection refused); see its log at /var/log/spark.log");

    SluiceException silent =
        errors.translate(
            "q4", new TTransportException(new SocketTimeoutException("Read timed out")));
    assertThat(silent.getMessage())
        .isEqualTo(
            "The Spark engine of cluster sales went away during query q4 (no answer within 30"
                + " min); see its log at /var/log/spark.log");
  }

  @Test
  void passwordNeverAppearsInTheConfigsText() {
    SparkThriftEngineConfig config =
        SparkThriftEngineConfig.of("sales", InetSocketAddress.createUnresolved("h", 1))
            .withCredentials("gateway", "s3cr3t");
    assertThat(config.toString()).contains("user=gateway").doesNotContain("s3cr3t");
  }
}
