package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against an HTTPS server whose certificate a test CA issued. The server is not an Avatica
 * server, so a connection that got through TLS is recognised by the credentials it recorded.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TestTlsConnections {
  private static final String TOKEN = "t0ken-never-shown";

  @TempDir static Path directory;

  private static TestingCertificateAuthority authority;
  private static Path caPem;

  @BeforeAll
  static void createAuthority() throws Exception {
    authority = TestingCertificateAuthority.create();
    caPem = authority.writeCertificate(directory.resolve("ca.pem"));
  }

  @Test
  void sslRootCertTrustsTheGatewaysCertificate() throws Exception {
    try (TestingChallengingServer server = localServer()) {
      SQLException failure =
          connect(
              "jdbc:sluice://127.0.0.1:"
                  + server.port()
                  + "?ssl=true&sslrootcert="
                  + caPem
                  + "&token="
                  + TOKEN);

      assertThat(server.authorizations()).containsExactly("none", "Bearer " + TOKEN);
      assertThat(failure.getMessage())
          .startsWith("Cannot connect to https://127.0.0.1:" + server.port() + "/: ")
          .contains("did not accept the credentials")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void aCertificateTheJvmDoesNotTrustIsRefusedWithAdvice() throws Exception {
    try (TestingChallengingServer server = localServer()) {
      SQLException failure =
          connect("jdbc:sluice://127.0.0.1:" + server.port() + "?ssl=true&token=" + TOKEN);

      assertThat(server.requests()).isEmpty();
      assertThat(failure.getSQLState()).isEqualTo("08001");
      assertThat(failure.getMessage())
          .contains("the gateway's TLS certificate is not trusted; set sslrootcert")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void anotherAuthoritysCertificateIsRefused() throws Exception {
    Path otherPem =
        TestingCertificateAuthority.create().writeCertificate(directory.resolve("other-ca.pem"));
    try (TestingChallengingServer server = localServer()) {
      SQLException failure =
          connect("jdbc:sluice://127.0.0.1:" + server.port() + "?ssl=true&sslrootcert=" + otherPem);

      assertThat(server.requests()).isEmpty();
      assertThat(failure.getMessage()).contains("the gateway's TLS certificate is not trusted");
    }
  }

  @Test
  void aCertificateForAnotherHostNameIsRefusedWithAdvice() throws Exception {
    try (TestingChallengingServer server =
        TestingChallengingServer.https(
            authority.serverContext(new GeneralName(GeneralName.dNSName, "gateway.example")))) {
      SQLException failure =
          connect(
              "jdbc:sluice://127.0.0.1:"
                  + server.port()
                  + "?ssl=true&sslrootcert="
                  + caPem
                  + "&token="
                  + TOKEN);

      assertThat(server.requests()).isEmpty();
      assertThat(failure.getMessage())
          .contains("the gateway's TLS certificate is not issued for this host name")
          .doesNotContain(TOKEN);
    }
  }

  @Test
  void tlsToAPlainHttpPortFailsTheHandshakeWithAdvice() throws Exception {
    // A plain HTTP server that answers the TLS ClientHello with a plain-text 400.
    try (ServerSocket plain = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      Thread responder =
          new Thread(
              () -> {
                try (Socket socket = plain.accept()) {
                  socket.getInputStream().read(new byte[512]);
                  socket
                      .getOutputStream()
                      .write(
                          "HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n"
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                  // The assertions below say whether the exchange went as it should.
                }
              },
              "plain-http-responder");
      responder.start();

      SQLException failure =
          connect("jdbc:sluice://127.0.0.1:" + plain.getLocalPort() + "?ssl=true");

      assertThat(failure.getMessage())
          .contains("the TLS handshake failed; check that the gateway serves TLS on this port");
      responder.join(TimeUnit.SECONDS.toMillis(10));
    }
  }

  private static TestingChallengingServer localServer() throws Exception {
    return TestingChallengingServer.https(
        authority.serverContext(
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost")));
  }

  private static SQLException connect(String url) {
    SQLException failure =
        catchThrowableOfType(
            SQLException.class, () -> DriverManager.getConnection(url, new Properties()).close());
    assertThat((Throwable) failure).as("the connection attempt's failure").isNotNull();
    return failure;
  }
}
