package io.sluice.gateway.config;

import java.nio.file.Path;

/**
 * The audit log: hash-chained JSONL files, one record per login, authorization decision and query
 * outcome. Check one with {@code sluice audit verify}.
 *
 * @param directory where the files go, {@code <dataDirectory>/audit} by default
 * @param maximumFileSize bytes per file before a new one starts, 64 MiB by default
 * @param rotateDaily whether a new file also starts each UTC day, true by default
 */
public record AuditConfig(Path directory, Long maximumFileSize, Boolean rotateDaily) {
  /** The same, with a directory left at its default following the data directory. */
  AuditConfig followingDataDirectory(Path oldDataDirectory) {
    return directory.equals(
            new AuditConfig(null, null, null).withDefaults(oldDataDirectory).directory())
        ? new AuditConfig(null, maximumFileSize, rotateDaily)
        : this;
  }

  AuditConfig withDefaults(Path dataDirectory) {
    return new AuditConfig(
        (directory == null ? dataDirectory.resolve("audit") : directory)
            .toAbsolutePath()
            .normalize(),
        maximumFileSize == null ? 64L * 1024 * 1024 : maximumFileSize,
        rotateDaily == null || rotateDaily);
  }

  void validate() {
    if (maximumFileSize < 4096) {
      throw new ConfigException(
          "audit.maximumFileSize is " + maximumFileSize + " bytes: it must be at least 4096");
    }
  }
}
