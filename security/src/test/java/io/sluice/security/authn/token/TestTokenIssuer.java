package io.sluice.security.authn.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import io.sluice.security.testing.TestingClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class TestTokenIssuer {
  private static final Identity ALICE =
      Identity.of(
          "alice",
          Set.of("analysts", "engineers"),
          Set.of("analyst"),
          Map.of("region", "emea", "department", "finance"),
          AuthenticationMethod.OIDC_PASSWORD_GRANT);

  private final TestingClock clock = TestingClock.startingNow();
  private final TokenIssuer issuer = new TokenIssuer(TokenIssuerConfig.defaults(), clock);

  @Test
  void tokenCarriesTheIdentityAndHowTheUserLoggedIn() {
    String token = issuer.issue(ALICE);

    Identity restored = issuer.validate(token);

    assertThat(restored).isEqualTo(ALICE.asFromSluiceToken());
    assertThat(restored.method()).isEqualTo(AuthenticationMethod.OIDC_PASSWORD_GRANT);
    assertThat(restored.fromSluiceToken()).isTrue();
    assertThat(issuer.validateIfIssued(token)).contains(ALICE.asFromSluiceToken());
  }

  @Test
  void tokensOfOtherIssuersAreLeftToThem() {
    String token = issuer.issue(ALICE);
    String otherIssuer =
        withPayload(
            token,
            payload ->
                payload.replaceFirst("\"iss\":\"[^\"]*\"", "\"iss\":\"https://idp.example\""));

    assertThat(issuer.validateIfIssued(otherIssuer)).isEmpty();
    assertThat(issuer.validateIfIssued("not a token")).isEmpty();
    clock.advance(Duration.ofHours(1));
    assertRejected(() -> issuer.validateIfIssued(token), Reason.EXPIRED_TOKEN);
  }

  @Test
  void tokenIsValidForItsLifetimeOnly() {
    String token = issuer.issue(ALICE);

    clock.advance(Duration.ofMinutes(59));
    assertThat(issuer.validate(token).user()).isEqualTo("alice");

    clock.advance(Duration.ofMinutes(1));
    assertRejected(() -> issuer.validate(token), Reason.EXPIRED_TOKEN);
  }

  @Test
  void tamperedTokenIsRejected() {
    String token = issuer.issue(ALICE);
    // Checked once and remembered: a variant of it is still checked in full.
    assertThat(issuer.validate(token).user()).isEqualTo("alice");
    String forged = withPayload(token, payload -> payload.replace("\"alice\"", "\"admin\""));
    String[] parts = token.split("\\.");

    assertRejected(() -> issuer.validate(forged), Reason.INVALID_TOKEN);
    char[] signature = parts[2].toCharArray();
    signature[5] = signature[5] == 'A' ? 'B' : 'A';
    assertRejected(
        () -> issuer.validate(parts[0] + "." + parts[1] + "." + new String(signature)),
        Reason.INVALID_TOKEN);
  }

  @Test
  void tokensStayValidPastHowManyAreRemembered() {
    String first = issuer.issue(ALICE);
    assertThat(issuer.validate(first)).isEqualTo(ALICE.asFromSluiceToken());
    for (int i = 0; i < TokenIssuer.CHECKED_TOKENS_KEPT + 10; i++) {
      assertThat(issuer.validate(issuer.issue(ALICE)).user()).isEqualTo("alice");
    }

    assertThat(issuer.validate(first)).isEqualTo(ALICE.asFromSluiceToken());
    clock.advance(Duration.ofHours(1));
    assertRejected(() -> issuer.validate(first), Reason.EXPIRED_TOKEN);
    assertRejected(() -> issuer.validate(first), Reason.EXPIRED_TOKEN);
  }

  @Test
  void tokenOfAnotherProcessIsRejected() {
    TokenIssuer otherProcess = new TokenIssuer(TokenIssuerConfig.defaults(), clock);
    String token = otherProcess.issue(ALICE);

    assertRejected(() -> issuer.validate(token), Reason.INVALID_TOKEN);
    // It names Sluice as its issuer, so no OpenID Connect provider is asked about it.
    assertRejected(() -> issuer.validateIfIssued(token), Reason.INVALID_TOKEN);
  }

  @Test
  void unsignedAndForeignlySignedTokensAreRejected() throws Exception {
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .issuer(TokenIssuer.ISSUER)
            .audience(TokenIssuer.ISSUER)
            .subject("admin")
            .expirationTime(Date.from(clock.instant().plusSeconds(60)))
            .claim("sluice_method", "PASSWORD_FILE")
            .build();
    String unsigned = new PlainJWT(new PlainHeader(), claims).serialize();
    assertRejected(() -> issuer.validate(unsigned), Reason.INVALID_TOKEN);
    assertRejected(() -> issuer.validateIfIssued(unsigned), Reason.INVALID_TOKEN);

    SignedJWT guessedKey = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
    guessedKey.sign(new MACSigner(new byte[32]));
    assertRejected(() -> issuer.validate(guessedKey.serialize()), Reason.INVALID_TOKEN);

    assertRejected(() -> issuer.validate("not a token"), Reason.INVALID_TOKEN);
  }

  @Test
  void lifetimeIsValidated() {
    assertThatThrownBy(() -> new TokenIssuerConfig(Duration.ofDays(2)))
        .hasMessage("The lifetime of Sluice tokens must be 1 second to 1 day, not PT48H");
  }

  /**
   * The token with its payload edited and its signature kept; fails if the edit changed nothing.
   */
  private static String withPayload(String token, UnaryOperator<String> edit) {
    String[] parts = token.split("\\.");
    String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String edited = edit.apply(payload);
    assertThat(edited).isNotEqualTo(payload);
    return parts[0]
        + "."
        + Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(edited.getBytes(StandardCharsets.UTF_8))
        + "."
        + parts[2];
  }

  private static void assertRejected(ThrowingCallable validation, Reason reason) {
    assertThatThrownBy(validation)
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            failure -> {
              assertThat(failure.reason()).isEqualTo(reason);
              assertThat(failure.getMessage()).isEqualTo(AuthenticationException.PUBLIC_MESSAGE);
            });
  }
}
