package io.sluice.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.AuditRecord.Outcome;
import io.sluice.security.audit.AuditRecordJson.ChainLink;
import io.sluice.security.audit.AuditRecordJson.Encoded;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TestAuditRecord {
  private static final String PREVIOUS = "ab".repeat(32);

  private static AuditRecord denial() {
    return AuditRecord.builder(Kind.AUTHORIZATION)
        .id("5f0c6a8e-0000-4000-8000-000000000001")
        .eventTime(Instant.parse("2025-03-01T12:34:56.789123Z"))
        .repositoryType(3)
        .repository("sluice")
        .user("alice")
        .accessType("select")
        .resource("sales/orders/card")
        .resourceType("@column")
        .action("query")
        .allowed(false)
        .policyId(12L)
        .policyVersion(4L)
        .reason("denied by policy 12")
        .enforcer("ranger-acl")
        .session("s-1")
        .clientType("flight-sql-jdbc")
        .clientAddress("10.1.2.3")
        .agentHost("gateway-1")
        .clusterName("prod")
        .zoneName("finance")
        .tags(List.of("PII"))
        .protocol("flight-sql")
        .engine("spark")
        .engineCluster("etl")
        .originalSql("SELECT card\nFROM \"orders\"")
        .policyIds(List.of(12L, 40L))
        .errorCode("PERMISSION_DENIED")
        .build();
  }

  @Test
  void canonicalLineHasFixedFieldOrderAndNoWhitespace() {
    Encoded encoded = AuditRecordJson.encode(denial(), 7, PREVIOUS);

    String line = new String(encoded.line(), StandardCharsets.UTF_8);
    assertThat(line)
        .isEqualTo(
            "{\"seq_num\":7,\"kind\":\"authorization\",\"evtTime\":\"2025-03-01T12:34:56.789Z\","
                + "\"id\":\"5f0c6a8e-0000-4000-8000-000000000001\",\"repoType\":3,"
                + "\"repo\":\"sluice\",\"reqUser\":\"alice\",\"access\":\"select\","
                + "\"resource\":\"sales/orders/card\",\"resType\":\"@column\",\"action\":\"query\","
                + "\"result\":0,\"agent\":\"sluice\",\"policy\":12,\"policy_version\":4,"
                + "\"reason\":\"denied by policy 12\",\"enforcer\":\"ranger-acl\",\"sess\":\"s-1\","
                + "\"cliType\":\"flight-sql-jdbc\",\"cliIP\":\"10.1.2.3\","
                + "\"agentHost\":\"gateway-1\",\"logType\":\"RangerAudit\",\"event_count\":1,"
                + "\"tags\":[\"PII\"],\"cluster_name\":\"prod\",\"zone_name\":\"finance\","
                + "\"protocol\":\"flight-sql\",\"engine\":\"spark\",\"engine_cluster\":\"etl\","
                + "\"original_sql\":\"SELECT card\\nFROM \\\"orders\\\"\","
                + "\"policy_ids\":[12,40],\"error_code\":\"PERMISSION_DENIED\","
                + "\"prev_hash\":\""
                + PREVIOUS
                + "\",\"hash\":\""
                + encoded.hash()
                + "\"}\n");
  }

  @Test
  void hashIsTheSha256OfTheLineWithoutItsHashField() {
    Encoded encoded = AuditRecordJson.encode(denial(), 7, PREVIOUS);
    String line = new String(encoded.line(), StandardCharsets.UTF_8).strip();
    String body = line.substring(0, line.indexOf(",\"hash\":")) + "}";

    assertThat(encoded.hash())
        .isEqualTo(AuditRecordJson.sha256(body.getBytes(StandardCharsets.UTF_8), body.length()))
        .isEqualTo(AuditRecordJson.encode(denial(), 7, PREVIOUS).hash());
    assertThat(AuditRecordJson.encode(denial(), 8, PREVIOUS).hash()).isNotEqualTo(encoded.hash());
  }

  @Test
  void lineReadsBackToTheSameRecordAndTheSameBytes() {
    Encoded encoded = AuditRecordJson.encode(denial(), 7, PREVIOUS);
    byte[] line = Arrays.copyOf(encoded.line(), encoded.line().length - 1);

    AuditRecord decoded = AuditRecordJson.decode(line);

    assertThat(decoded).isEqualTo(denial().chained(7, PREVIOUS, encoded.hash()));
    assertThat(AuditRecordJson.encode(decoded, 7, PREVIOUS).line()).isEqualTo(encoded.line());
    ChainLink link = AuditRecordJson.link(line);
    assertThat(link.hashMatches()).isTrue();
    assertThat(link.sequenceNumber()).isEqualTo(7);
    assertThat(link.previousHash()).isEqualTo(PREVIOUS);
  }

  @Test
  void controlCharactersAndQuotesInDataCannotBreakTheLine() {
    AuditRecord record =
        AuditRecord.builder(Kind.QUERY_OUTCOME)
            .user("eve\n{\"seq_num\":1}")
            .originalSql("SELECT '\u0000\r\n\u2028' -- \"}\n")
            .outcome(Outcome.FAILED)
            .build();

    byte[] line = AuditRecordJson.encode(record, 1, AuditRecordJson.GENESIS_HASH).line();

    String text = new String(line, StandardCharsets.UTF_8);
    assertThat(text.indexOf('\n')).isEqualTo(text.length() - 1);
    assertThat(text).doesNotContain("\r").doesNotContain("\u0000");
    AuditRecord decoded = AuditRecordJson.decode(Arrays.copyOf(line, line.length - 1));
    assertThat(decoded.user()).isEqualTo(record.user());
    assertThat(decoded.originalSql()).isEqualTo(record.originalSql());
  }

  @Test
  void editedByteIsNoticed() {
    byte[] line = AuditRecordJson.encode(denial(), 7, PREVIOUS).line();
    String edited =
        new String(line, 0, line.length - 1, StandardCharsets.UTF_8).replace("alice", "alicf");

    assertThat(AuditRecordJson.link(edited.getBytes(StandardCharsets.UTF_8)).hashMatches())
        .isFalse();
  }

  @Test
  void resultIsZeroOrOneAndAuthorizationNeedsOne() {
    assertThatThrownBy(() -> AuditRecord.builder(Kind.AUTHORIZATION).result(2).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0 (denied) or 1 (allowed)");
    assertThatThrownBy(() -> AuditRecord.builder(Kind.AUTHORIZATION).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a result");
  }

  @Test
  void builderFillsRangerDefaults() {
    AuditRecord record = AuditRecord.builder(Kind.QUERY_OUTCOME).build();

    assertThat(record.agent()).isEqualTo("sluice");
    assertThat(record.logType()).isEqualTo("RangerAudit");
    assertThat(record.policyId()).isEqualTo(-1L);
    assertThat(record.eventCount()).isEqualTo(1L);
    assertThat(record.id()).hasSize(36);
    assertThat(record.tags()).isEmpty();
  }

  @Test
  void failedLoginRecordKeepsTheClaimedUserButNeverThePassword() {
    Credentials credentials = Credentials.password("alice", "s3cret-password", "10.0.0.9");

    AuditRecord record =
        AuthenticationAuditRecords.failure(
            credentials, AuthenticationException.Reason.WRONG_PASSWORD, Duration.ofMillis(250));
    String line =
        new String(
            AuditRecordJson.encode(record, 1, AuditRecordJson.GENESIS_HASH).line(),
            StandardCharsets.UTF_8);

    assertThat(record.denied()).isTrue();
    assertThat(record.user()).isEqualTo("alice");
    assertThat(record.clientAddress()).isEqualTo("10.0.0.9");
    assertThat(record.errorCode()).isEqualTo("WRONG_PASSWORD");
    assertThat(line).doesNotContain("s3cret").contains("\"kind\":\"authentication\"");
  }

  @Test
  void successfulLoginRecordNamesTheMethod() {
    Identity identity =
        Identity.of(
            "bob", Set.of("analysts"), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE);

    AuditRecord record =
        AuthenticationAuditRecords.success(
            Credentials.bearerToken("token-secret", "10.0.0.8"), identity);

    assertThat(record.result()).isEqualTo(AuditRecord.ALLOWED);
    assertThat(record.user()).isEqualTo("bob");
    assertThat(record.enforcer()).isEqualTo("password_file");
    assertThat(record.accessType()).isEqualTo("bearer_token");
    assertThat(record.toString()).doesNotContain("token-secret");
  }
}
