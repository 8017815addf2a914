package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.testing.TestingKeycloak;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightClientMiddleware;
import org.apache.arrow.flight.FlightRuntimeException;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.Location;
import org.apache.arrow.flight.grpc.CredentialCallOption;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every connection authenticates, over both protocols, with users from the password file and from a
 * real Keycloak; SQL sees the Sluice identity; failures look the same whatever went wrong.
 */
class TestAuthentication {
  private static GatewayServer server;
  private static TestingKeycloak keycloak;

  @BeforeAll
  static void start() {
    server = TestingGateway.shared();
    keycloak = TestingKeycloak.instance();
  }

  /** The two JDBC paths into Sluice, each given a user and a password or a token. */
  enum Protocol {
    FLIGHT_SQL {
      @Override
      Connection connect(Properties properties) throws SQLException {
        return DriverManager.getConnection(
            "jdbc:arrow-flight-sql://127.0.0.1:" + server.flightSqlPort() + "/?useEncryption=false",
            properties);
      }
    },
    JDBC_SLUICE {
      @Override
      Connection connect(Properties properties) throws SQLException {
        return DriverManager.getConnection(
            "jdbc:sluice://127.0.0.1:" + server.httpPort(), properties);
      }
    };

    abstract Connection connect(Properties properties) throws SQLException;

    Connection connect(String user, String password) throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("user", user);
      properties.setProperty("password", password);
      return connect(properties);
    }

    Connection connectWithToken(String token) throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("token", token);
      return connect(properties);
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void passwordFileUserIsTheUserSqlSees(Protocol protocol) throws Exception {
    try (Connection connection = protocol.connect(TestingGateway.USER, TestingGateway.PASSWORD)) {
      assertThat(
              ResultRows.query(
                  connection, "SELECT current_user(), session_user(), user() FROM tpch.region"))
          .hasSize(5)
          .allSatisfy(
              row ->
                  assertThat(row)
                      .containsExactly(
                          TestingGateway.USER, TestingGateway.USER, TestingGateway.USER));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void keycloakUserLogsInWithPasswordThroughThePasswordGrant(Protocol protocol) throws Exception {
    try (Connection connection =
        protocol.connect(TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD)) {
      assertThat(ResultRows.query(connection, "SELECT current_user()"))
          .containsExactly(List.of(TestingKeycloak.ALICE));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void keycloakAccessTokenIsABearerToken(Protocol protocol) throws Exception {
    String token = keycloak.accessToken(TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD);
    try (Connection connection = protocol.connectWithToken(token)) {
      assertThat(ResultRows.query(connection, "SELECT current_user()"))
          .containsExactly(List.of(TestingKeycloak.ALICE));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void wrongPasswordAndUnknownUserFailAlikeAndTheServerKeepsServing(Protocol protocol)
      throws Exception {
    String wrongPassword = failure(() -> protocol.connect(TestingGateway.USER, "not-the-password"));
    String unknownUser = failure(() -> protocol.connect("nobody-" + protocol, "whatever-pass"));
    assertThat(wrongPassword).contains("Authentication failed");
    assertThat(unknownUser).contains("Authentication failed");
    assertThat(wrongPassword).doesNotContain("not-the-password");
    for (String message : List.of(wrongPassword, unknownUser)) {
      assertThat(message.toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("unknown user", "no such user", "wrong password", "does not exist");
    }
    try (Connection connection = protocol.connect(TestingGateway.USER, TestingGateway.PASSWORD)) {
      assertThat(ResultRows.query(connection, "SELECT 1")).containsExactly(List.of("1"));
    }
  }

  @Test
  void flightCallWithoutCredentialsIsRefusedAsUnauthenticated() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .build();
        FlightSqlClient sql = new FlightSqlClient(client)) {
      assertThatThrownBy(sql::getCatalogs)
          .isInstanceOfSatisfying(
              FlightRuntimeException.class,
              failure ->
                  assertThat(failure.status().code())
                      .isEqualTo(org.apache.arrow.flight.FlightStatusCode.UNAUTHENTICATED))
          .hasMessageContaining("Authentication required");
    }
  }

  @Test
  void flightHandshakeWithAPasswordAnswersWithABearerTokenThatLaterCallsUse() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .build();
        FlightSqlClient sql = new FlightSqlClient(client)) {
      CredentialCallOption bearer =
          client
              .authenticateBasicToken(TestingGateway.USER, TestingGateway.PASSWORD)
              .orElseThrow(() -> new AssertionError("no bearer token after the handshake"));
      var catalogs = sql.getCatalogs(bearer);
      try (FlightStream stream =
          sql.getStream(catalogs.getEndpoints().get(0).getTicket(), bearer)) {
        assertThat(stream.next()).isTrue();
        assertThat(stream.getRoot().contentToTSVString()).contains("lakehouse");
      }
    }
  }

  @Test
  void aClientWithoutCookiesKeepsOneSessionPerLogin() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .build();
        FlightSqlClient sql = new FlightSqlClient(client)) {
      int before = server.sessions().openSessions();
      CredentialCallOption bearer =
          client
              .authenticateBasicToken(TestingGateway.USER, TestingGateway.PASSWORD)
              .orElseThrow(() -> new AssertionError("no bearer token after the handshake"));
      drain(sql, sql.execute("USE tpch", bearer), bearer);
      // USE held for the next call: the unqualified name resolves in tpch.
      assertThat(
              drain(
                  sql,
                  sql.execute("SELECT n_name FROM nation WHERE n_nationkey = 7", bearer),
                  bearer))
          .isEqualTo("GERMANY\n");
      drain(sql, sql.getCatalogs(bearer), bearer);
      assertThat(server.sessions().openSessions() - before).isEqualTo(1);

      CredentialCallOption secondLogin =
          client
              .authenticateBasicToken(TestingGateway.USER, TestingGateway.PASSWORD)
              .orElseThrow(() -> new AssertionError("no bearer token after the handshake"));
      drain(sql, sql.getCatalogs(secondLogin), secondLogin);
      assertThat(server.sessions().openSessions() - before).isEqualTo(2);
    }
  }

  private static String drain(
      FlightSqlClient sql, org.apache.arrow.flight.FlightInfo info, CredentialCallOption bearer)
      throws Exception {
    StringBuilder rows = new StringBuilder();
    for (var endpoint : info.getEndpoints()) {
      try (FlightStream stream = sql.getStream(endpoint.getTicket(), bearer)) {
        while (stream.next()) {
          if (stream.getRoot().getRowCount() > 0) {
            String tsv = stream.getRoot().contentToTSVString();
            rows.append(tsv.substring(tsv.indexOf('\n') + 1));
          }
        }
      }
    }
    return rows.toString();
  }

  @Test
  void aJwtSentAsThePasswordIsABearerToken() throws Exception {
    String token = keycloak.accessToken(TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD);
    try (Connection connection = Protocol.JDBC_SLUICE.connect("whoever", token)) {
      assertThat(ResultRows.query(connection, "SELECT current_user()"))
          .containsExactly(List.of(TestingKeycloak.ALICE));
    }
  }

  @Test
  void aFlightSessionCookieIsUselessToAnotherUser() throws Exception {
    AtomicReference<String> cookie = new AtomicReference<>();
    FlightClientMiddleware.Factory captureCookie =
        info ->
            new FlightClientMiddleware() {
              @Override
              public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {}

              @Override
              public void onHeadersReceived(CallHeaders incomingHeaders) {
                String setCookie = incomingHeaders.get("set-cookie");
                if (setCookie != null) {
                  cookie.set(setCookie.split(";")[0]);
                }
              }

              @Override
              public void onCallCompleted(CallStatus status) {}
            };
    FlightClientMiddleware.Factory sendCookie =
        info ->
            new FlightClientMiddleware() {
              @Override
              public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
                outgoingHeaders.insert("cookie", cookie.get());
              }

              @Override
              public void onHeadersReceived(CallHeaders incomingHeaders) {}

              @Override
              public void onCallCompleted(CallStatus status) {}
            };
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient tester =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .intercept(TestingGateway.basicAuth(TestingGateway.USER, TestingGateway.PASSWORD))
                .intercept(captureCookie)
                .build();
        FlightClient alice =
            FlightClient.builder(
                    allocator, Location.forGrpcInsecure("127.0.0.1", server.flightSqlPort()))
                .intercept(
                    TestingGateway.basicAuth(TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD))
                .intercept(sendCookie)
                .build()) {
      new FlightSqlClient(tester).getCatalogs();
      assertThat(cookie.get()).startsWith("sluice_session=");
      assertThatThrownBy(() -> new FlightSqlClient(alice).getCatalogs())
          .isInstanceOf(FlightRuntimeException.class)
          .hasMessageContaining("belongs to another user");
    }
  }

  @Test
  void healthIsOpenAndAvaticaWithoutCredentialsGets401() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.httpPort();
    HttpResponse<String> health =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);
    HttpResponse<String> avatica =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3}))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(avatica.statusCode()).isEqualTo(401);
    assertThat(avatica.headers().allValues("www-authenticate")).isNotEmpty();
  }

  private static String failure(ThrowingConnect connect) {
    try (Connection ignored = connect.connect()) {
      // Some drivers connect lazily: the first statement authenticates.
      ResultRows.query(ignored, "SELECT 1");
    } catch (SQLException | RuntimeException expected) {
      return messages(expected);
    }
    throw new AssertionError("The connection was accepted");
  }

  private static String messages(Throwable failure) {
    StringBuilder text = new StringBuilder();
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      text.append(cause.getMessage()).append('\n');
      if (cause.getCause() == cause) {
        break;
      }
    }
    return text.toString();
  }

  @FunctionalInterface
  private interface ThrowingConnect {
    Connection connect() throws SQLException;
  }
}
