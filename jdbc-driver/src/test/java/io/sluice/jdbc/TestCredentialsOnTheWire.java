package io.sluice.jdbc;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the driver puts on the wire for each kind of credentials, checked against a server that
 * challenges like the gateway. Avatica's HTTP client sends no credentials until challenged: the
 * first request goes without an Authorization header, the gateway answers 401 with {@code
 * WWW-Authenticate}, and the client repeats the request with the credentials.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestCredentialsOnTheWire {
  private static final String PASSWORD = "pa55-w0rd-never-shown";
  private static final String TOKEN = "t0ken-never-shown";

  private TestingChallengingServer server;

  @BeforeEach
  void start() throws Exception {
    server = TestingChallengingServer.http();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void userAndPasswordAnswerTheChallengeWithBasicAuthentication() {
    Properties info = new Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", PASSWORD);

    SQLException failure = connect("jdbc:sluice://127.0.0.1:" + server.port() + "/tpch", info);

    assertThat(server.authorizations()).containsExactly("none", basic("alice", PASSWORD));
    assertThat(failure.getSQLState()).isEqualTo("28000");
    assertThat(failure.getMessage())
        .startsWith("Cannot connect to http://127.0.0.1:" + server.port() + "/: ")
        .contains("the gateway did not accept the credentials (HTTP 401)");
    assertNoSecretIn(failure);
  }

  @Test
  void credentialsInTheUrlQueryWorkLikeProperties() {
    SQLException failure =
        connect(
            "jdbc:sluice://127.0.0.1:"
                + server.port()
                + "?user=alice&password="
                + PASSWORD
                + "&catalog=lakehouse",
            new Properties());

    assertThat(server.authorizations()).containsExactly("none", basic("alice", PASSWORD));
    assertNoSecretIn(failure);
  }

  @Test
  void tokenAnswersTheChallengeWithBearerAuthentication() {
    Properties info = new Properties();
    info.setProperty("token", TOKEN);

    SQLException failure = connect("jdbc:sluice://127.0.0.1:" + server.port(), info);

    assertThat(server.authorizations()).containsExactly("none", "Bearer " + TOKEN);
    assertThat(failure.getMessage()).contains("did not accept the credentials");
    assertNoSecretIn(failure);
  }

  @Test
  void aUserAloneSendsNoCredentials() {
    Properties info = new Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", "");

    SQLException failure = connect("jdbc:sluice://127.0.0.1:" + server.port(), info);

    assertThat(server.authorizations()).containsExactly("none");
    assertThat(failure.getMessage())
        .contains(
            "the gateway requires authentication (HTTP 401); set user and password, or token");
  }

  @Test
  void secretsAreNotSentAsConnectionProperties() {
    Properties info = new Properties();
    info.setProperty("user", "alice");
    info.setProperty("password", PASSWORD);

    connect("jdbc:sluice://127.0.0.1:" + server.port() + "/tpch", info);
    Properties tokenInfo = new Properties();
    tokenInfo.setProperty("token", TOKEN);
    connect("jdbc:sluice://127.0.0.1:" + server.port() + "/tpch", tokenInfo);

    // Each request body is Avatica's OpenConnection request with the forwarded properties.
    assertThat(server.requests())
        .hasSize(4)
        .allSatisfy(
            request -> {
              String body = new String(request.body(), ISO_8859_1);
              assertThat(body).contains("sluice_schema").contains("tpch");
              assertThat(body).doesNotContain(PASSWORD).doesNotContain(TOKEN);
            });
  }

  private static SQLException connect(String url, Properties info) {
    SQLException failure =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url, info).close());
    assertThat((Throwable) failure).as("the connection attempt's failure").isNotNull();
    return failure;
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  private static void assertNoSecretIn(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      assertThat(String.valueOf(cause.getMessage())).doesNotContain(PASSWORD).doesNotContain(TOKEN);
      assertThat(cause.toString()).doesNotContain(PASSWORD).doesNotContain(TOKEN);
    }
  }
}
