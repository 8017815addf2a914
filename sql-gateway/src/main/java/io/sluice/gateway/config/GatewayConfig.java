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
 * @param auth how clients authenticate
 * @param tls TLS for every listener, off by default
 * @param insecure allows listening on a non-loopback address without TLS; Sluice warns at start
 * @param audit the audit log
 * @param policies the access policies and their source
 */
public record GatewayConfig(
    Path dataDirectory,
    ListenerConfig flightSql,
    ListenerConfig http,
    CatalogConfig catalog,
    SessionConfig session,
    ClusterConfig cluster,
    AuthConfig auth,
    TlsConfig tls,
    Boolean insecure,
    AuditConfig audit,
    PoliciesConfig policies) {
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
    auth = (auth == null ? new AuthConfig(null, null, null) : auth).withDefaults(dataDirectory);
    tls = tls == null ? TlsConfig.none() : tls;
    insecure = insecure != null && insecure;
    audit =
        (audit == null ? new AuditConfig(null, null, null, null) : audit)
            .withDefaults(dataDirectory);
    audit.validate();
    policies =
        (policies == null ? new PoliciesConfig(null, null, null, null, null, null) : policies)
            .withDefaults(dataDirectory);
    policies.validate();
    flightSql.validate("flightSql");
    http.validate("http");
    tls.validate();
    auth.validate();
    for (var listener : java.util.Map.of("flightSql", flightSql, "http", http).entrySet()) {
      if (!listener.getValue().isLoopback() && !tls.enabled() && !insecure) {
        throw new ConfigException(
            listener.getKey()
                + ".host is "
                + listener.getValue().host()
                + ", not a loopback address, and tls is not configured: passwords and tokens"
                + " would cross the network in clear text. Configure tls.certificate and"
                + " tls.privateKey, or set insecure: true to accept that");
      }
    }
    cluster.validate();
    ClusterConfig.requirePositive("session.idleTimeout", session.idleTimeout());
  }

  /** The embedded defaults. */
  public static GatewayConfig defaults() {
    return new GatewayConfig(null, null, null, null, null, null, null, null, null, null, null);
  }

  /**
   * Moves the data directory. Paths left at their defaults (catalog, password file, audit log,
   * policy file) follow it; paths set explicitly stay where they are.
   */
  public GatewayConfig withDataDirectory(Path directory) {
    return new GatewayConfig(
        directory,
        flightSql,
        http,
        catalog.followingDataDirectory(dataDirectory),
        session,
        cluster,
        auth.followingDataDirectory(dataDirectory),
        tls,
        insecure,
        audit.followingDataDirectory(dataDirectory),
        policies.followingDataDirectory(dataDirectory));
  }

  public GatewayConfig withFlightSql(ListenerConfig listener) {
    return new GatewayConfig(
        dataDirectory,
        listener,
        http,
        catalog,
        session,
        cluster,
        auth,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withHttp(ListenerConfig listener) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        listener,
        catalog,
        session,
        cluster,
        auth,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withCatalog(CatalogConfig catalogConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalogConfig,
        session,
        cluster,
        auth,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withSession(SessionConfig sessionConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        sessionConfig,
        cluster,
        auth,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withCluster(ClusterConfig clusterConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        session,
        clusterConfig,
        auth,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withAuth(AuthConfig authConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        session,
        cluster,
        authConfig,
        tls,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withTls(TlsConfig tlsConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        session,
        cluster,
        auth,
        tlsConfig,
        insecure,
        audit,
        policies);
  }

  public GatewayConfig withPolicies(PoliciesConfig policiesConfig) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        session,
        cluster,
        auth,
        tls,
        insecure,
        audit,
        policiesConfig);
  }

  public GatewayConfig withInsecure(boolean allowPlainTextOffLoopback) {
    return new GatewayConfig(
        dataDirectory,
        flightSql,
        http,
        catalog,
        session,
        cluster,
        auth,
        tls,
        allowPlainTextOffLoopback,
        audit,
        policies);
  }

  /** The directory of the local cluster's state: its scratch space and its log. */
  public Path clusterStateDirectory() {
    return dataDirectory.resolve("clusters").resolve(cluster.name());
  }
}
