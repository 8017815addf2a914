package io.sluice.gateway.config;

import io.sluice.security.audit.AuditLogConfig;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The audit log: hash-chained JSONL files, one record per login, authorization decision and query
 * outcome. Check one with {@code sluice audit verify}.
 *
 * @param directory where the files go, {@code <dataDirectory>/audit} by default
 * @param maximumFileSize bytes per file before a new one starts, 64 MiB by default
 * @param rotateDaily whether a new file also starts each UTC day, true by default
 * @param syncInterval how long an allowed decision's or query outcome's record may wait in the
 *     operating system's cache before it is forced to disk, 100 ms by default ({@code 0ms}: at
 *     once); denials are always forced before the client is answered
 */
public record AuditConfig(
    Path directory, Long maximumFileSize, Boolean rotateDaily, Duration syncInterval) {
  /** The same, with a directory left at its default following the data directory. */
  AuditConfig followingDataDirectory(Path oldDataDirectory) {
    return directory.equals(
            new AuditConfig(null, null, null, null).withDefaults(oldDataDirectory).directory())
        ? new AuditConfig(null, maximumFileSize, rotateDaily, syncInterval)
        : this;
  }

  AuditConfig withDefaults(Path dataDirectory) {
    return new AuditConfig(
        (directory == null ? dataDirectory.resolve("audit") : directory)
            .toAbsolutePath()
            .normalize(),
        maximumFileSize == null ? 64L * 1024 * 1024 : maximumFileSize,
        rotateDaily == null || rotateDaily,
        syncInterval == null ? AuditLogConfig.DEFAULT_SYNC_INTERVAL : syncInterval);
  }

  void validate() {
    if (maximumFileSize < 4096) {
      throw new ConfigException(
          "audit.maximumFileSize is " + maximumFileSize + " bytes: it must be at least 4096");
    }
    if (syncInterval.isNegative() || syncInterval.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new ConfigException(
          "audit.syncInterval is " + syncInterval + ": it must be between 0 and 10s");
    }
  }
}
