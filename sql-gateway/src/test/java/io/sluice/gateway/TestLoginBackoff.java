package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.authn.LoginThrottleConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Repeated failed logins make the next attempt for that user, and from that address, wait; over
 * both protocols. Gateways of their own, so the address's failures do not slow other tests. The
 * delays are read from the throttle, not timed.
 */
class TestLoginBackoff {
  private static Path directory;
  private static GatewayServer server;

  /** A fresh gateway per test: an address's failures would otherwise slow the next test. */
  @BeforeEach
  void start() {
    directory = TestingGateway.temporaryDirectory("sluice-backoff-");
    server = GatewayServer.start(TestingGateway.config(directory.resolve("data")));
  }

  @AfterEach
  void stop() {
    server.close();
    TestingGateway.deleteRecursively(directory);
  }

  @Test
  void repeatedFailuresDelayTheUsersNextAttemptOnBothProtocols() throws Exception {
    int free = LoginThrottleConfig.DEFAULT_FREE_FAILURES_PER_USER;
    for (int attempt = 0; attempt < free; attempt++) {
      refused(flightUrl("victim-one", "wrong-password-" + attempt));
      refused(sluiceUrl("victim-two", "wrong-password-" + attempt));
    }
    assertThat(server.authentication().throttle().delayBeforeAttempt("victim-one", "198.51.100.1"))
        .isPositive();
    assertThat(server.authentication().throttle().delayBeforeAttempt("victim-two", "198.51.100.1"))
        .isPositive();
    assertThat(
            server.authentication().throttle().delayBeforeAttempt("someone-else", "198.51.100.1"))
        .isZero();
    // Other users still log in: the delay is the failing user's (the address's allowance, larger,
    // is the other test's).
    try (Connection connection =
            DriverManager.getConnection(sluiceUrl(TestingGateway.USER, TestingGateway.PASSWORD));
        ResultSet catalogs = connection.getMetaData().getCatalogs()) {
      assertThat(catalogs.next()).isTrue();
    }
  }

  @Test
  void aFlightClientCannotForgeItsAddress() throws Exception {
    FlightClientMiddleware.Factory forged =
        info ->
            new FlightClientMiddleware() {
              @Override
              public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
                outgoingHeaders.insert("sluice-peer-address", "203.0.113.9");
              }

              @Override
              public void onHeadersReceived(CallHeaders incomingHeaders) {}

              @Override
              public void onCallCompleted(CallStatus status) {}
            };
    // A new user each time, so only the address's count grows.
    try (BufferAllocator allocator = new RootAllocator()) {
      for (int attempt = 0;
          attempt < LoginThrottleConfig.DEFAULT_FREE_FAILURES_PER_ADDRESS;
          attempt++) {
        try (FlightClient client =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .intercept(TestingGateway.basicAuth("forger-" + attempt, "wrong-password"))
                .intercept(forged)
                .build()) {
          assertThatThrownBy(() -> new FlightSqlClient(client).getCatalogs())
              .isInstanceOf(FlightRuntimeException.class);
        }
      }
    }
    assertThat(server.authentication().throttle().delayBeforeAttempt(null, "203.0.113.9")).isZero();
    assertThat(server.authentication().throttle().delayBeforeAttempt(null, "127.0.0.1"))
        .isPositive();
  }

  @Test
  void neitherPasswordsNorHashesReachTheLogs() throws Exception {
    ch.qos.logback.classic.LoggerContext logging =
        (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> captured =
        new ch.qos.logback.core.read.ListAppender<>();
    captured.setContext(logging);
    captured.start();
    ch.qos.logback.classic.Logger root = logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    ch.qos.logback.classic.Logger audit = logging.getLogger("sluice.audit");
    ch.qos.logback.classic.Level auditLevel = audit.getLevel();
    audit.setLevel(ch.qos.logback.classic.Level.DEBUG);
    root.addAppender(captured);
    try {
      refused(sluiceUrl(TestingGateway.USER, "a-wrong-password-1"));
      refused(flightUrl(TestingGateway.USER, "a-wrong-password-2"));
      // A change to the file makes the gateway read it again (and log that).
      io.sluice.security.authn.password.UserFile.at(server.config().auth().passwordFile().file())
          .add("carol", "carols-password-3", java.util.Set.of(), java.util.Map.of());
      try (Connection connection =
              DriverManager.getConnection(sluiceUrl("carol", "carols-password-3"));
          ResultSet catalogs = connection.getMetaData().getCatalogs()) {
        assertThat(catalogs.next()).isTrue();
      }
    } finally {
      root.detachAppender(captured);
      audit.setLevel(auditLevel);
    }
    assertThat(captured.list).isNotEmpty();
    assertThat(captured.list)
        .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).contains("outcome=success").contains("carol"))
        .allSatisfy(
            line ->
                assertThat(line)
                    .doesNotContain("$argon2id$")
                    .doesNotContain("a-wrong-password-1")
                    .doesNotContain("a-wrong-password-2")
                    .doesNotContain("carols-password-3")
                    .doesNotContain(TestingGateway.PASSWORD));
  }

  private static String flightUrl(String user, String password) {
    return "jdbc:arrow-flight-sql://127.0.0.1:"
        + server.flightSqlPort()
        + "/?useEncryption=false&user="
        + user
        + "&password="
        + password;
  }

  private static String sluiceUrl(String user, String password) {
    return "jdbc:sluice://127.0.0.1:"
        + server.httpPort()
        + "?user="
        + user
        + "&password="
        + password;
  }

  private static void refused(String url) {
    assertThatThrownBy(
            () -> {
              try (Connection connection = DriverManager.getConnection(url);
                  ResultSet catalogs = connection.getMetaData().getCatalogs()) {
                catalogs.next();
              }
            })
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("Authentication failed");
  }
}
