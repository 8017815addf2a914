package io.sluice.security.audit;

import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.AuditRecord.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Sample records, and reading and tampering with audit files the way an attacker would. */
final class TestingAuditLogs {
  private TestingAuditLogs() {}

  /** A record of each kind in turn, with SQL that needs escaping; its id is {@code record-<i>}. */
  static AuditRecord sampleRecord(int i) {
    AuditRecord.Builder builder =
        switch (i % 3) {
          case 0 -> AuditRecord.builder(Kind.AUTHORIZATION).allowed(true).policyId(10L + i % 4);
          case 1 ->
              AuditRecord.builder(Kind.QUERY_OUTCOME)
                  .allowed(true)
                  .outcome(Outcome.SUCCEEDED)
                  .rowsReturned((long) i * 7)
                  .durationMillis((long) i % 250);
          default ->
              AuditRecord.builder(Kind.AUTHORIZATION)
                  .allowed(false)
                  .reason("no policy allows select on sales.orders.card")
                  .errorCode("PERMISSION_DENIED");
        };
    return builder
        .id("record-" + i)
        .repository("sluice")
        .repositoryType(3)
        .user("user" + i % 5)
        .accessType("select")
        .action("query")
        .resource("sales/orders")
        .resourceType("@table")
        .enforcer("ranger-acl")
        .session("session-" + i % 7)
        .clientType("flight-sql-jdbc")
        .clientAddress("10.0.0." + i % 250)
        .agentHost("gateway-1")
        .clusterName("prod")
        .protocol("flight-sql")
        .engine("spark")
        .engineCluster("etl")
        .originalSql("SELECT *\nFROM \"orders\" -- pick " + i + " é")
        .rewrittenSql("SELECT id, mask(card) AS card\nFROM sales.orders WHERE region = 'EU'")
        .policyIds(List.of(10L + i % 4, 20L))
        .tags(List.of("PII"))
        .build();
  }

  static List<Path> auditFiles(Path directory) {
    try {
      return AuditFiles.list(directory).stream().map(AuditFiles.AuditFile::path).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every record of the log, in file and line order. */
  static List<AuditRecord> readAll(Path directory) {
    List<AuditRecord> records = new ArrayList<>();
    for (Path file : auditFiles(directory)) {
      for (String line : lines(file)) {
        records.add(AuditRecordJson.decode(line.getBytes(StandardCharsets.UTF_8)));
      }
    }
    return records;
  }

  static void writeLines(Path file, List<String> lines) {
    StringBuilder text = new StringBuilder();
    for (String line : lines) {
      text.append(line).append('\n');
    }
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Cuts the file's last line in the middle, the way a crash or {@code truncate} would. */
  static void cutLastLineInHalf(Path file) {
    try {
      byte[] bytes = Files.readAllBytes(file);
      int lastLineStart = bytes.length - 2;
      while (lastLineStart > 0 && bytes[lastLineStart - 1] != '\n') {
        lastLineStart--;
      }
      int lastLineLength = bytes.length - 1 - lastLineStart;
      Files.write(file, Arrays.copyOf(bytes, lastLineStart + lastLineLength / 2));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void copyDirectory(Path from, Path to) {
    try {
      Files.createDirectories(to);
      try (var entries = Files.list(from)) {
        for (Path entry : (Iterable<Path>) entries::iterator) {
          Files.copy(entry, to.resolve(entry.getFileName()));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
