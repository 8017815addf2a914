package io.sluice.gateway;

import io.sluice.gateway.config.AuthConfig;
import io.sluice.gateway.config.ClusterConfig;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.ListenerConfig;
import io.sluice.gateway.config.OidcAuthConfig;
import io.sluice.gateway.config.PoliciesConfig;
import io.sluice.gateway.config.SessionConfig;
import io.sluice.gateway.demo.TpchDemoLoader;
import io.sluice.security.authn.password.UserFile;
import io.sluice.security.testing.TestingKeycloak;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.Location;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One gateway per test JVM, with a real local Spark Thrift Server and TPC-H at scale factor 0.01,
 * shared by every test class that needs data: a Spark start costs seconds, so the suite pays it
 * once. Tests that need a gateway of their own (broken engines, leak checks) build one with {@link
 * #config(Path)}.
 */
public final class TestingGateway {
  private static GatewayServer shared;

  private TestingGateway() {}

  public static synchronized GatewayServer shared() {
    if (shared == null) {
      Path dataDirectory = temporaryDirectory("sluice-shared-");
      GatewayServer server = GatewayServer.start(withKeycloak(config(dataDirectory)));
      new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0.01);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    server.close();
                    deleteRecursively(dataDirectory);
                  }));
      shared = server;
    }
    return shared;
  }

  /** The user every test connects as, in the password file of {@link #config(Path)}. */
  public static final String USER = "tester";

  public static final String PASSWORD = "tester-password-1";

  /**
   * A test configuration: free ports, a private data directory, a small and fast engine, a password
   * file holding {@link #USER} in group {@code analysts}, and {@link #USER} among the super-users,
   * so that tests of everything but governance are not governed; governance tests use other users.
   */
  public static GatewayConfig config(Path dataDirectory) {
    GatewayConfig config = baseConfig(dataDirectory);
    UserFile users = UserFile.at(config.auth().passwordFile().file());
    if (!users.exists() || users.list().stream().noneMatch(user -> user.name().equals(USER))) {
      try {
        Files.createDirectories(config.auth().passwordFile().file().getParent());
      } catch (IOException failure) {
        throw new UncheckedIOException(failure);
      }
      users.add(USER, PASSWORD, Set.of("analysts"), Map.of("department", "qa"));
    }
    return config;
  }

  /**
   * Adds the shared Keycloak (realm {@value TestingKeycloak#REALM}) as an OIDC provider, with the
   * password grant for JDBC clients.
   */
  public static GatewayConfig withKeycloak(GatewayConfig config) {
    TestingKeycloak keycloak = TestingKeycloak.instance();
    Path secret = config.dataDirectory().resolve("oidc-client-secret");
    try {
      Files.createDirectories(config.dataDirectory());
      Files.writeString(secret, keycloak.clientSecret());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    OidcAuthConfig oidc =
        new OidcAuthConfig(
            keycloak.issuer(),
            TestingKeycloak.CLIENT_ID,
            TestingKeycloak.CLIENT_ID,
            secret.toString(),
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            Map.of("region", "region"),
            null);
    AuthConfig auth = config.auth();
    return config.withAuth(new AuthConfig(auth.passwordFile(), oidc, auth.tokenLifetime()));
  }

  private static GatewayConfig baseConfig(Path dataDirectory) {
    return new GatewayConfig(
        dataDirectory,
        new ListenerConfig("127.0.0.1", 0),
        new ListenerConfig("127.0.0.1", 0),
        null,
        new SessionConfig("default", Duration.ofMinutes(30)),
        new ClusterConfig(
            "local",
            null,
            Duration.ofMinutes(30),
            Duration.ofMinutes(3),
            "1g",
            Map.of("spark.sql.shuffle.partitions", "4"),
            null),
        null,
        null,
        null,
        null,
        new PoliciesConfig(null, null, null, List.of("admin", USER), null, null));
  }

  /**
   * Fails unless the gateway holds no Arrow memory once results are done: the shared gateway is
   * closed in a shutdown hook, where a leak could not fail a test, so classes check this instead.
   */
  public static void assertNoArrowMemoryHeld(GatewayServer server) throws InterruptedException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (server.allocatedArrowMemory() != 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "The gateway still holds " + server.allocatedArrowMemory() + " bytes of Arrow memory");
      }
      Thread.sleep(50);
    }
  }

  /** The Flight SQL JDBC URL, logging in as {@link #USER}. */
  public static String flightSqlUrl(GatewayServer server) {
    return "jdbc:arrow-flight-sql://127.0.0.1:"
        + server.flightSqlPort()
        + "/?useEncryption=false&user="
        + USER
        + "&password="
        + PASSWORD;
  }

  /** The jdbc:sluice URL, logging in as {@link #USER}. */
  public static String sluiceUrl(GatewayServer server, String schema) {
    return "jdbc:sluice://127.0.0.1:"
        + server.httpPort()
        + (schema == null ? "" : "/" + schema)
        + "?user="
        + USER
        + "&password="
        + PASSWORD;
  }

  /** A raw Flight client that logs in as {@link #USER} with every call (HTTP Basic). */
  public static FlightClient flightClient(BufferAllocator allocator, GatewayServer server) {
    return FlightClient.builder(
            allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
        .intercept(basicAuth(USER, PASSWORD))
        .build();
  }

  /** Sends {@code Authorization: Basic} with every call. */
  public static FlightClientMiddleware.Factory basicAuth(String user, String password) {
    String header =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return info ->
        new FlightClientMiddleware() {
          @Override
          public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
            outgoingHeaders.insert("authorization", header);
          }

          @Override
          public void onHeadersReceived(CallHeaders incomingHeaders) {}

          @Override
          public void onCallCompleted(CallStatus status) {}
        };
  }

  public static Path temporaryDirectory(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  public static void deleteRecursively(Path directory) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }
}
