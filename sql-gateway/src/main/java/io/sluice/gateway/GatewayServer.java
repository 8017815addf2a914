package io.sluice.gateway;

import static java.util.Objects.requireNonNull;

import io.sluice.engine.cluster.local.LocalClusterConfig;
import io.sluice.engine.cluster.local.LocalSparkCluster;
import io.sluice.flight.FlightSqlFrontend;
import io.sluice.gateway.auth.GatewayAuthentication;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.PoliciesConfig;
import io.sluice.gateway.frontend.avatica.SluiceMeta;
import io.sluice.gateway.frontend.flight.GatewayFlightSqlBackend;
import io.sluice.gateway.frontend.http.HttpFrontend;
import io.sluice.gateway.query.QueryService;
import io.sluice.gateway.session.SessionManager;
import io.sluice.planner.Planner;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.security.access.ranger.RangerAccessControl;
import io.sluice.security.access.ranger.RangerAccessControlConfig;
import io.sluice.security.access.ranger.source.FilePolicySource;
import io.sluice.security.access.ranger.source.FilePolicySourceConfig;
import io.sluice.security.access.ranger.source.PolicySource;
import io.sluice.security.access.ranger.source.RangerAdminConfig;
import io.sluice.security.access.ranger.source.RangerAdminPolicySource;
import io.sluice.security.audit.AuditLog;
import io.sluice.security.audit.AuditLogConfig;
import io.sluice.security.authn.password.InitialAdmin;
import io.sluice.security.authn.password.UserFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.calcite.avatica.metrics.noop.NoopMetricsSystem;
import org.apache.calcite.avatica.remote.LocalService;
import org.apache.calcite.avatica.remote.ProtobufHandler;
import org.apache.calcite.avatica.remote.ProtobufTranslationImpl;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Sluice gateway, startable in-process from a typed configuration:
 *
 * <pre>{@code
 * try (GatewayServer server = GatewayServer.start(GatewayConfig.defaults())) {
 *   int port = server.flightSqlPort();
 *   ...
 * }
 * }</pre>
 *
 * <p>It owns the Iceberg catalog, the planner, the local lakehouse cluster, sessions and both
 * listeners, and stops them all, the Spark child process included, when closed.
 */
public final class GatewayServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GatewayServer.class);

  /** How long a cached table schema is trusted before its metadata pointer is checked again. */
  private static final Duration CATALOG_FRESHNESS = Duration.ofSeconds(2);

  private final GatewayConfig config;
  private final JdbcCatalog icebergCatalog;
  private final LocalSparkCluster cluster;
  private final SessionManager sessions;
  private final QueryService queries;
  private final BufferAllocator allocator;
  private final FlightSqlFrontend flightSql;
  private final HttpFrontend http;
  private final Optional<InitialAdmin> initialAdmin;
  private final GatewayAuthentication authentication;
  private final RangerAccessControl accessControl;
  private final Deque<AutoCloseable> closeables;

  private GatewayServer(
      GatewayConfig config,
      JdbcCatalog icebergCatalog,
      LocalSparkCluster cluster,
      SessionManager sessions,
      QueryService queries,
      BufferAllocator allocator,
      FlightSqlFrontend flightSql,
      HttpFrontend http,
      Optional<InitialAdmin> initialAdmin,
      GatewayAuthentication authentication,
      RangerAccessControl accessControl,
      Deque<AutoCloseable> closeables) {
    this.config = config;
    this.icebergCatalog = icebergCatalog;
    this.cluster = cluster;
    this.sessions = sessions;
    this.queries = queries;
    this.allocator = allocator;
    this.flightSql = flightSql;
    this.http = http;
    this.initialAdmin = initialAdmin;
    this.authentication = authentication;
    this.accessControl = accessControl;
    this.closeables = closeables;
  }

  /** Starts every component and both listeners; on failure, stops what was started. */
  public static GatewayServer start(GatewayConfig config) {
    requireNonNull(config, "config");
    Deque<AutoCloseable> started = new ArrayDeque<>();
    try {
      createDirectories(config);
      // Opened first and closed last: everything after it may write records.
      AuditLog audit = openAuditLog(config);
      started.push(audit);
      Optional<InitialAdmin> initialAdmin = createInitialAdmin(config);
      GatewayAuthentication authentication = GatewayAuthentication.create(config.auth());
      // A failed login is forced to disk before the client hears of it, as a denial is: the
      // trail of a password guesser must survive a crash of the machine.
      authentication.auditTo(
          record -> {
            if (Integer.valueOf(0).equals(record.result())) {
              audit.writeAndFlush(record);
            } else {
              audit.write(record);
            }
          });
      RangerAccessControl accessControl = accessControl(config);
      started.push(accessControl);
      FlightSqlFrontend.TlsFiles tls =
          config.tls().enabled()
              ? new FlightSqlFrontend.TlsFiles(
                  config.tls().certificate(), config.tls().privateKey())
              : null;
      if (config.insecure()
          && !(config.flightSql().isLoopback() && config.http().isLoopback())
          && tls == null) {
        log.warn(
            "insecure: true: listening on a non-loopback address without TLS; passwords and"
                + " tokens cross the network in clear text");
      }
      JdbcCatalog icebergCatalog = icebergCatalog(config);
      started.push(icebergCatalog);
      CatalogManager catalogs =
          new CatalogManager(Map.of(config.catalog().name(), icebergCatalog), CATALOG_FRESHNESS);
      Planner planner = new Planner(catalogs, accessControl);

      LocalSparkCluster cluster = new LocalSparkCluster(localClusterConfig(config));
      started.push(cluster);

      // Closing pops this stack: listeners first, then sessions (which release the result
      // buffers they hold), then the allocators that check nothing leaked, then the engine.
      BufferAllocator allocator = new RootAllocator();
      started.push(allocator);
      BufferAllocator flightAllocator =
          allocator.newChildAllocator("flight-backend", 0, allocator.getLimit());
      started.push(flightAllocator);
      BufferAllocator avaticaAllocator =
          allocator.newChildAllocator("avatica", 0, allocator.getLimit());
      started.push(avaticaAllocator);
      String version = sluiceVersion();

      SessionManager sessions =
          new SessionManager(
              config.catalog().name(),
              config.session().defaultSchema(),
              config.session().idleTimeout());
      started.push(sessions);
      QueryService queries = new QueryService(planner, catalogs, cluster, accessControl, audit);

      GatewayFlightSqlBackend flightBackend =
          new GatewayFlightSqlBackend(queries, sessions, authentication, flightAllocator, version);
      sessions.onClose(flightBackend::sessionClosed);
      FlightSqlFrontend flightSql =
          FlightSqlFrontend.start(
              config.flightSql().host(), config.flightSql().port(), tls, flightBackend, allocator);
      started.push(flightSql);

      SluiceMeta meta = new SluiceMeta(queries, sessions, avaticaAllocator, version);
      sessions.onClose(meta::sessionClosed);
      ProtobufHandler avatica =
          new ProtobufHandler(
              new LocalService(meta, NoopMetricsSystem.getInstance()),
              new ProtobufTranslationImpl(),
              NoopMetricsSystem.getInstance());
      HttpFrontend http =
          HttpFrontend.start(
              config.http().host(), config.http().port(), tls, avatica, authentication);
      started.push(http);

      log.info(
          "Sluice {} started: Arrow Flight SQL on {}:{}, HTTP on {}:{}{}",
          version,
          config.flightSql().host(),
          flightSql.port(),
          config.http().host(),
          http.port(),
          tls == null ? "" : ", both with TLS");
      return new GatewayServer(
          config,
          icebergCatalog,
          cluster,
          sessions,
          queries,
          allocator,
          flightSql,
          http,
          initialAdmin,
          authentication,
          accessControl,
          started);
    } catch (RuntimeException failure) {
      closeAll(started, failure);
      throw failure;
    }
  }

  /**
   * At the first start with the password file on and no file yet, creates it with an admin user
   * whose random password is returned once, to be shown to the operator; only its hash is stored.
   */
  private static Optional<InitialAdmin> createInitialAdmin(GatewayConfig config) {
    if (!config.auth().passwordFile().enabled()) {
      return Optional.empty();
    }
    Optional<InitialAdmin> admin =
        UserFile.at(config.auth().passwordFile().file())
            .createWithInitialAdmin(UserFile.DEFAULT_ADMIN_USER);
    admin.ifPresent(
        created ->
            log.warn(
                "Created the user file {} with user '{}' and a random password, shown once at"
                    + " start; change it with `sluice users passwd {}`",
                created.file(),
                created.user(),
                created.user()));
    return admin;
  }

  /** Ranger policies from the configured source: Ranger Admin, else the local file. */
  static RangerAccessControl accessControl(GatewayConfig config) {
    PoliciesConfig policies = config.policies();
    PolicySource source;
    if (policies.rangerAdmin() != null) {
      PoliciesConfig.RangerAdminSettings admin = policies.rangerAdmin();
      RangerAdminConfig adminConfig =
          RangerAdminConfig.defaults(
              admin.url(),
              admin.service(),
              admin.user(),
              admin.passwordFile() != null
                  ? RangerAdminConfig.Password.fromFile(Path.of(admin.passwordFile()))
                  : RangerAdminConfig.Password.fromEnvironment(admin.passwordEnv()),
              config.dataDirectory().resolve("policy-cache"));
      if (admin.pollInterval() != null) {
        adminConfig = adminConfig.withPollInterval(admin.pollInterval());
      }
      source = new RangerAdminPolicySource(adminConfig);
    } else {
      source =
          new FilePolicySource(
              FilePolicySourceConfig.defaults(policies.file())
                  .withPollInterval(policies.pollInterval()));
    }
    return new RangerAccessControl(
        RangerAccessControlConfig.defaults()
            .withSuperUsers(Set.copyOf(policies.superUsers()), Set.copyOf(policies.superGroups()))
            .withServiceName(policies.serviceName()),
        source);
  }

  private static AuditLog openAuditLog(GatewayConfig config) {
    try {
      return AuditLog.open(
          AuditLogConfig.in(config.audit().directory())
              .withMaximumFileBytes(config.audit().maximumFileSize())
              .withRotateDaily(config.audit().rotateDaily())
              .withSyncInterval(config.audit().syncInterval()));
    } catch (IOException failure) {
      throw new UncheckedIOException(
          "Cannot open the audit log in " + config.audit().directory() + ": " + failure, failure);
    }
  }

  private static void createDirectories(GatewayConfig config) {
    try {
      Files.createDirectories(config.dataDirectory());
      Files.createDirectories(config.catalog().warehouse());
      Files.createDirectories(config.clusterStateDirectory());
      String uri = config.catalog().uri();
      if (uri.startsWith("jdbc:sqlite:")) {
        Path database = Path.of(uri.substring("jdbc:sqlite:".length()));
        if (database.getParent() != null) {
          Files.createDirectories(database.getParent());
        }
      }
    } catch (IOException failure) {
      throw new UncheckedIOException(
          "Cannot create Sluice's data directories under "
              + config.dataDirectory()
              + ": "
              + failure,
          failure);
    }
  }

  private static JdbcCatalog icebergCatalog(GatewayConfig config) {
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.setConf(new Configuration());
    catalog.initialize(config.catalog().name(), catalogProperties(config));
    Namespace defaultNamespace = Namespace.of("default");
    if (!catalog.namespaceExists(defaultNamespace)) {
      catalog.createNamespace(defaultNamespace);
    }
    return catalog;
  }

  /** The Iceberg JDBC catalog's properties, the same for the gateway and its Spark engine. */
  static Map<String, String> catalogProperties(GatewayConfig config) {
    return Map.of(
        CatalogProperties.URI,
        config.catalog().uri(),
        CatalogProperties.WAREHOUSE_LOCATION,
        config.catalog().warehouse().toUri().toString(),
        "jdbc.schema-version",
        "V1");
  }

  private static LocalClusterConfig localClusterConfig(GatewayConfig config) {
    return LocalClusterConfig.defaults(
            config.cluster().name(), config.clusterStateDirectory(), config.cluster().sparkJars())
        .withCatalog(config.catalog().name(), config.catalog().uri(), config.catalog().warehouse())
        .withDriverHeapMegabytes(config.cluster().driverMemoryMegabytes())
        .withIdleTimeout(config.cluster().idleTimeout())
        .withStartTimeout(config.cluster().startTimeout())
        .withSparkConf(config.cluster().sparkConf())
        .withThriftPort(config.cluster().thriftPort());
  }

  /**
   * The admin user this start created with a random password, when it created the user file; the
   * password is not stored anywhere else.
   */
  public Optional<InitialAdmin> initialAdmin() {
    return initialAdmin;
  }

  /** The policies in force. */
  public RangerAccessControl accessControl() {
    return accessControl;
  }

  /** How callers authenticate, with their login delays. */
  public GatewayAuthentication authentication() {
    return authentication;
  }

  public static String sluiceVersion() {
    try (InputStream input =
        GatewayServer.class.getResourceAsStream("/io/sluice/gateway/version.properties")) {
      Properties properties = new Properties();
      if (input != null) {
        properties.load(input);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException failure) {
      return "unknown";
    }
  }

  public GatewayConfig config() {
    return config;
  }

  public int flightSqlPort() {
    return flightSql.port();
  }

  public int httpPort() {
    return http.port();
  }

  /** The Iceberg catalog Sluice serves, for loading data in-process (the demo does). */
  public Catalog icebergCatalog() {
    return icebergCatalog;
  }

  /** The local lakehouse cluster, for operators and tests. */
  public LocalSparkCluster cluster() {
    return cluster;
  }

  /** Arrow memory the gateway holds right now, in bytes: result batches in flight. */
  public long allocatedArrowMemory() {
    return allocator.getAllocatedMemory();
  }

  public SessionManager sessions() {
    return sessions;
  }

  public QueryService queries() {
    return queries;
  }

  public String version() {
    return sluiceVersion();
  }

  /** Stops the listeners, then the sessions, the engine and the catalog. */
  @Override
  public void close() {
    log.info("Stopping Sluice");
    closeAll(closeables, null);
  }

  private static void closeAll(Deque<AutoCloseable> started, RuntimeException primary) {
    RuntimeException failure = primary;
    while (!started.isEmpty()) {
      AutoCloseable closeable = started.pop();
      try {
        closeable.close();
      } catch (Exception closeFailure) {
        if (failure == null) {
          failure = new IllegalStateException("Cannot stop Sluice cleanly", closeFailure);
        } else {
          failure.addSuppressed(closeFailure);
        }
      }
    }
    if (primary == null && failure != null) {
      throw failure;
    }
  }
}
