package io.sluice.gateway.auth;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.sluice.gateway.config.AuthConfig;
import io.sluice.gateway.config.ConfigException;
import io.sluice.gateway.config.OidcAuthConfig;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationService;
import io.sluice.security.authn.Authenticator;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import io.sluice.security.authn.LoginThrottle;
import io.sluice.security.authn.LoginThrottleConfig;
import io.sluice.security.authn.oidc.OidcAuthenticator;
import io.sluice.security.authn.oidc.OidcConfig;
import io.sluice.security.authn.password.PasswordFileAuthenticator;
import io.sluice.security.authn.password.PasswordFileConfig;
import io.sluice.security.authn.token.TokenIssuerConfig;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns what a client sends in an HTTP-style {@code Authorization} header (both Flight SQL and
 * Avatica carry one) into an {@link Identity}, through the configured authenticators. Blocks while
 * it checks a password, asks the identity provider, or waits out a login delay: call it from a
 * worker thread, never from an event loop.
 */
public final class GatewayAuthentication {
  private static final String BASIC = "basic ";
  private static final String BEARER = "bearer ";

  private final AuthenticationService service;

  public GatewayAuthentication(AuthenticationService service) {
    this.service = service;
  }

  /** The authenticators the configuration turns on: the password file first, then OIDC. */
  public static GatewayAuthentication create(AuthConfig config) {
    List<Authenticator> authenticators = new ArrayList<>();
    if (config.passwordFile().enabled()) {
      authenticators.add(
          new PasswordFileAuthenticator(
              PasswordFileConfig.defaults(config.passwordFile().file())
                  .withCacheTimeToLive(config.passwordFile().cacheTimeToLive()),
              InstantSource.system()));
    }
    if (config.oidc().enabled()) {
      authenticators.add(OidcAuthenticator.create(oidcConfig(config.oidc())));
    }
    return new GatewayAuthentication(
        AuthenticationService.create(
            authenticators,
            LoginThrottleConfig.defaults(),
            new TokenIssuerConfig(config.tokenLifetime())));
  }

  static OidcConfig oidcConfig(OidcAuthConfig settings) {
    OidcConfig config = OidcConfig.defaults(settings.issuer(), settings.audience());
    if (settings.clientId() != null) {
      config = config.withPasswordGrant(settings.clientId(), clientSecret(settings));
    }
    return new OidcConfig(
        config.issuer(),
        config.audience(),
        config.clientId(),
        config.clientSecret(),
        Optional.ofNullable(settings.scope()),
        Optional.ofNullable(settings.jwksUri()),
        Optional.ofNullable(settings.tokenEndpoint()),
        settings.userClaim() == null ? config.userClaim() : settings.userClaim(),
        settings.groupsClaim() == null ? config.groupsClaim() : settings.groupsClaim(),
        settings.rolesClaim() == null ? config.rolesClaim() : settings.rolesClaim(),
        settings.attributeClaims() == null
            ? config.attributeClaims()
            : new TreeMap<>(settings.attributeClaims()),
        config.signatureAlgorithms(),
        settings.clockSkew() == null ? config.clockSkew() : settings.clockSkew(),
        config.passwordGrantCacheTimeToLive(),
        config.jwksCacheTimeToLive(),
        config.jwksRefreshMinimumInterval(),
        config.httpTimeout());
  }

  private static Optional<String> clientSecret(OidcAuthConfig settings) {
    if (settings.clientSecretEnv() != null) {
      String value = System.getenv(settings.clientSecretEnv());
      if (value == null || value.isBlank()) {
        throw new ConfigException(
            "auth.oidc.clientSecretEnv names "
                + settings.clientSecretEnv()
                + ", which is not set in Sluice's environment");
      }
      return Optional.of(value.trim());
    }
    if (settings.clientSecretFile() != null) {
      Path file = Path.of(settings.clientSecretFile());
      try {
        return Optional.of(Files.readString(file, UTF_8).trim());
      } catch (IOException failure) {
        throw new ConfigException(
            "Cannot read auth.oidc.clientSecretFile " + file + ": " + failure.getMessage());
      }
    }
    return Optional.empty();
  }

  /** Sends one audit record per login outcome to {@code sink}. */
  public void auditTo(java.util.function.Consumer<io.sluice.security.audit.AuditRecord> sink) {
    service.auditTo(sink);
  }

  /** The login delays per user and client address. */
  public LoginThrottle throttle() {
    return service.throttle();
  }

  /** The result of authenticating a call: who, and a token to hand back after a password login. */
  public record Caller(Identity identity, Optional<String> issuedToken) {}

  /**
   * Authenticates the value of an {@code Authorization} header.
   *
   * @param authorization {@code Basic <base64 user:password>} or {@code Bearer <token>}; null when
   *     the client sent none
   * @param clientAddress the client's address, for login delays and the audit
   * @param issueToken whether a password login gets a Sluice token back
   * @throws SluiceException with {@link ErrorCode#AUTHENTICATION_FAILED}
   */
  public Caller authenticate(String authorization, String clientAddress, boolean issueToken) {
    if (authorization == null || authorization.isBlank()) {
      throw new SluiceException(
          ErrorCode.AUTHENTICATION_FAILED,
          "Authentication required: connect with a user and password, or a bearer token");
    }
    String header = authorization.trim();
    String scheme = header.length() > 7 ? header.substring(0, 7).toLowerCase(Locale.ROOT) : "";
    if (scheme.startsWith(BASIC)) {
      String[] userAndPassword = basic(header.substring(BASIC.length()).trim());
      Identity identity =
          service.authenticate(
              Credentials.password(userAndPassword[0], userAndPassword[1], clientAddress));
      return new Caller(
          identity, issueToken ? Optional.of(service.issueToken(identity)) : Optional.empty());
    }
    if (scheme.equals(BEARER)) {
      Identity identity =
          service.authenticate(
              Credentials.bearerToken(header.substring(BEARER.length()).trim(), clientAddress));
      return new Caller(identity, Optional.empty());
    }
    throw new SluiceException(
        ErrorCode.AUTHENTICATION_FAILED,
        "Authentication failed: Sluice accepts Basic (user and password) and Bearer (token)"
            + " authorization");
  }

  private static String[] basic(String encoded) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(encoded), UTF_8);
    } catch (IllegalArgumentException malformed) {
      throw new AuthenticationException(AuthenticationException.Reason.UNSUPPORTED_CREDENTIALS);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new AuthenticationException(AuthenticationException.Reason.UNSUPPORTED_CREDENTIALS);
    }
    return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
  }
}
