package io.sluice.security.authn.oidc;

import static io.sluice.security.testing.TestingKeycloak.ALICE;
import static io.sluice.security.testing.TestingKeycloak.ALICE_PASSWORD;
import static io.sluice.security.testing.TestingKeycloak.BOB;
import static io.sluice.security.testing.TestingKeycloak.BOB_PASSWORD;
import static io.sluice.security.testing.TestingKeycloak.CLIENT_ID;
import static io.sluice.security.testing.TestingKeycloak.OTHER_CLIENT_ID;
import static io.sluice.security.testing.TestingKeycloak.REALM;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.SignedJWT;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.AuthenticationService;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import io.sluice.security.authn.LoginThrottle;
import io.sluice.security.authn.LoginThrottleConfig;
import io.sluice.security.authn.token.TokenIssuer;
import io.sluice.security.authn.token.TokenIssuerConfig;
import io.sluice.security.testing.TestingClock;
import io.sluice.security.testing.TestingKeycloak;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real Keycloak ({@link TestingKeycloak}): its tokens, keys and password grant. */
class TestOidcAuthenticator {
  private static final String ADDRESS = "192.0.2.7";
  private static TestingKeycloak keycloak;

  private final TestingClock clock = TestingClock.startingNow();
  private final CountingOidcHttpClient http =
      new CountingOidcHttpClient(OidcHttpClient.create(Duration.ofSeconds(30)));

  @BeforeAll
  static void startKeycloak() {
    keycloak = TestingKeycloak.instance();
  }

  private static OidcConfig config() {
    return OidcConfig.defaults(keycloak.issuer(), CLIENT_ID)
        .withPasswordGrant(CLIENT_ID, Optional.of(keycloak.clientSecret()))
        .withClaims(
            OidcConfig.DEFAULT_USER_CLAIM,
            OidcConfig.DEFAULT_GROUPS_CLAIM,
            OidcConfig.DEFAULT_ROLES_CLAIM,
            Map.of("region", "region", "email", "email"));
  }

  private OidcAuthenticator authenticator(OidcConfig config) {
    return new OidcAuthenticator(config, http, clock);
  }

  @Test
  void bearerTokenGivesTheUsersGroupsRolesAndAttributes() {
    OidcAuthenticator authenticator = authenticator(config());
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);

    Identity identity = authenticator.authenticate(Credentials.bearerToken(token, ADDRESS));

    assertThat(identity.user()).isEqualTo(ALICE);
    assertThat(identity.groups()).containsExactly("analysts", "engineers");
    assertThat(identity.roles()).contains("analyst").doesNotContain("auditor");
    assertThat(identity.attributes())
        .containsEntry("region", "emea")
        .containsEntry("email", "alice@example.com")
        .hasSize(2);
    assertThat(identity.method()).isEqualTo(AuthenticationMethod.OIDC_BEARER_TOKEN);
    assertThat(identity.fromSluiceToken()).isFalse();

    // Endpoints were discovered once, keys fetched once; validating again is local.
    assertThat(http.discoveries()).isEqualTo(1);
    assertThat(http.keySetFetches()).isEqualTo(1);
    String bobToken = keycloak.accessToken(BOB, BOB_PASSWORD);
    Identity bob = authenticator.authenticate(Credentials.bearerToken(bobToken, ADDRESS));
    assertThat(bob.groups()).isEmpty();
    assertThat(bob.roles()).doesNotContain("analyst");
    assertThat(bob.attributes()).containsOnlyKeys("email");
    assertThat(http.discoveries()).isEqualTo(1);
    assertThat(http.keySetFetches()).isEqualTo(1);
  }

  @Test
  void tokenForAnotherAudienceIsRejected() {
    String token =
        keycloak.accessToken(
            REALM, OTHER_CLIENT_ID, keycloak.otherClientSecret(), ALICE, ALICE_PASSWORD);

    assertRejected(
        () -> authenticator(config()).authenticate(Credentials.bearerToken(token, ADDRESS)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void tokenFromAnotherIssuerIsRejected() {
    // Keycloak names the issuer after the URL a token was requested on: same keys, other issuer.
    URI localhostIssuer =
        URI.create("http://localhost:" + keycloak.baseUri().getPort() + "/realms/" + REALM);
    OidcConfig otherIssuer =
        OidcConfig.defaults(localhostIssuer, CLIENT_ID)
            .withEndpoints(keycloak.jwksUri(REALM), keycloak.tokenEndpoint(REALM));
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);

    assertRejected(
        () -> authenticator(otherIssuer).authenticate(Credentials.bearerToken(token, ADDRESS)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void expiredTokenIsRejectedOnceBeyondTheClockSkew() throws Exception {
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);
    Instant expiry = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
    OidcAuthenticator authenticator = authenticator(config());

    clock.set(expiry.plus(OidcConfig.DEFAULT_CLOCK_SKEW).minusSeconds(1));
    assertThat(authenticator.authenticate(Credentials.bearerToken(token, ADDRESS)).user())
        .isEqualTo(ALICE);

    clock.set(expiry.plus(OidcConfig.DEFAULT_CLOCK_SKEW).plusSeconds(1));
    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken(token, ADDRESS)),
        Reason.EXPIRED_TOKEN);

    OidcAuthenticator noSkew = authenticator(config().withClockSkew(Duration.ZERO));
    clock.set(expiry.plusSeconds(1));
    assertRejected(
        () -> noSkew.authenticate(Credentials.bearerToken(token, ADDRESS)), Reason.EXPIRED_TOKEN);
  }

  @Test
  void validatedBearerTokenIsRememberedUntilItExpires() throws Exception {
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);
    Instant expiry = SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
    OidcAuthenticator authenticator = authenticator(config());
    assertThat(authenticator.authenticate(Credentials.bearerToken(token, ADDRESS)).user())
        .isEqualTo(ALICE);
    assertThat(authenticator.cachedTokenCount()).isEqualTo(1);
    assertThat(authenticator.authenticate(Credentials.password("x", token, ADDRESS)).user())
        .isEqualTo(ALICE);
    assertThat(authenticator.cachedTokenCount()).isEqualTo(1);

    // Past the token's expiry the cache no longer answers: the token is checked, and refused.
    clock.set(expiry.plus(OidcConfig.DEFAULT_CLOCK_SKEW).plusSeconds(1));
    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken(token, ADDRESS)),
        Reason.EXPIRED_TOKEN);
    // A rejected token is never remembered.
    String tampered = token.substring(0, token.length() - 4) + "AAAA";
    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken(tampered, ADDRESS)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void tamperedTokensAreRejected() {
    OidcAuthenticator authenticator = authenticator(config());
    String token = keycloak.accessToken(BOB, BOB_PASSWORD);
    String[] parts = token.split("\\.");

    char[] signature = parts[2].toCharArray();
    signature[10] = signature[10] == 'A' ? 'B' : 'A';
    String badSignature = parts[0] + "." + parts[1] + "." + new String(signature);
    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken(badSignature, ADDRESS)),
        Reason.INVALID_TOKEN);

    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), UTF_8);
    assertThat(payload).contains("\"preferred_username\":\"bob\"");
    String promoted =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                    payload
                        .replace(
                            "\"preferred_username\":\"bob\"", "\"preferred_username\":\"alice\"")
                        .getBytes(UTF_8))
            + "."
            + parts[2];
    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken(promoted, ADDRESS)),
        Reason.INVALID_TOKEN);

    assertRejected(
        () -> authenticator.authenticate(Credentials.bearerToken("not-a-token", ADDRESS)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void idTokenIsNotAcceptedAsAnAccessToken() {
    String idToken =
        keycloak
            .tokenResponse(
                REALM, CLIENT_ID, keycloak.clientSecret(), ALICE, ALICE_PASSWORD, "openid")
            .path("id_token")
            .asText();
    assertThat(idToken).isNotEmpty();

    assertRejected(
        () -> authenticator(config()).authenticate(Credentials.bearerToken(idToken, ADDRESS)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void passwordGrantLogsInClientsThatOnlySendAPassword() {
    OidcAuthenticator authenticator = authenticator(config());

    Identity identity =
        authenticator.authenticate(Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS));

    assertThat(identity.user()).isEqualTo(ALICE);
    assertThat(identity.groups()).containsExactly("analysts", "engineers");
    assertThat(identity.roles()).contains("analyst");
    assertThat(identity.attributes()).containsEntry("region", "emea");
    assertThat(identity.method()).isEqualTo(AuthenticationMethod.OIDC_PASSWORD_GRANT);
    assertThat(http.passwordGrants()).isEqualTo(1);
  }

  @Test
  void wrongPasswordAndUnknownUserAreRejectedByTheProvider() {
    OidcAuthenticator authenticator = authenticator(config());

    assertRejected(
        () -> authenticator.authenticate(Credentials.password(ALICE, BOB_PASSWORD, ADDRESS)),
        Reason.REJECTED_BY_PROVIDER);
    assertRejected(
        () -> authenticator.authenticate(Credentials.password("mallory", ALICE_PASSWORD, ADDRESS)),
        Reason.REJECTED_BY_PROVIDER);
  }

  @Test
  void wrongClientSecretIsSluicesProblemNotTheUsers() {
    OidcAuthenticator authenticator =
        authenticator(config().withPasswordGrant(CLIENT_ID, Optional.of("wrong-secret")));

    assertRejected(
        () -> authenticator.authenticate(Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS)),
        Reason.AUTHENTICATOR_UNAVAILABLE);
  }

  @Test
  void jwtSentAsThePasswordIsValidatedAsABearerToken() {
    OidcAuthenticator authenticator = authenticator(config());
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);

    Identity identity = authenticator.authenticate(Credentials.password("token", token, ADDRESS));

    assertThat(identity.user()).isEqualTo(ALICE);
    assertThat(identity.method()).isEqualTo(AuthenticationMethod.OIDC_BEARER_TOKEN);
    assertThat(http.passwordGrants()).isZero();
  }

  @Test
  void withoutAClientIdOnlyTokensAreAccepted() {
    OidcAuthenticator tokensOnly = authenticator(OidcConfig.defaults(keycloak.issuer(), CLIENT_ID));
    String token = keycloak.accessToken(ALICE, ALICE_PASSWORD);

    assertRejected(
        () -> tokensOnly.authenticate(Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS)),
        Reason.UNSUPPORTED_CREDENTIALS);
    assertThat(tokensOnly.authenticate(Credentials.password(ALICE, token, ADDRESS)).user())
        .isEqualTo(ALICE);
    assertThat(http.passwordGrants()).isZero();
  }

  @Test
  void successfulPasswordGrantIsCachedBrieflyAndNeverBeyondTheTokensExpiry() {
    // The skew lets the next token, issued seconds after the first, pass after the cache ends.
    OidcAuthenticator authenticator =
        authenticator(
            config()
                .withPasswordGrantCacheTimeToLive(Duration.ofHours(1))
                .withClockSkew(Duration.ofMinutes(2)));
    Credentials alice = Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS);

    authenticator.authenticate(alice);
    authenticator.authenticate(alice);
    assertThat(http.passwordGrants()).isEqualTo(1);

    // A wrong password is never answered from the cache.
    assertRejected(
        () -> authenticator.authenticate(Credentials.password(ALICE, "wrong-password", ADDRESS)),
        Reason.REJECTED_BY_PROVIDER);
    assertThat(http.passwordGrants()).isEqualTo(2);

    // Keycloak's tokens live 5 minutes here: the cached login ends with the token.
    clock.advance(Duration.ofMinutes(4));
    authenticator.authenticate(alice);
    assertThat(http.passwordGrants()).isEqualTo(2);
    clock.advance(Duration.ofSeconds(90));
    authenticator.authenticate(alice);
    assertThat(http.passwordGrants()).isEqualTo(3);
  }

  @Test
  void passwordGrantCacheHasItsOwnTimeToLive() {
    OidcAuthenticator authenticator =
        authenticator(config().withPasswordGrantCacheTimeToLive(Duration.ofMinutes(1)));
    Credentials alice = Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS);

    authenticator.authenticate(alice);
    clock.advance(Duration.ofSeconds(59));
    authenticator.authenticate(alice);
    assertThat(http.passwordGrants()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(2));
    authenticator.authenticate(alice);
    assertThat(http.passwordGrants()).isEqualTo(2);
  }

  @Test
  void configuredEndpointsNeedNoDiscovery() {
    OidcAuthenticator authenticator =
        authenticator(
            config().withEndpoints(keycloak.jwksUri(REALM), keycloak.tokenEndpoint(REALM)));

    authenticator.authenticate(Credentials.password(BOB, BOB_PASSWORD, ADDRESS));

    assertThat(http.discoveries()).isZero();
    assertThat(http.passwordGrants()).isEqualTo(1);
  }

  @Test
  void unknownKeyIdTriggersOneKeySetRefresh() throws Exception {
    String realm = "rotation";
    keycloak.createRealm(realm);
    OidcAuthenticator authenticator =
        authenticator(OidcConfig.defaults(keycloak.issuer(realm), CLIENT_ID));
    String before =
        keycloak.accessToken(realm, CLIENT_ID, keycloak.clientSecret(), ALICE, ALICE_PASSWORD);
    authenticator.authenticate(Credentials.bearerToken(before, ADDRESS));
    assertThat(http.keySetFetches()).isEqualTo(1);

    keycloak.addSigningKey(realm, "rotated", 500);
    String after =
        keycloak.accessToken(realm, CLIENT_ID, keycloak.clientSecret(), ALICE, ALICE_PASSWORD);
    assertThat(SignedJWT.parse(after).getHeader().getKeyID())
        .isNotEqualTo(SignedJWT.parse(before).getHeader().getKeyID());

    assertThat(authenticator.authenticate(Credentials.bearerToken(after, ADDRESS)).user())
        .isEqualTo(ALICE);
    assertThat(http.keySetFetches()).isEqualTo(2);
    // Both keys are known now: no further fetches.
    authenticator.authenticate(Credentials.bearerToken(before, ADDRESS));
    authenticator.authenticate(Credentials.bearerToken(after, ADDRESS));
    assertThat(http.keySetFetches()).isEqualTo(2);

    // Made-up key ids cannot make Sluice hammer the provider: refreshes are rate-limited.
    String[] parts = after.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), UTF_8);
    String kid = SignedJWT.parse(after).getHeader().getKeyID();
    for (int i = 0; i < 3; i++) {
      String madeUp =
          Base64.getUrlEncoder()
                  .withoutPadding()
                  .encodeToString(header.replace(kid, "made-up-" + i).getBytes(UTF_8))
              + "."
              + parts[1]
              + "."
              + parts[2];
      assertRejected(
          () -> authenticator.authenticate(Credentials.bearerToken(madeUp, ADDRESS)),
          Reason.INVALID_TOKEN);
    }
    assertThat(http.keySetFetches()).isEqualTo(2);
  }

  @Test
  void serviceIssuesSluiceTokensForPasswordGrantLogins() {
    AuthenticationService service =
        new AuthenticationService(
            List.of(authenticator(config())),
            new LoginThrottle(LoginThrottleConfig.defaults(), clock),
            new TokenIssuer(TokenIssuerConfig.defaults(), clock),
            delay -> {});

    Identity identity = service.authenticate(Credentials.password(ALICE, ALICE_PASSWORD, ADDRESS));
    String sluiceToken = service.issueToken(identity);
    Identity restored = service.authenticate(Credentials.bearerToken(sluiceToken, ADDRESS));

    assertThat(restored).isEqualTo(identity.asFromSluiceToken());
    assertThat(restored.method()).isEqualTo(AuthenticationMethod.OIDC_PASSWORD_GRANT);
    assertThat(http.passwordGrants()).isEqualTo(1);

    // And a Keycloak token goes to Keycloak's keys.
    String keycloakToken = keycloak.accessToken(BOB, BOB_PASSWORD);
    assertThat(service.authenticate(Credentials.bearerToken(keycloakToken, ADDRESS)).user())
        .isEqualTo(BOB);
  }

  private static void assertRejected(ThrowingCallable login, Reason reason) {
    assertThatThrownBy(login)
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(reason);
              assertThat(failure.getMessage()).isEqualTo("Authentication failed");
            });
  }
}
