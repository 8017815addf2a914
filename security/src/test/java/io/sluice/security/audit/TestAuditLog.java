package io.sluice.security.audit;

import static io.sluice.security.audit.TestingAuditLogs.auditFiles;
import static io.sluice.security.audit.TestingAuditLogs.copyDirectory;
import static io.sluice.security.audit.TestingAuditLogs.cutLastLineInHalf;
import static io.sluice.security.audit.TestingAuditLogs.lines;
import static io.sluice.security.audit.TestingAuditLogs.readAll;
import static io.sluice.security.audit.TestingAuditLogs.sampleRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.VerificationResult.Problem;
import io.sluice.security.testing.TestingClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestAuditLog {
  @TempDir Path temporary;

  private final TestingClock clock = new TestingClock(Instant.parse("2025-03-01T22:00:00Z"));

  private AuditLogConfig smallFiles(Path directory) {
    return AuditLogConfig.in(directory).withMaximumFileBytes(8 * 1024);
  }

  @Test
  void recordsSurviveRotationsAndRestartsAsOneChain() throws IOException {
    Path directory = temporary.resolve("audit");
    int written = 0;
    for (int run = 0; run < 3; run++) {
      try (AuditLog log = AuditLog.open(smallFiles(directory), clock)) {
        for (int i = 0; i < 150; i++, written++) {
          if (written % 3 == 2) {
            log.writeAndFlush(sampleRecord(written));
          } else {
            log.write(sampleRecord(written));
          }
          if (run == 1 && i == 75) {
            clock.advance(Duration.ofHours(3));
          }
        }
      }
    }

    List<AuditRecord> records = readAll(directory);
    List<Path> files = auditFiles(directory);
    assertThat(files).hasSizeGreaterThan(10);
    assertThat(files.stream().map(file -> file.getFileName().toString()).sorted().toList())
        .as("file names sort in chain order")
        .isEqualTo(files.stream().map(file -> file.getFileName().toString()).toList());
    assertThat(files.get(files.size() - 1).getFileName().toString()).contains("-2025-03-02");
    for (int i = 0; i < records.size(); i++) {
      assertThat(records.get(i).sequenceNumber()).isEqualTo(i + 1);
      assertThat(records.get(i).previousHash())
          .isEqualTo(i == 0 ? AuditRecordJson.GENESIS_HASH : records.get(i - 1).hash());
    }
    assertThat(records.stream().filter(record -> record.id().startsWith("record-")))
        .extracting(AuditRecord::id)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, written).mapToObj(i -> "record-" + i).toList());
    assertThat(records.stream().filter(record -> record.kind() == Kind.LOG_OPENED)).hasSize(3);
    assertThat(records.stream().filter(record -> "rotated: new UTC day".equals(record.reason())))
        .hasSize(1);
    for (Path file : files) {
      List<String> fileLines = lines(file);
      assertThat(fileLines.get(fileLines.size() - 1))
          .as("the last record of %s", file.getFileName())
          .contains("\"kind\":\"file_sealed\"");
      assertThat(Files.size(file)).isLessThanOrEqualTo(8 * 1024);
    }
    VerificationResult result = AuditVerifier.verify(directory);
    assertThat(result.ok()).as(result.toString()).isTrue();
    assertThat(result.records()).isEqualTo(records.size());
    assertThat(result.files()).isEqualTo(files.size());
  }

  @Test
  void denialIsOnDiskWhenWriteAndFlushReturns() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      for (int i = 0; i < 50; i++) {
        log.write(sampleRecord(i * 3));
      }

      AuditRecord denial = log.writeAndFlush(sampleRecord(2));

      List<Path> files = auditFiles(directory);
      List<String> onDisk = lines(files.get(files.size() - 1));
      assertThat(onDisk.get(onDisk.size() - 1))
          .contains("\"id\":\"record-2\"")
          .contains("\"result\":0")
          .endsWith("\"hash\":\"" + denial.hash() + "\"}");
      assertThat(onDisk).as("the records queued before it are written first").hasSize(52);
      assertThat(denial.sequenceNumber()).isEqualTo(52);
      assertThat(log.checkpoint())
          .isEqualTo(
              new AuditCheckpoint(
                  files.get(files.size() - 1).getFileName().toString(), 52, denial.hash()));
      assertThat(Files.readString(directory.resolve("audit.head"))).contains(denial.hash());
    }
  }

  @Test
  void writtenRecordsReachTheFileAtOnceAndAreForcedWithinTheSyncInterval() throws Exception {
    Path directory = temporary.resolve("audit");
    try (AuditLog log =
        AuditLog.open(
            AuditLogConfig.in(directory).withSyncInterval(Duration.ofSeconds(2)), clock)) {
      long opened = log.checkpoint().sequenceNumber();
      log.write(sampleRecord(1));
      log.write(sampleRecord(2));

      // Handed to the operating system at once: readable, though not yet forced to disk.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      List<Path> files = auditFiles(directory);
      while (lines(files.get(files.size() - 1)).size() < 3 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(lines(files.get(files.size() - 1))).hasSize(3);
      // The head names only what was forced: not these yet, but within the interval.
      assertThat(log.checkpoint().sequenceNumber()).isEqualTo(opened);
      while (log.checkpoint().sequenceNumber() < opened + 2 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(log.checkpoint().sequenceNumber()).isEqualTo(opened + 2);
      assertThat(Files.readString(directory.resolve("audit.head")))
          .contains("\"seq_num\":" + (opened + 2));

      // A denial does not wait: it and everything before it are forced when it returns.
      log.write(sampleRecord(3));
      AuditRecord denial = log.writeAndFlush(sampleRecord(4));
      assertThat(log.checkpoint().sequenceNumber()).isEqualTo(denial.sequenceNumber());
    }
  }

  @Test
  void closeDrainsTheQueue() throws IOException {
    Path directory = temporary.resolve("audit");
    AuditLog log = AuditLog.open(AuditLogConfig.in(directory).withQueueCapacity(5_000), clock);
    for (int i = 0; i < 3_000; i++) {
      log.write(sampleRecord(i));
    }
    log.close();

    List<AuditRecord> records = readAll(directory);
    assertThat(records).hasSize(1 + 3_000 + 1);
    assertThat(records.get(records.size() - 2).id()).isEqualTo("record-2999");
    assertThat(records.get(records.size() - 1).reason()).isEqualTo("closed");
    assertThatThrownBy(() -> log.write(sampleRecord(0)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void concurrentWritersGetUniqueContiguousSequenceNumbersInOneValidChain() throws Exception {
    Path directory = temporary.resolve("audit");
    int threads = 8;
    int perThread = 400;
    // A small queue, so that writers also wait for room: nothing may be dropped.
    try (AuditLog log = AuditLog.open(smallFiles(directory).withQueueCapacity(16), clock)) {
      ExecutorService executor = Executors.newFixedThreadPool(threads);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            executor.submit(
                () -> {
                  for (int i = 0; i < perThread; i++) {
                    AuditRecord record =
                        sampleRecord(i).toBuilder().id("thread-" + thread + "-" + i).build();
                    if (i % 10 == 0) {
                      log.writeAndFlush(record);
                    } else {
                      log.write(record);
                    }
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get(60, TimeUnit.SECONDS);
      }
      executor.shutdown();
    }

    List<AuditRecord> records = readAll(directory);
    Set<Long> sequenceNumbers = new HashSet<>();
    Map<Integer, Integer> nextPerThread = new HashMap<>();
    for (int i = 0; i < records.size(); i++) {
      AuditRecord record = records.get(i);
      assertThat(record.sequenceNumber()).isEqualTo(i + 1);
      assertThat(sequenceNumbers.add(record.sequenceNumber())).isTrue();
      if (record.id().startsWith("thread-")) {
        String[] parts = record.id().split("-");
        int thread = Integer.parseInt(parts[1]);
        assertThat(Integer.parseInt(parts[2]))
            .as("each thread's records keep their order")
            .isEqualTo(nextPerThread.getOrDefault(thread, 0));
        nextPerThread.merge(thread, 1, Integer::sum);
      }
    }
    assertThat(nextPerThread)
        .hasSize(threads)
        .allSatisfy((thread, count) -> assertThat(count).isEqualTo(perThread));
    VerificationResult result = AuditVerifier.verify(directory);
    assertThat(result.ok()).as(result.toString()).isTrue();
  }

  @Test
  void restartChainsTheNewFileToTheLastSeal() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      log.write(sampleRecord(0));
    }
    AuditCheckpoint beforeRestart;
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      beforeRestart = log.checkpoint();
      log.write(sampleRecord(1));
    }

    List<Path> files = auditFiles(directory);
    assertThat(files).hasSize(2);
    AuditRecord seal = readAll(directory).get(2);
    AuditRecord opened = readAll(directory).get(3);
    assertThat(seal.kind()).isEqualTo(Kind.FILE_SEALED);
    assertThat(opened.kind()).isEqualTo(Kind.LOG_OPENED);
    assertThat(opened.sequenceNumber()).isEqualTo(4).isEqualTo(beforeRestart.sequenceNumber());
    assertThat(opened.previousHash()).isEqualTo(seal.hash());
    assertThat(files.get(1).getFileName().toString())
        .isEqualTo("audit-000000000004-2025-03-01.jsonl");
  }

  @Test
  void fileOfAWriterThatDiedIsSealedAtRestart() throws IOException {
    Path live = temporary.resolve("live");
    Path crashed = temporary.resolve("crashed");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(live), clock)) {
      log.write(sampleRecord(0));
      log.writeAndFlush(sampleRecord(2));
      // What the disk holds if the process dies now: the records, no seal.
      copyDirectory(live, crashed);
    }

    try (AuditLog log = AuditLog.open(AuditLogConfig.in(crashed), clock)) {
      log.write(sampleRecord(3));
    }

    List<AuditRecord> records = readAll(crashed);
    assertThat(records)
        .extracting(AuditRecord::kind)
        .containsExactly(
            Kind.LOG_OPENED,
            Kind.AUTHORIZATION,
            Kind.AUTHORIZATION,
            Kind.FILE_SEALED,
            Kind.LOG_OPENED,
            Kind.AUTHORIZATION,
            Kind.FILE_SEALED);
    assertThat(records.get(3).reason()).startsWith("recovered at start");
    VerificationResult result = AuditVerifier.verify(crashed);
    assertThat(result.ok()).as(result.toString()).isTrue();
  }

  @Test
  void lineCutInTheMiddleIsLeftAloneAndTheNewFileRecordsTheBreak() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      for (int i = 0; i < 10; i++) {
        log.write(sampleRecord(i));
      }
    }
    Path damaged = auditFiles(directory).get(0);
    cutLastLineInHalf(damaged);
    byte[] damagedBytes = Files.readAllBytes(damaged);

    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      log.write(sampleRecord(10));
    }

    assertThat(Files.readAllBytes(damaged)).isEqualTo(damagedBytes);
    List<Path> files = auditFiles(directory);
    assertThat(files).hasSize(2);
    AuditRecord chainBreak =
        AuditRecordJson.decode(lines(files.get(1)).get(0).getBytes(StandardCharsets.UTF_8));
    assertThat(chainBreak.kind()).isEqualTo(Kind.CHAIN_BREAK);
    assertThat(chainBreak.reason())
        .contains(damaged.getFileName().toString())
        .contains("line 12 is incomplete");
    assertThat(chainBreak.sequenceNumber()).isEqualTo(12);
    VerificationResult result = AuditVerifier.verify(directory);
    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.TRUNCATED);
    assertThat(result.file()).isEqualTo(damaged);
    assertThat(result.line()).isEqualTo(12);
  }

  @Test
  void recordsCutOffBehindTheHeadAreRecordedAsABreakAtRestart() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      for (int i = 0; i < 10; i++) {
        log.write(sampleRecord(i));
      }
    }
    Path file = auditFiles(directory).get(0);
    List<String> kept = lines(file).subList(0, 8);
    TestingAuditLogs.writeLines(file, kept);

    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      log.write(sampleRecord(10));
    }

    VerificationResult result = AuditVerifier.verify(directory);
    assertThat(result.problem()).as(result.toString()).isEqualTo(Problem.CHAIN_BREAK);
    assertThat(result.file()).isEqualTo(auditFiles(directory).get(1));
    assertThat(result.line()).isEqualTo(1);
    assertThat(result.message()).contains("audit.head records seq_num 12");
  }

  @Test
  void emptyFileLeftByAWriterThatDiedIsReplaced() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      log.write(sampleRecord(0));
    }
    // The writer died between creating its next file and writing to it.
    Files.createFile(directory.resolve("audit-000000000004-2025-03-01.jsonl"));

    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      log.write(sampleRecord(1));
    }

    assertThat(auditFiles(directory)).hasSize(2);
    assertThat(lines(auditFiles(directory).get(1)).get(0)).contains("\"kind\":\"log_opened\"");
    VerificationResult result = AuditVerifier.verify(directory);
    assertThat(result.ok()).as(result.toString()).isTrue();
  }

  @Test
  void secondWriterOnTheSameDirectoryIsRefused() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      assertThatThrownBy(() -> AuditLog.open(AuditLogConfig.in(directory), clock))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("another writer holds audit.lock");
      log.write(sampleRecord(0));
    }
    assertThat(AuditVerifier.verify(directory).ok()).isTrue();
  }

  @Test
  void eventTimeIsFilledInFromTheClock() throws IOException {
    Path directory = temporary.resolve("audit");
    try (AuditLog log = AuditLog.open(AuditLogConfig.in(directory), clock)) {
      AuditRecord written =
          log.writeAndFlush(AuditRecord.builder(Kind.AUTHORIZATION).allowed(false).build());
      assertThat(written.eventTime()).isEqualTo(clock.instant());
    }
  }
}
