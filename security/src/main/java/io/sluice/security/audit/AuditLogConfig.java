package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Where and how {@link AuditLog} writes.
 *
 * @param directory the audit directory, {@value #DEFAULT_DIRECTORY} under the working directory by
 *     default; created when missing
 * @param maximumFileBytes a file is sealed and a new one started before a record and the seal would
 *     take it past this size (64 MiB by default; at least 1 KiB); only a file's first record may be
 *     larger
 * @param rotateDaily whether a new file is also started on each new UTC day (the default)
 * @param queueCapacity how many records may wait for the writer thread (10,000 by default); when
 *     the queue is full {@link AuditLog#write} blocks until there is room, it never drops a record
 * @param syncInterval how long records written with {@link AuditLog#write} may stay in the
 *     operating system's cache before they are forced to disk (100 ms by default; zero forces every
 *     batch); a record written with {@link AuditLog#writeAndFlush} is forced at once, with every
 *     record before it
 */
public record AuditLogConfig(
    Path directory,
    long maximumFileBytes,
    boolean rotateDaily,
    int queueCapacity,
    Duration syncInterval) {
  public static final String DEFAULT_DIRECTORY = "sluice-data/audit";
  public static final long DEFAULT_MAXIMUM_FILE_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
  public static final Duration DEFAULT_SYNC_INTERVAL = Duration.ofMillis(100);

  public AuditLogConfig {
    requireNonNull(directory, "directory");
    if (maximumFileBytes < 1024) {
      throw new IllegalArgumentException(
          "Invalid audit maximum file size " + maximumFileBytes + ": use at least 1024 bytes");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "Invalid audit queue capacity " + queueCapacity + ": use at least 1");
    }
    requireNonNull(syncInterval, "syncInterval");
    if (syncInterval.isNegative() || syncInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(
          "Invalid audit sync interval " + syncInterval + ": use 0 to 10 seconds");
    }
  }

  /** The defaults, in {@value #DEFAULT_DIRECTORY}. */
  public static AuditLogConfig defaults() {
    return in(Path.of(DEFAULT_DIRECTORY));
  }

  /** The defaults, in the given directory. */
  public static AuditLogConfig in(Path directory) {
    return new AuditLogConfig(
        directory, DEFAULT_MAXIMUM_FILE_BYTES, true, DEFAULT_QUEUE_CAPACITY, DEFAULT_SYNC_INTERVAL);
  }

  public AuditLogConfig withMaximumFileBytes(long maximumFileBytes) {
    return new AuditLogConfig(
        directory, maximumFileBytes, rotateDaily, queueCapacity, syncInterval);
  }

  public AuditLogConfig withRotateDaily(boolean rotateDaily) {
    return new AuditLogConfig(
        directory, maximumFileBytes, rotateDaily, queueCapacity, syncInterval);
  }

  public AuditLogConfig withQueueCapacity(int queueCapacity) {
    return new AuditLogConfig(
        directory, maximumFileBytes, rotateDaily, queueCapacity, syncInterval);
  }

  public AuditLogConfig withSyncInterval(Duration syncInterval) {
    return new AuditLogConfig(
        directory, maximumFileBytes, rotateDaily, queueCapacity, syncInterval);
  }
}
