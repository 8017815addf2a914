package io.sluice.gateway.config;

import java.nio.file.Path;

/**
 * The Iceberg catalog that Sluice and its local Spark engine share.
 *
 * @param name the catalog's name in SQL, {@code lakehouse} by default
 * @param uri the JDBC URI of the Iceberg JDBC catalog; by default a SQLite file under the data
 *     directory
 * @param warehouse where table data and metadata files go; by default under the data directory
 */
public record CatalogConfig(String name, String uri, Path warehouse) {
  public static final String DEFAULT_NAME = "lakehouse";

  CatalogConfig withDefaults(Path dataDirectory) {
    return new CatalogConfig(
        name == null ? DEFAULT_NAME : name,
        uri == null ? "jdbc:sqlite:" + dataDirectory.resolve("catalog").resolve("iceberg.db") : uri,
        (warehouse == null ? dataDirectory.resolve("warehouse") : warehouse)
            .toAbsolutePath()
            .normalize());
  }
}
