package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

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
 */
public record AuditLogConfig(
    Path directory, long maximumFileBytes, boolean rotateDaily, int queueCapacity) {
  public static final String DEFAULT_DIRECTORY = "sluice-data/audit";
  public static final long DEFAULT_MAXIMUM_FILE_BYTES = 64L * 1024 * 1024;
  public static final int DEFAULT_QUEUE_CAPACITY = 10_000;

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
  }

  /** The defaults, in {@value #DEFAULT_DIRECTORY}. */
  public static AuditLogConfig defaults() {
    return in(Path.of(DEFAULT_DIRECTORY));
  }

  /** The defaults, in the given directory. */
  public static AuditLogConfig in(Path directory) {
    return new AuditLogConfig(directory, DEFAULT_MAXIMUM_FILE_BYTES, true, DEFAULT_QUEUE_CAPACITY);
  }

  public AuditLogConfig withMaximumFileBytes(long maximumFileBytes) {
    return new AuditLogConfig(directory, maximumFileBytes, rotateDaily, queueCapacity);
  }

  public AuditLogConfig withRotateDaily(boolean rotateDaily) {
    return new AuditLogConfig(directory, maximumFileBytes, rotateDaily, queueCapacity);
  }

  public AuditLogConfig withQueueCapacity(int queueCapacity) {
    return new AuditLogConfig(directory, maximumFileBytes, rotateDaily, queueCapacity);
  }
}
