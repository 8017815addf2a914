package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.config.TlsConfig;
import io.sluice.jdbc.TestingCertificateAuthority;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Both listeners with TLS from PEM files, and clients that trust the test CA. Catalog metadata
 * needs no engine, so this gateway never starts one.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class TestTls {
  private static Path directory;
  private static TestingCertificateAuthority.ServerFiles certificates;
  private static GatewayServer server;

  @BeforeAll
  static void start() throws Exception {
    directory = TestingGateway.temporaryDirectory("sluice-tls-");
    certificates =
        TestingCertificateAuthority.create().writeServerFiles(directory.resolve("certificates"));
    server =
        GatewayServer.start(
            TestingGateway.config(directory.resolve("data"))
                .withTls(
                    new TlsConfig(
                        certificates.serverCertificateChain(), certificates.serverPrivateKey())));
  }

  @AfterAll
  static void stop() {
    server.close();
    TestingGateway.deleteRecursively(directory);
  }

  @Test
  void flightSqlJdbcDriverTrustingTheCaConnects() throws Exception {
    String url =
        "jdbc:arrow-flight-sql://127.0.0.1:"
            + server.flightSqlPort()
            + "/?useEncryption=true&tlsRootCerts="
            + certificates.caCertificate()
            + "&user="
            + TestingGateway.USER
            + "&password="
            + TestingGateway.PASSWORD;
    try (Connection connection = DriverManager.getConnection(url);
        ResultSet catalogs = connection.getMetaData().getCatalogs()) {
      assertThat(catalogs.next()).isTrue();
      assertThat(catalogs.getString(1)).isEqualTo("lakehouse");
    }
  }

  @Test
  void jdbcSluiceTrustingTheCaConnects() throws Exception {
    try (Connection connection =
            DriverManager.getConnection(
                sluiceUrl("ssl=true&sslrootcert=" + certificates.caCertificate()));
        ResultSet catalogs = connection.getMetaData().getCatalogs()) {
      assertThat(catalogs.next()).isTrue();
      assertThat(catalogs.getString(1)).isEqualTo("lakehouse");
    }
  }

  @Test
  void clientsThatDoNotTrustTheCaOrSpeakPlainTextAreRefused() {
    assertThatThrownBy(() -> catalogs(sluiceUrl("ssl=true")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("certificate");
    // Plain HTTP on the TLS port gets an answer, not a hang.
    assertThatThrownBy(() -> catalogs(sluiceUrl("ssl=false")))
        .isInstanceOf(SQLException.class)
        .hasMessageContaining("400");
    assertThatThrownBy(
            () ->
                catalogs(
                    "jdbc:arrow-flight-sql://127.0.0.1:"
                        + server.flightSqlPort()
                        + "/?useEncryption=false&user="
                        + TestingGateway.USER
                        + "&password="
                        + TestingGateway.PASSWORD))
        .isInstanceOf(SQLException.class);
  }

  private static String sluiceUrl(String tls) {
    return "jdbc:sluice://127.0.0.1:"
        + server.httpPort()
        + "?user="
        + TestingGateway.USER
        + "&password="
        + TestingGateway.PASSWORD
        + "&"
        + tls;
  }

  private static void catalogs(String url) throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        ResultSet catalogs = connection.getMetaData().getCatalogs()) {
      catalogs.next();
    }
  }
}
