package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

import io.sluice.security.audit.AuditFiles.AuditFile;
import io.sluice.security.audit.AuditFiles.Line;
import io.sluice.security.audit.AuditFiles.LineReader;
import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.AuditRecordJson.ChainLink;
import io.sluice.security.audit.AuditRecordJson.Encoded;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hash-chained audit log: JSON lines in {@code audit-<first seq_num>-<UTC day>.jsonl} files in
 * one directory, each record carrying the hash of the record before it (see {@link AuditRecordJson}
 * for the line format and {@link AuditVerifier} for what can be checked).
 *
 * <p><b>Writing.</b> {@link #write} hands a record to one writer thread through a bounded queue and
 * returns; it is meant for allowed decisions, query outcomes and logins, and keeps the disk off the
 * query's path. When the queue is full, {@code write} <b>blocks</b> until the writer has made room:
 * an audit must not lose records, so a disk that cannot keep up slows the gateway down instead.
 * {@link #writeAndFlush} is for denials: it returns only once the record, and every record queued
 * before it, is forced to disk, so a client is never told "denied" about something the audit does
 * not hold. The writer hands each batch it writes to the operating system at once (a crash of the
 * process loses nothing written), and forces it to disk (group commit) at once when it holds a
 * denial, else within {@link AuditLogConfig#syncInterval()}: an fsync per query would put the disk,
 * and the CPU time the kernel spends on it, on every query's path. After each force it replaces
 * {@code audit.head} with the newest record's file, sequence number and hash.
 *
 * <p><b>Files.</b> A file is sealed with a {@link Kind#FILE_SEALED} record, naming the next file,
 * before a record would take it past the size limit or when the UTC day changes; close seals the
 * last file too. The first record of the next file chains to the seal. Each seal is also logged on
 * {@value #CHECKPOINT_LOGGER}, so that a trace of the chain's head lives outside the directory.
 *
 * <p><b>Restarts.</b> {@link #open} takes {@code audit.lock}, reads the newest file and always
 * starts a new file with a {@link Kind#LOG_OPENED} record chained to the last record. A newest file
 * that was not sealed (the process died) but is intact is sealed first. A newest file that is
 * damaged (its last line cut in the middle, a record that does not match its hash) or that ends
 * before the record {@code audit.head} names is left untouched; the error is logged loudly and the
 * new file starts with a {@link Kind#CHAIN_BREAK} record that says what was found, chained to the
 * last intact record, so that {@link AuditVerifier} reports the damage instead of the chain
 * silently passing over it.
 *
 * <p><b>Failure.</b> If a write fails (disk full, I/O error), the log stops: the records waiting in
 * the queue are counted in an error message and dropped, and every later call throws {@link
 * AuditLogException}. The gateway should then stop serving rather than run unaudited.
 *
 * <p>Records are data: only file names, sequence numbers and hashes are ever logged, never a
 * record's fields.
 */
public final class AuditLog implements Closeable {
  /** The logger that receives a checkpoint (file, seq_num, hash) every time a file is sealed. */
  public static final String CHECKPOINT_LOGGER = "sluice.audit.checkpoint";

  private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
  private static final Logger CHECKPOINTS = LoggerFactory.getLogger(CHECKPOINT_LOGGER);
  private static final int MAXIMUM_BATCH = 4096;
  private static final int MAXIMUM_BUFFERED_BYTES = 1024 * 1024;
  private static final Pending CLOSE = new Pending(null, null);
  private static final String RECOVERY_SEAL_REASON =
      "recovered at start: the previous writer stopped without sealing this file";

  /** The longest a seal can be, kept free in every file so that sealing never passes the limit. */
  private static final int SEAL_RESERVE =
      AuditRecordJson.encode(
              AuditRecord.builder(Kind.FILE_SEALED)
                  .eventTime(java.time.Instant.EPOCH)
                  .reason(RECOVERY_SEAL_REASON)
                  .nextFile(AuditFiles.fileName(Long.MAX_VALUE, LocalDate.MAX, Integer.MAX_VALUE))
                  .build(),
              Long.MAX_VALUE,
              AuditRecordJson.GENESIS_HASH)
          .line()
          .length;

  private final AuditLogConfig config;
  private final InstantSource clock;
  private final Path directory;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final BlockingQueue<Pending> queue;
  private final ReadWriteLock closing = new ReentrantReadWriteLock();
  private final Thread writer;
  private volatile boolean closed;
  private volatile Throwable failure;
  private volatile AuditCheckpoint checkpoint;

  // Owned by the writer thread (and by open() before the thread starts).
  private FileChannel file;
  private String fileName;
  private LocalDate fileDay;
  private long fileBytes;
  private long fileRecords;
  private long lastSequenceNumber;
  private String lastHash;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);

  private record Pending(AuditRecord record, CompletableFuture<AuditRecord> done) {}

  /** Opens the log with the system clock. */
  public static AuditLog open(AuditLogConfig config) throws IOException {
    return open(config, InstantSource.system());
  }

  /**
   * Opens the log, continuing the chain of the files already in the directory.
   *
   * @throws IOException when the directory cannot be written, or another process holds its lock
   */
  public static AuditLog open(AuditLogConfig config, InstantSource clock) throws IOException {
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    Path directory = config.directory().toAbsolutePath();
    Files.createDirectories(directory);
    FileChannel lockChannel =
        FileChannel.open(
            directory.resolve(AuditFiles.LOCK_FILE),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = lockChannel.tryLock();
    } catch (OverlappingFileLockException heldHere) {
      lock = null;
    } catch (IOException failed) {
      lockChannel.close();
      throw failed;
    }
    if (lock == null) {
      lockChannel.close();
      throw new IOException(
          "Cannot open the audit log in "
              + directory
              + ": another writer holds "
              + AuditFiles.LOCK_FILE
              + "; only one gateway may write to an audit directory");
    }
    AuditLog log = new AuditLog(config, clock, directory, lockChannel, lock);
    try {
      log.start();
    } catch (IOException | RuntimeException failed) {
      log.closeFile();
      lock.release();
      lockChannel.close();
      throw failed;
    }
    return log;
  }

  private AuditLog(
      AuditLogConfig config,
      InstantSource clock,
      Path directory,
      FileChannel lockChannel,
      FileLock lock) {
    this.config = config;
    this.clock = clock;
    this.directory = directory;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.queue = new ArrayBlockingQueue<>(config.queueCapacity());
    this.writer = new Thread(this::run, "sluice-audit-writer");
  }

  public Path directory() {
    return directory;
  }

  /** The newest record known to be on disk. */
  public AuditCheckpoint checkpoint() {
    return checkpoint;
  }

  /**
   * Queues a record for the writer thread and returns. Blocks while the queue is full (never
   * drops). Fills in the event time when the record has none.
   *
   * @throws AuditLogException when the log has failed, or the wait for room was interrupted (the
   *     record was then not queued)
   * @throws IllegalStateException when the log is closed
   */
  public void write(AuditRecord record) {
    enqueue(new Pending(stamped(record), null));
  }

  /**
   * Writes a record and returns once it is forced to disk, chained: with its sequence number and
   * hash. Use it for denials, before answering the client.
   *
   * @throws AuditLogException when the record could not be written; when the wait was interrupted
   *     the record may or may not be on disk
   * @throws IllegalStateException when the log is closed
   */
  public AuditRecord writeAndFlush(AuditRecord record) {
    CompletableFuture<AuditRecord> done = new CompletableFuture<>();
    enqueue(new Pending(stamped(record), done));
    try {
      return done.get();
    } catch (ExecutionException failed) {
      throw new AuditLogException(
          "Cannot write an audit record to " + directory + ": " + failed.getCause().getMessage(),
          failed.getCause());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AuditLogException(
          "Interrupted while waiting for an audit record to reach the disk in "
              + directory
              + "; it may or may not have been written",
          interrupted);
    }
  }

  /**
   * Writes every queued record, seals the current file and releases the directory. Blocks until
   * done; a second call does nothing.
   *
   * @throws AuditLogException when the log had failed, so some records were not written
   */
  @Override
  public void close() throws IOException {
    closing.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
    } finally {
      closing.writeLock().unlock();
    }
    boolean interrupted = false;
    while (true) {
      try {
        queue.put(CLOSE);
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    while (writer.isAlive()) {
      try {
        writer.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    try {
      lock.release();
    } finally {
      lockChannel.close();
    }
    if (failure != null) {
      throw new AuditLogException(
          "The audit log in " + directory + " failed earlier; see the log for lost records",
          failure);
    }
  }

  private AuditRecord stamped(AuditRecord record) {
    requireNonNull(record, "record");
    return record.eventTime() == null
        ? record.toBuilder().eventTime(clock.instant()).build()
        : record;
  }

  private void enqueue(Pending pending) {
    closing.readLock().lock();
    try {
      if (closed) {
        throw new IllegalStateException(
            "Cannot write an audit record: the audit log in " + directory + " is closed");
      }
      throwIfFailed();
      queue.put(pending);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new AuditLogException(
          "Interrupted while waiting for room in the audit queue; the record was not written",
          interrupted);
    } finally {
      closing.readLock().unlock();
    }
  }

  private void throwIfFailed() {
    Throwable failed = failure;
    if (failed != null) {
      throw new AuditLogException(
          "Cannot write an audit record: the audit log in "
              + directory
              + " failed and takes no more records: "
              + failed.getMessage(),
          failed);
    }
  }

  // ---- start and recovery -------------------------------------------------------------------

  /** What the last intact record of a file is, and the first thing wrong with the file. */
  private record FileScan(ChainLink lastIntact, String problem) {}

  /** Where the chain ends, and what is wrong with the log if anything: read at open. */
  private record Recovered(
      ChainLink last, String lastFile, long sequenceNumber, String hash, List<String> problems) {}

  private Recovered recover() throws IOException {
    List<AuditFile> files = new ArrayList<>(AuditFiles.list(directory));
    // An empty file holds no record: the writer stopped between creating it and writing to it.
    while (!files.isEmpty() && Files.size(files.get(files.size() - 1).path()) == 0) {
      AuditFile empty = files.remove(files.size() - 1);
      LOG.info("Removing the empty audit file {}", empty.path());
      Files.delete(empty.path());
    }
    List<String> problems = new ArrayList<>();
    Optional<AuditCheckpoint> head = Optional.empty();
    try {
      head = AuditFiles.readHead(directory);
    } catch (IOException unreadable) {
      problems.add(unreadable.getMessage());
    }

    ChainLink last = null;
    String lastFile = null;
    for (int i = files.size() - 1; i >= 0 && last == null; i--) {
      AuditFile candidate = files.get(i);
      FileScan scan = scan(candidate, head);
      if (scan.problem() != null) {
        problems.add(candidate.name() + ": " + scan.problem());
      }
      last = scan.lastIntact();
      lastFile = candidate.name();
    }
    long lastSequence;
    String hash;
    if (last != null) {
      lastSequence = last.sequenceNumber();
      hash = last.hash();
    } else if (head.isPresent()) {
      problems.add("no intact audit record is left; continuing from audit.head");
      lastSequence = head.get().sequenceNumber();
      hash = head.get().hash();
    } else {
      lastSequence = 0;
      hash = AuditRecordJson.GENESIS_HASH;
    }
    if (head.isPresent() && head.get().sequenceNumber() > lastSequence) {
      problems.add(
          "audit.head records seq_num "
              + head.get().sequenceNumber()
              + " in "
              + head.get().file()
              + ", but the log ends at seq_num "
              + lastSequence
              + ": records were cut off or files removed");
    }
    return new Recovered(last, lastFile, lastSequence, hash, problems);
  }

  private void start() throws IOException {
    Recovered recovered = recover();
    ChainLink last = recovered.last();
    String lastFile = recovered.lastFile();
    List<String> problems = recovered.problems();
    lastSequenceNumber = recovered.sequenceNumber();
    lastHash = recovered.hash();
    LocalDate today = today();

    if (!problems.isEmpty()) {
      String reason = "the audit log was damaged before this start: " + String.join("; ", problems);
      String name = uniqueFileName(lastSequenceNumber + 1, today);
      LOG.error(
          "AUDIT LOG DAMAGED in {}: {}. The damaged files are left as they are; the chain continues"
              + " in {} with a chain_break record. Run `sluice audit verify {}` for the first"
              + " problem.",
          directory,
          String.join("; ", problems),
          name,
          directory);
      openFile(name, today);
      append(
          AuditRecord.builder(Kind.CHAIN_BREAK).eventTime(clock.instant()).reason(reason).build());
    } else {
      String name;
      String reason;
      if (last == null) {
        name = uniqueFileName(1, today);
        reason = "new audit log";
      } else if (last.kind().equals(Kind.FILE_SEALED.jsonName())) {
        name =
            last.nextFile() != null
                    && AuditFiles.isAuditFileName(last.nextFile())
                    && !Files.exists(directory.resolve(last.nextFile()))
                ? last.nextFile()
                : uniqueFileName(lastSequenceNumber + 1, today);
        reason = "opened after " + lastFile + " was sealed";
      } else {
        // The previous writer stopped without sealing its file; the file is intact.
        name = uniqueFileName(lastSequenceNumber + 2, today);
        fileName = lastFile;
        file = FileChannel.open(directory.resolve(lastFile), StandardOpenOption.APPEND);
        sealAs(RECOVERY_SEAL_REASON, name);
        writeBuffer();
        file.force(false);
        logCheckpoint();
        closeFile();
        LOG.warn(
            "The audit file {} was not sealed (the previous writer stopped); sealed it now",
            lastFile);
        reason =
            "opened after recovering " + lastFile + ", which the previous writer had not sealed";
      }
      openFile(name, today);
      append(
          AuditRecord.builder(Kind.LOG_OPENED).eventTime(clock.instant()).reason(reason).build());
    }
    writeBuffer();
    sync();
    writer.start();
  }

  /** Reads a whole file: its last intact record and the first thing that is wrong with it. */
  private static FileScan scan(AuditFile auditFile, Optional<AuditCheckpoint> head)
      throws IOException {
    ChainLink lastIntact = null;
    String problem = null;
    try (LineReader reader = new LineReader(auditFile.path())) {
      for (Line line = reader.next(); line != null; line = reader.next()) {
        if (!line.terminated()) {
          if (problem == null) {
            problem = "line " + line.number() + " is incomplete (cut off in the middle)";
          }
          break;
        }
        ChainLink link;
        try {
          link = AuditRecordJson.link(line.bytes());
        } catch (IllegalArgumentException invalid) {
          if (problem == null) {
            problem =
                "line " + line.number() + " is not an audit record (" + invalid.getMessage() + ")";
          }
          continue;
        }
        if (!link.hashMatches()) {
          if (problem == null) {
            problem = "line " + line.number() + " does not match its hash (edited)";
          }
          continue;
        }
        if (problem == null
            && head.isPresent()
            && head.get().file().equals(auditFile.name())
            && head.get().sequenceNumber() == link.sequenceNumber()
            && !head.get().hash().equals(link.hash())) {
          problem =
              "line "
                  + line.number()
                  + " (seq_num "
                  + link.sequenceNumber()
                  + ") has another hash than audit.head records (replaced)";
        }
        lastIntact = link;
      }
    }
    return new FileScan(lastIntact, problem);
  }

  private String uniqueFileName(long firstSequenceNumber, LocalDate day) {
    String name = AuditFiles.fileName(firstSequenceNumber, day);
    for (int suffix = 2; Files.exists(directory.resolve(name)); suffix++) {
      name = AuditFiles.fileName(firstSequenceNumber, day, suffix);
    }
    return name;
  }

  // ---- the writer thread ----------------------------------------------------------------------

  private void run() {
    List<Pending> batch = new ArrayList<>();
    long syncIntervalNanos = config.syncInterval().toNanos();
    // When the oldest record written but not yet forced was written; meaningful while unsynced.
    long firstUnsyncedNanos = 0;
    boolean unsynced = false;
    while (true) {
      batch.clear();
      try {
        Pending first;
        if (unsynced) {
          long wait = syncIntervalNanos - (System.nanoTime() - firstUnsyncedNanos);
          first = queue.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
        } else {
          first = queue.take();
        }
        if (first == null) {
          sync();
          unsynced = false;
          continue;
        }
        batch.add(first);
      } catch (InterruptedException interrupted) {
        // Only close() stops the writer, so that nothing queued is left behind.
        continue;
      } catch (Throwable failed) {
        fail(failed, batch, false);
        return;
      }
      queue.drainTo(batch, MAXIMUM_BATCH);
      boolean close = false;
      List<CompletableFuture<AuditRecord>> waiting = new ArrayList<>();
      List<AuditRecord> written = new ArrayList<>();
      try {
        for (Pending pending : batch) {
          if (pending == CLOSE) {
            close = true;
            continue;
          }
          AuditRecord chained = append(pending.record());
          if (pending.done() != null) {
            waiting.add(pending.done());
            written.add(chained);
          }
        }
        if (close) {
          seal("closed");
        }
        writeBuffer();
        if (!unsynced) {
          unsynced = true;
          firstUnsyncedNanos = System.nanoTime();
        }
        if (close
            || !waiting.isEmpty()
            || System.nanoTime() - firstUnsyncedNanos >= syncIntervalNanos) {
          sync();
          unsynced = false;
        }
        for (int i = 0; i < waiting.size(); i++) {
          waiting.get(i).complete(written.get(i));
        }
        if (close) {
          closeFile();
          return;
        }
      } catch (Throwable failed) {
        // Whatever went wrong, callers must hear of it rather than wait on a dead writer.
        fail(failed, batch, close);
        return;
      }
    }
  }

  /**
   * Appends a record to the batch buffer, sealing the file first when the record would not fit or
   * the day changed. Returns the record with its chain fields.
   */
  private AuditRecord append(AuditRecord record) throws IOException {
    Encoded encoded = AuditRecordJson.encode(record, lastSequenceNumber + 1, lastHash);
    if (fileRecords > 0) {
      LocalDate today = today();
      boolean full = fileBytes + encoded.line().length + SEAL_RESERVE > config.maximumFileBytes();
      boolean newDay = config.rotateDaily() && !today.equals(fileDay);
      if (full || newDay) {
        String next = rotate(full ? "rotated: size limit" : "rotated: new UTC day", today);
        LOG.debug("Audit file rotated to {}", next);
        encoded = AuditRecordJson.encode(record, lastSequenceNumber + 1, lastHash);
      }
    }
    String previousHash = lastHash;
    buffer.write(encoded.line());
    fileBytes += encoded.line().length;
    fileRecords++;
    lastSequenceNumber++;
    lastHash = encoded.hash();
    if (buffer.size() >= MAXIMUM_BUFFERED_BYTES) {
      writeBuffer();
    }
    return record.chained(lastSequenceNumber, previousHash, lastHash);
  }

  /** Seals the current file, naming the next, and opens the next. Returns the next file's name. */
  private String rotate(String reason, LocalDate today) throws IOException {
    String next = uniqueFileName(lastSequenceNumber + 2, today);
    sealAs(reason, next);
    writeBuffer();
    file.force(false);
    logCheckpoint();
    closeFile();
    openFile(next, today);
    return next;
  }

  private void seal(String reason) throws IOException {
    sealAs(reason, null);
    writeBuffer();
    file.force(false);
    logCheckpoint();
  }

  private void sealAs(String reason, String nextFile) throws IOException {
    Encoded seal =
        AuditRecordJson.encode(
            AuditRecord.builder(Kind.FILE_SEALED)
                .eventTime(clock.instant())
                .reason(reason)
                .nextFile(nextFile)
                .build(),
            lastSequenceNumber + 1,
            lastHash);
    buffer.write(seal.line());
    fileBytes += seal.line().length;
    fileRecords++;
    lastSequenceNumber++;
    lastHash = seal.hash();
  }

  private void logCheckpoint() {
    CHECKPOINTS.info(
        "Audit checkpoint: file={} seq_num={} hash={}", fileName, lastSequenceNumber, lastHash);
  }

  /** Forces what was written to disk and records the new head. */
  private void sync() throws IOException {
    file.force(false);
    AuditCheckpoint newest = new AuditCheckpoint(fileName, lastSequenceNumber, lastHash);
    AuditFiles.writeHead(directory, newest);
    checkpoint = newest;
  }

  private void writeBuffer() throws IOException {
    if (buffer.size() == 0) {
      return;
    }
    ByteBuffer bytes = ByteBuffer.wrap(buffer.toByteArray());
    buffer.reset();
    while (bytes.hasRemaining()) {
      file.write(bytes);
    }
  }

  private void openFile(String name, LocalDate day) throws IOException {
    file =
        FileChannel.open(
            directory.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    fileName = name;
    fileDay = day;
    fileBytes = 0;
    fileRecords = 0;
    forceDirectory();
  }

  /** Makes a new file's directory entry durable; not every platform can open a directory. */
  private void forceDirectory() {
    try (FileChannel directoryChannel = FileChannel.open(directory, StandardOpenOption.READ)) {
      directoryChannel.force(true);
    } catch (IOException notSupported) {
      LOG.debug("Cannot force the audit directory {} to disk", directory, notSupported);
    }
  }

  private void closeFile() {
    if (file == null) {
      return;
    }
    try {
      file.close();
    } catch (IOException failed) {
      LOG.warn("Cannot close the audit file {}", fileName, failed);
    }
    file = null;
  }

  private void fail(Throwable cause, List<Pending> batch, boolean closeSeen) {
    failure = cause;
    long lost = 0;
    for (Pending pending : batch) {
      if (pending != CLOSE) {
        lost++;
        if (pending.done() != null) {
          pending.done().completeExceptionally(cause);
        }
      }
    }
    LOG.error(
        "The audit log in {} failed writing {}; it takes no more records. {} records after seq_num"
            + " {} were not written; those written since seq_num {} may not have reached the disk.",
        directory,
        fileName,
        lost,
        lastSequenceNumber,
        checkpoint == null ? 0 : checkpoint.sequenceNumber(),
        cause);
    closeFile();
    // Keep answering until close(), so that no caller waits forever on a full queue.
    long refused = 0;
    boolean close = closeSeen;
    while (!close) {
      Pending pending;
      try {
        pending = queue.take();
      } catch (InterruptedException interrupted) {
        continue;
      }
      if (pending == CLOSE) {
        close = true;
      } else {
        refused++;
        if (pending.done() != null) {
          pending.done().completeExceptionally(cause);
        }
      }
    }
    if (refused > 0) {
      LOG.error(
          "{} more audit records queued before the audit log in {} failed were not written",
          refused,
          directory);
    }
  }

  private LocalDate today() {
    return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  @Override
  public String toString() {
    return "AuditLog[" + directory + "]";
  }
}
