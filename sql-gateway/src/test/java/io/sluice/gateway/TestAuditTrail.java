package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.audit.AuditVerifier;
import io.sluice.security.audit.VerificationResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Logins and statement outcomes reach the hash-chained audit log, which verifies once the gateway
 * is closed and stops verifying when a record is edited. No engine: USE and a refused statement are
 * answered by the gateway itself.
 */
class TestAuditTrail {
  @Test
  void loginsAndOutcomesAreAuditedInAChainThatVerifies() throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-audit-");
    try {
      Path auditDirectory;
      try (GatewayServer server = GatewayServer.start(TestingGateway.config(directory))) {
        auditDirectory = server.config().audit().directory();
        String url = "jdbc:sluice://127.0.0.1:" + server.httpPort();
        assertThatThrownBy(
                () -> DriverManager.getConnection(url + "?user=tester&password=wrong-password"))
            .isInstanceOf(SQLException.class);
        try (Connection connection =
                DriverManager.getConnection(
                    url + "?user=" + TestingGateway.USER + "&password=" + TestingGateway.PASSWORD);
            Statement statement = connection.createStatement()) {
          statement.execute("USE default");
          assertThatThrownBy(() -> statement.executeQuery("SELEC 1"))
              .isInstanceOf(SQLException.class);
        }
      }
      List<String> records = lines(auditDirectory);
      assertThat(records)
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("\"kind\":\"authentication\"")
                      .contains("\"outcome\":\"failed\"")
                      .contains("\"reqUser\":\"tester\"")
                      .doesNotContain("wrong-password"))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("\"kind\":\"query_outcome\"")
                      .contains("USE default")
                      .contains("\"outcome\":\"succeeded\"")
                      .contains("\"protocol\":\"avatica\""))
          .anySatisfy(
              line ->
                  assertThat(line)
                      .contains("\"kind\":\"query_outcome\"")
                      .contains("SELEC 1")
                      .contains("SYNTAX_ERROR"));
      assertThat(records).noneMatch(line -> line.contains(TestingGateway.PASSWORD));
      // jdbc:sluice sends the password with each of its HTTP requests: one login all the same.
      assertThat(records)
          .filteredOn(
              line ->
                  line.contains("\"kind\":\"authentication\"")
                      && line.contains("\"outcome\":\"succeeded\"")
                      && line.contains("\"reqUser\":\"" + TestingGateway.USER + "\""))
          .hasSize(1);

      VerificationResult intact = AuditVerifier.verify(auditDirectory);
      assertThat(intact.ok()).as(intact.toString()).isTrue();

      Path file = newest(auditDirectory);
      String text = Files.readString(file);
      Files.writeString(file, text.replace("USE default", "USE defaulx"));
      VerificationResult edited = AuditVerifier.verify(auditDirectory);
      assertThat(edited.ok()).isFalse();
      assertThat(edited.toString()).contains(file.getFileName().toString());
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  private static List<String> lines(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".jsonl"))
          .sorted()
          .flatMap(
              path -> {
                try {
                  return Files.readAllLines(path).stream();
                } catch (java.io.IOException failure) {
                  throw new java.io.UncheckedIOException(failure);
                }
              })
          .toList();
    }
  }

  private static Path newest(Path directory) throws Exception {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(path -> path.getFileName().toString().endsWith(".jsonl"))
          .sorted()
          .reduce((first, second) -> second)
          .orElseThrow();
    }
  }
}
