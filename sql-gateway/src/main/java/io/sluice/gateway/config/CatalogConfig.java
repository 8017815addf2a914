package io.sluice.gateway.config;

import java.nio.file.Path;

/**
 * The Iceberg catalog that Sluice and its local Spark engine share.
 *
 * @param name the catalog's name in SQL, {@code lakehouse} by default
 * @param uri the JDBC URI of the Iceberg JDBC catalog; by default a SQLite file under the data
 *     directory. A relative SQLite path is made absolute, because the gateway and the Spark engine
 *     run in different working directories and must open the same file.
 * @param warehouse where table data and metadata files go; by default under the data directory
 */
public record CatalogConfig(String name, String uri, Path warehouse) {
  public static final String DEFAULT_NAME = "lakehouse";
  private static final String SQLITE = "jdbc:sqlite:";

  /**
   * What this catalog becomes when the data directory moves away from {@code oldDataDirectory}:
   * left entirely at its defaults it follows (null: the new directory's defaults), set explicitly
   * it stays.
   */
  CatalogConfig followingDataDirectory(Path oldDataDirectory) {
    return equals(new CatalogConfig(null, null, null).withDefaults(oldDataDirectory)) ? null : this;
  }

  CatalogConfig withDefaults(Path dataDirectory) {
    return new CatalogConfig(
        name == null ? DEFAULT_NAME : name,
        uri == null
            ? SQLITE + dataDirectory.resolve("catalog").resolve("iceberg.db")
            : absoluteSqlitePath(uri),
        (warehouse == null ? dataDirectory.resolve("warehouse") : warehouse)
            .toAbsolutePath()
            .normalize());
  }

  private static String absoluteSqlitePath(String uri) {
    if (!uri.startsWith(SQLITE) || uri.startsWith(SQLITE + "file:") || uri.contains(":memory:")) {
      return uri;
    }
    return SQLITE + Path.of(uri.substring(SQLITE.length())).toAbsolutePath().normalize();
  }
}
