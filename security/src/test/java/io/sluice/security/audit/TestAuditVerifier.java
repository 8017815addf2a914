package io.sluice.security.audit;

import static io.sluice.security.audit.TestingAuditLogs.auditFiles;
import static io.sluice.security.audit.TestingAuditLogs.cutLastLineInHalf;
import static io.sluice.security.audit.TestingAuditLogs.lines;
import static io.sluice.security.audit.TestingAuditLogs.sampleRecord;
import static io.sluice.security.audit.TestingAuditLogs.writeLines;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.VerificationResult.Problem;
import io.sluice.security.testing.TestingClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An untouched log passes; each way of tampering with a copy is the first problem reported. */
class TestAuditVerifier {
  @TempDir Path temporary;

  private Path directory;
  private List<Path> files;
  private long totalRecords;

  /** Three runs of the writer, 100 records each, across many small files. */
  @BeforeEach
  void writeLog() throws IOException {
    directory = temporary.resolve("audit");
    TestingClock clock = new TestingClock(Instant.parse("2025-03-01T10:00:00Z"));
    AuditLogConfig config = AuditLogConfig.in(directory).withMaximumFileBytes(8 * 1024);
    int written = 0;
    for (int run = 0; run < 3; run++) {
      try (AuditLog log = AuditLog.open(config, clock)) {
        for (int i = 0; i < 100; i++, written++) {
          log.write(sampleRecord(written));
        }
      }
    }
    files = auditFiles(directory);
    totalRecords = files.stream().mapToLong(file -> lines(file).size()).sum();
    assertThat(files).hasSizeGreaterThan(6);
  }

  /** A file in the middle of the log, started and ended by rotation (not by a restart). */
  private Path middleFile() {
    for (Path file : files.subList(files.size() / 2, files.size() - 1)) {
      List<String> lines = lines(file);
      if (lines.size() > 4
          && !lines.get(0).contains("\"kind\":\"log_opened\"")
          && lines.get(lines.size() - 1).contains("\"next_file\"")) {
        return file;
      }
    }
    throw new AssertionError("No file in the middle of the log was started by rotation");
  }

  private Path newestFile() {
    return files.get(files.size() - 1);
  }

  @Test
  void untouchedLogPasses() {
    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.records()).isEqualTo(totalRecords);
    assertThat(result.files()).isEqualTo(files.size());
    assertThat(result.message())
        .startsWith("Verified " + totalRecords + " records in " + files.size() + " files")
        .contains("the last file is sealed")
        .contains("audit.head matches");
    assertThat(result.toString()).startsWith("OK: ");
  }

  @Test
  void editedFieldIsReportedAtItsLine() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    assertThat(lines.get(2)).contains("\"reqUser\":\"user");
    lines.set(2, lines.get(2).replaceFirst("\"reqUser\":\"user\\d\"", "\"reqUser\":\"mallory\""));
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.EDITED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(3);
    assertThat(result.message()).contains("does not match its hash");
    assertThat(result.toString()).startsWith("FAILED (EDITED) " + file + ":3: ");
  }

  @Test
  void recordReplacedWithARecomputedHashIsReportedAtItsLine() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    AuditRecord original = AuditRecordJson.decode(lines.get(2).getBytes(StandardCharsets.UTF_8));
    AuditRecord forged = original.toBuilder().user("mallory").build();
    byte[] forgedLine =
        AuditRecordJson.encode(forged, original.sequenceNumber(), original.previousHash()).line();
    lines.set(2, new String(forgedLine, StandardCharsets.UTF_8).strip());
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.EDITED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(3);
    assertThat(result.message()).contains("prev_hash does not match");
  }

  @Test
  void deletedLineIsReportedAsMissingWhereTheGapIs() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    long deleted =
        AuditRecordJson.decode(lines.get(2).getBytes(StandardCharsets.UTF_8)).sequenceNumber();
    lines.remove(2);
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.MISSING);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(3);
    assertThat(result.message()).contains("seq_num " + deleted + " is missing before line 3");
  }

  @Test
  void deletedFirstLineOfAFileIsReportedAsMissing() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    lines.remove(0);
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.MISSING);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(1);
  }

  @Test
  void swappedLinesAreReportedAsReordered() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    Collections.swap(lines, 1, 2);
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.REORDERED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(2);
    assertThat(result.message()).contains("comes later, at line 3");
  }

  @Test
  void duplicatedLineIsReportedAsReordered() {
    Path file = middleFile();
    List<String> lines = new ArrayList<>(lines(file));
    lines.add(3, lines.get(1));
    writeLines(file, lines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.REORDERED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(4);
  }

  @Test
  void lastLineCutInTheMiddleIsReportedAsTruncated() {
    Path file = newestFile();
    int lineCount = lines(file).size();
    cutLastLineInHalf(file);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.TRUNCATED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(lineCount);
    assertThat(result.message()).contains("incomplete");
  }

  @Test
  void lastRecordsDroppedAreReportedAgainstTheHead() {
    Path file = newestFile();
    List<String> lines = lines(file);
    writeLines(file, lines.subList(0, lines.size() - 3));

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.TRUNCATED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(lines.size() - 2);
    assertThat(result.message()).contains("audit.head records seq_num " + totalRecords);
  }

  @Test
  void wholeRecordsCutOffAMiddleFileAreReportedAsTruncated() {
    Path file = middleFile();
    List<String> lines = lines(file);
    writeLines(file, lines.subList(0, lines.size() - 2));

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.TRUNCATED);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.line()).isEqualTo(lines.size() - 1);
    assertThat(result.message()).contains("has no seal");
  }

  @Test
  void deletedMiddleFileIsReportedByName() throws IOException {
    Path file = middleFile();
    Files.delete(file);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.MISSING_FILE);
    assertThat(result.file()).isEqualTo(file);
    assertThat(result.message()).contains(file.getFileName() + " is missing");
  }

  @Test
  void deletedFileStartedByARestartIsReportedAsMissing() throws IOException {
    Path restarted = null;
    for (Path file : files.subList(1, files.size() - 1)) {
      if (lines(file).get(0).contains("\"kind\":\"log_opened\"")) {
        restarted = file;
      }
    }
    assertThat(restarted).isNotNull();
    Files.delete(restarted);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.MISSING_FILE);
    assertThat(result.file()).isEqualTo(files.get(files.indexOf(restarted) + 1));
    assertThat(result.line()).isEqualTo(1);
  }

  @Test
  void deletedNewestFileIsReported() throws IOException {
    Files.delete(newestFile());

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.MISSING_FILE);
    assertThat(result.file()).isEqualTo(newestFile());
  }

  @Test
  void firstProblemWins() {
    Path earlier = files.get(1);
    Path later = middleFile();
    List<String> laterLines = new ArrayList<>(lines(later));
    laterLines.remove(1);
    writeLines(later, laterLines);
    List<String> earlierLines = new ArrayList<>(lines(earlier));
    int allowed = 0;
    while (!earlierLines.get(allowed).contains("\"result\":1")) {
      allowed++;
    }
    earlierLines.set(allowed, earlierLines.get(allowed).replace("\"result\":1", "\"result\":0"));
    writeLines(earlier, earlierLines);

    VerificationResult result = AuditVerifier.verify(directory);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.EDITED);
    assertThat(result.file()).isEqualTo(earlier);
    assertThat(result.line()).isEqualTo(allowed + 1);
  }

  @Test
  void cutAndRewrittenHeadIsOnlyCaughtByACheckpointKeptElsewhere() throws IOException {
    AuditCheckpoint keptElsewhere = AuditFiles.readHead(directory).orElseThrow();
    Path file = newestFile();
    List<String> lines = lines(file);
    List<String> kept = lines.subList(0, lines.size() - 3);
    writeLines(file, kept);
    AuditRecord last =
        AuditRecordJson.decode(kept.get(kept.size() - 1).getBytes(StandardCharsets.UTF_8));
    AuditFiles.writeHead(
        directory,
        new AuditCheckpoint(file.getFileName().toString(), last.sequenceNumber(), last.hash()));

    assertThat(AuditVerifier.verify(directory).ok()).isTrue();
    VerificationResult result = AuditVerifier.verify(directory, keptElsewhere);

    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.TRUNCATED);
    assertThat(result.message()).contains("the given checkpoint records seq_num " + totalRecords);
  }

  @Test
  void singleFileIsVerifiedOnItsOwn() {
    Path file = middleFile();

    VerificationResult result = AuditVerifier.verify(file);

    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.records()).isEqualTo(lines(file).size());
    assertThat(result.message()).contains("the log starts at seq_num");
  }

  @Test
  void firstRecordChainsToTheGenesisHash() {
    AuditRecord first =
        AuditRecordJson.decode(lines(files.get(0)).get(0).getBytes(StandardCharsets.UTF_8));

    assertThat(first.sequenceNumber()).isEqualTo(1);
    assertThat(first.previousHash()).isEqualTo("0".repeat(64));
    assertThat(first.kind()).isEqualTo(Kind.LOG_OPENED);
  }

  @Test
  void emptyDirectoryIsNotALog() throws IOException {
    Path empty = Files.createDirectories(temporary.resolve("empty"));

    VerificationResult result = AuditVerifier.verify(empty);

    assertThat(result.ok()).isFalse();
    assertThat(result.problem()).isEqualTo(Problem.UNREADABLE);
  }
}
