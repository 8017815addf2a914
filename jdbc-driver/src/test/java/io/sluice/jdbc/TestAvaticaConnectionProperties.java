package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestAvaticaConnectionProperties {
  private static final String PASSWORD = "pa55-w0rd-never-shown";
  private static final String TOKEN = "t0ken-never-shown";

  @TempDir Path directory;

  @Test
  void userAndPasswordBecomeBasicAuthentication() throws SQLException {
    Properties avatica = translate("jdbc:sluice://gw:8765", "user", "alice", "password", PASSWORD);

    assertThat(avatica)
        .containsEntry("authentication", "BASIC")
        .containsEntry("avatica_user", "alice")
        .containsEntry("avatica_password", PASSWORD)
        .doesNotContainKeys("user", "password", "bearer_token");
  }

  @Test
  void tokenBecomesBearerAuthentication() throws SQLException {
    assertThat(translate("jdbc:sluice://gw:8765", "token", TOKEN))
        .containsEntry("authentication", "BEARER")
        .containsEntry("bearer_token", TOKEN)
        .doesNotContainKeys("token", "avatica_user", "avatica_password");
    // Tools fill in a user name whatever the authentication; it rides along harmlessly.
    assertThat(translate("jdbc:sluice://gw:8765", "user", "alice", "token", TOKEN))
        .containsEntry("authentication", "BEARER")
        .containsEntry("avatica_user", "alice");
  }

  @Test
  void urlQueryParametersAreCredentialsTooAndConnectPropertiesWin() throws SQLException {
    Properties avatica =
        translate("jdbc:sluice://gw:8765?user=alice&password=old", "password", PASSWORD);

    assertThat(avatica)
        .containsEntry("avatica_user", "alice")
        .containsEntry("avatica_password", PASSWORD);
  }

  @Test
  void aUserAloneOrAnEmptyPasswordSendsNoCredentials() throws SQLException {
    assertThat(translate("jdbc:sluice://gw:8765", "user", "alice"))
        .doesNotContainKeys("authentication", "avatica_user", "avatica_password", "user");
    assertThat(translate("jdbc:sluice://gw:8765", "user", "alice", "password", "", "token", " "))
        .doesNotContainKeys("authentication", "avatica_password", "bearer_token");
  }

  @Test
  void passwordAndTokenTogetherAreRefusedWithoutShowingThem() {
    assertThatThrownBy(
            () ->
                translate(
                    "jdbc:sluice://gw:8765?token=" + TOKEN, "user", "alice", "password", PASSWORD))
        .isInstanceOf(SQLException.class)
        .hasMessage(
            "Cannot connect to gw:8765: both password and token are set; set user and password"
                + " (HTTP Basic authentication) or token (Bearer authentication), not both")
        .hasMessageNotContaining(PASSWORD)
        .hasMessageNotContaining(TOKEN);
  }

  @Test
  void aPasswordNeedsAUser() {
    assertThatThrownBy(() -> translate("jdbc:sluice://gw:8765", "password", PASSWORD))
        .hasMessage("Cannot connect to gw:8765: password is set but user is not; set user too");
    assertThatThrownBy(
            () -> translate("jdbc:sluice://gw:8765", "user", "a:b", "password", PASSWORD))
        .hasMessage(
            "Cannot connect to gw:8765: user 'a:b' contains ':', which HTTP Basic authentication"
                + " cannot carry");
  }

  @Test
  void driverPropertiesStayInTheDriverAndOthersPassThrough() throws SQLException {
    Properties avatica =
        translate(
            "jdbc:sluice://gw:8765/tpch?catalog=lakehouse&fetch_size=500&ssl=true",
            "user",
            "alice",
            "password",
            PASSWORD);

    assertThat(avatica)
        .doesNotContainKeys("user", "password", "token", "ssl", "sslrootcert")
        .containsEntry("fetch_size", "500")
        .containsEntry(SluiceDriver.INITIAL_SCHEMA_PROPERTY, "tpch")
        .containsEntry(SluiceDriver.INITIAL_CATALOG_PROPERTY, "lakehouse")
        .containsEntry("serialization", "protobuf");
  }

  @Test
  void sslSwitchesTheEndpointToHttps() throws SQLException {
    assertThat(translate("jdbc:sluice://gw:9000")).containsEntry("url", "http://gw:9000/");
    assertThat(translate("jdbc:sluice://gw:9000?ssl=false"))
        .containsEntry("url", "http://gw:9000/");
    assertThat(translate("jdbc:sluice://gw:9000?ssl=TRUE"))
        .containsEntry("url", "https://gw:9000/")
        .doesNotContainKeys("truststore", "truststore_password");
    assertThat(translate("jdbc:sluice://[::1]:9000", "ssl", "true"))
        .containsEntry("url", "https://[::1]:9000/");
    assertThatThrownBy(() -> translate("jdbc:sluice://gw:9000?ssl=yes"))
        .hasMessage("Cannot connect to gw:9000: ssl must be true or false, not 'yes'");
  }

  @Test
  void sslRootCertBecomesATrustStoreAvaticaCanRead() throws Exception {
    TestingCertificateAuthority authority = TestingCertificateAuthority.create();
    Path pem = authority.writeCertificate(directory.resolve("ca.pem"));

    Properties avatica = translate("jdbc:sluice://gw:8765?ssl=true&sslrootcert=" + pem);

    assertThat(avatica).containsEntry("keystore_type", "PKCS12");
    KeyStore store = KeyStore.getInstance(avatica.getProperty("keystore_type"));
    try (InputStream input = Files.newInputStream(Path.of(avatica.getProperty("truststore")))) {
      store.load(input, avatica.getProperty("truststore_password").toCharArray());
    }
    assertThat(Collections.list(store.aliases()))
        .singleElement()
        .satisfies(alias -> assertThat(store.isCertificateEntry(alias)).isTrue())
        .satisfies(
            alias -> assertThat(store.getCertificate(alias)).isEqualTo(authority.certificate()));
  }

  @Test
  void sslRootCertWithoutSslIsRefused() {
    assertThatThrownBy(() -> translate("jdbc:sluice://gw:8765", "sslrootcert", "/x/ca.pem"))
        .hasMessage(
            "Cannot connect to gw:8765: sslrootcert is set but ssl is not; add ssl=true to connect"
                + " with TLS");
  }

  @Test
  void anUnreadableRootCertIsNamed() {
    Path missing = directory.resolve("missing.pem");

    assertThatThrownBy(
            () -> translate("jdbc:sluice://gw:8765?ssl=true", "sslrootcert", missing.toString()))
        .isInstanceOf(SQLException.class)
        .hasMessageStartingWith("Cannot read the CA certificate " + missing + ": NoSuchFile");
  }

  @Test
  void sslRootCertAndAvaticasTrustStoreAreNotCombined() {
    assertThatThrownBy(
            () ->
                translate(
                    "jdbc:sluice://gw:8765?ssl=true",
                    "sslrootcert",
                    "/x/ca.pem",
                    "truststore",
                    "/x/trust.p12"))
        .hasMessage(
            "Cannot connect to gw:8765: both sslrootcert and Avatica's truststore are set; set one"
                + " of them");
  }

  private static Properties translate(String url, String... keysAndValues) throws SQLException {
    Properties info = new Properties();
    for (int index = 0; index < keysAndValues.length; index += 2) {
      info.setProperty(keysAndValues[index], keysAndValues[index + 1]);
    }
    return AvaticaConnectionProperties.translate(SluiceUrl.parse(url), info);
  }
}
