package io.sluice.security.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.Credentials;
import io.sluice.security.testing.TestingClock;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TestOidcConfig {
  private static final URI ISSUER = URI.create("https://id.example.com/realms/lake");

  @Test
  void defaultsFollowKeycloak() {
    OidcConfig config = OidcConfig.defaults(ISSUER, "sluice");

    assertThat(config.userClaim()).isEqualTo("preferred_username");
    assertThat(config.groupsClaim()).isEqualTo("groups");
    assertThat(config.rolesClaim()).isEqualTo("realm_access.roles");
    assertThat(config.signatureAlgorithms()).containsExactly("RS256");
    assertThat(config.clientId()).isEmpty();
    assertThat(config.discoveryUri())
        .isEqualTo(
            URI.create("https://id.example.com/realms/lake/.well-known/openid-configuration"));
    assertThat(OidcConfig.defaults(URI.create(ISSUER + "/"), "sluice").discoveryUri())
        .isEqualTo(config.discoveryUri());
  }

  @Test
  void plainHttpOnlyOnLoopback() {
    assertThatThrownBy(
            () -> OidcConfig.defaults(URI.create("http://id.example.com/realms/lake"), "sluice"))
        .hasMessage(
            "Invalid OIDC configuration: the issuer must use https (plain http only on a loopback"
                + " address, for tests): http://id.example.com/realms/lake");
    assertThat(OidcConfig.defaults(URI.create("http://127.0.0.1:8080/realms/lake"), "sluice"))
        .isNotNull();
    assertThatThrownBy(() -> OidcConfig.defaults(URI.create("/realms/lake"), "sluice"))
        .hasMessageContaining("the issuer must be an absolute URL");
  }

  @Test
  void invalidSettingsAreNamed() {
    OidcConfig config = OidcConfig.defaults(ISSUER, "sluice");
    assertThatThrownBy(() -> OidcConfig.defaults(ISSUER, " "))
        .hasMessageContaining("the audience cannot be blank");
    assertThatThrownBy(() -> config.withClockSkew(Duration.ofMinutes(10)))
        .hasMessageContaining("the clock skew must be 0 to 5 minutes, not PT10M");
    assertThatThrownBy(() -> config.withClaims("preferred_username", "groups", "", Map.of()))
        .hasMessageContaining("the roles claim cannot be blank");
    assertThatThrownBy(
            () -> config.withClaims("preferred_username", "groups", "roles", Map.of("1st", "x")))
        .hasMessageContaining("the attribute name '1st' is not valid");
    assertThatThrownBy(
            () ->
                new OidcConfig(
                    ISSUER,
                    "sluice",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    "u",
                    "g",
                    "r",
                    new java.util.TreeMap<>(),
                    List.of("HS256"),
                    Duration.ZERO,
                    Duration.ZERO,
                    Duration.ofMinutes(5),
                    Duration.ofSeconds(30),
                    Duration.ofSeconds(10)))
        .hasMessageContaining("signature algorithm 'HS256' is not accepted");
    assertThatThrownBy(() -> config.withJwksCaching(Duration.ofSeconds(10), Duration.ofSeconds(30)))
        .hasMessageContaining("must be shorter than the JWKS cache time to live");
  }

  @Test
  void clientSecretIsNeverShown() {
    OidcConfig config =
        OidcConfig.defaults(ISSUER, "sluice").withPasswordGrant("sluice", Optional.of("s3cr3t"));
    assertThat(config.toString()).doesNotContain("s3cr3t").contains("clientSecret=***");
  }

  @Test
  void unreachableProviderFailsLoginsAndIsNotAskedAgainAtOnce() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    TestingClock clock = TestingClock.startingNow();
    CountingOidcHttpClient http =
        new CountingOidcHttpClient(OidcHttpClient.create(Duration.ofSeconds(5)));
    OidcAuthenticator authenticator =
        new OidcAuthenticator(
            OidcConfig.defaults(
                URI.create("http://127.0.0.1:" + closedPort + "/realms/lake"), "sluice"),
            http,
            clock);
    Credentials token = Credentials.bearerToken("eyJhbGciOiJSUzI1NiJ9.e30.c2ln", "192.0.2.7");

    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(() -> authenticator.authenticate(token))
          .isInstanceOfSatisfying(
              AuthenticationException.class,
              failure -> assertThat(failure.reason()).isEqualTo(Reason.AUTHENTICATOR_UNAVAILABLE));
    }
    assertThat(http.discoveries()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(6));
    assertThatThrownBy(() -> authenticator.authenticate(token))
        .isInstanceOf(AuthenticationException.class);
    assertThat(http.discoveries()).isEqualTo(2);
  }

  @Test
  void passwordsThatAreJwtsAreRecognized() {
    assertThat(OidcAuthenticator.looksLikeJwt("eyJhbGciOiJSUzI1NiJ9.e30.c2ln")).isTrue();
    assertThat(OidcAuthenticator.looksLikeJwt("my.pass.word")).isFalse();
    assertThat(OidcAuthenticator.looksLikeJwt("correct horse battery staple")).isFalse();
  }
}
