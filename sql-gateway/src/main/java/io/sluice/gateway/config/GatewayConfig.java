package io.sluice.gateway.config;

import java.nio.file.Path;

/**
 * Everything Sluice needs to start, typed. Build one in code with {@link #defaults()} and the
 * {@code with…} methods, or load one from YAML with {@link ConfigLoader}. Values left out take the
 * embedded defaults: all state under {@code ./sluice-data}, listeners on 127.0.0.1, Arrow Flight
 * SQL on port 31337 and HTTP on port 8765.
 *
 * @param dataDirectory where the warehouse, the catalog, the cluster state and logs live
 * @param flightSql the Arrow Flight SQL listener
 * @param http the HTTP listener: Avatica (JDBC), health, admin
 * @param catalog the Iceberg catalog
 * @param session session defaults
 * @param cluster the local lakehouse cluster
 */
public record GatewayConfig(
    Path dataDirectory,
    ListenerConfig flightSql,
    ListenerConfig http,
    CatalogConfig catalog,
    SessionConfig session,
    ClusterConfig cluster) {
  public static final int DEFAULT_FLIGHT_SQL_PORT = 31337;
  public static final int DEFAULT_HTTP_PORT = 8765;

  public GatewayConfig {
    dataDirectory =
        (dataDirectory == null ? Path.of("sluice-data") : dataDirectory)
            .toAbsolutePath()
            .normalize();
    flightSql =
        (flightSql == null ? new ListenerConfig(null, null) : flightSql)
            .withDefaults(DEFAULT_FLIGHT_SQL_PORT);
    http = (http == null ? new ListenerConfig(null, null) : http).withDefaults(DEFAULT_HTTP_PORT);
    catalog =
        (catalog == null ? new CatalogConfig(null, null, null) : catalog)
            .withDefaults(dataDirectory);
    session = (session == null ? new SessionConfig(null, null) : session).withDefaults();
    cluster =
        (cluster == null ? new ClusterConfig(null, null, null, null, null, null, null) : cluster)
            .withDefaults();
    flightSql.validate("flightSql");
    http.validate("http");
    cluster.validate();
    ClusterConfig.requirePositive("session.idleTimeout", session.idleTimeout());
  }

  /** The embedded defaults. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(null, null, null, null, null, null);
  }

  public GatewayConfig withDataDirectory(Path directory) {
    // A catalog left at its defaults follows the data directory; one set explicitly stays.
    boolean defaultCatalog =
        catalog.equals(new CatalogConfig(null, null, null).withDefaults(dataDirectory));
    return new GatewayConfig(
        directory, flightSql, http, defaultCatalog ? null : catalog, session, cluster);
  }

  public GatewayConfig withFlightSql(ListenerConfig listener) {
    return new GatewayConfig(dataDirectory, listener, http, catalog, session, cluster);
  }

  public GatewayConfig withHttp(ListenerConfig listener) {
    return new GatewayConfig(dataDirectory, flightSql, listener, catalog, session, cluster);
  }

  public GatewayConfig withCatalog(CatalogConfig catalogConfig) {
    return new GatewayConfig(dataDirectory, flightSql, http, catalogConfig, session, cluster);
  }

  public GatewayConfig withSession(SessionConfig sessionConfig) {
    return new GatewayConfig(dataDirectory, flightSql, http, catalog, sessionConfig, cluster);
  }

  public GatewayConfig withCluster(ClusterConfig clusterConfig) {
    return new GatewayConfig(dataDirectory, flightSql, http, catalog, session, clusterConfig);
  }

  /** The directory of the local cluster's state: its scratch space and its log. */
  public Path clusterStateDirectory() {
    return dataDirectory.resolve("clusters").resolve(cluster.name());
  }
}
