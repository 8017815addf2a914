package io.sluice.security.authn.oidc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.nimbusds.jwt.proc.ExpiredJWTException;
import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Authenticator;
import io.sluice.security.authn.CredentialCache;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLEncoder;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates against an OIDC provider such as Keycloak.
 *
 * <ul>
 *   <li>A bearer token is validated locally: signature against the provider's keys (JWKS, cached;
 *       fetched again, rate-limited, when a token names an unknown key id), exact issuer, audience,
 *       expiry with a small clock skew. No call to the provider per token.
 *   <li>A user name and password are sent to the provider's token endpoint (the password grant) for
 *       clients that can send nothing else; the access token that comes back is validated like a
 *       bearer token and the result cached briefly, never beyond the token's expiry.
 *   <li>A password that is a JWT (three Base64url parts) is validated as a bearer token; the user
 *       name sent with it is ignored, the token names the user.
 * </ul>
 *
 * <p>The provider's endpoints are discovered from {@code <issuer>/.well-known/openid-configuration}
 * at first use unless configured; while the provider cannot be reached, logins fail and discovery
 * is retried at most every few seconds.
 */
public final class OidcAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(OidcAuthenticator.class);
  private static final Pattern JWT =
      Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
  private static final int MAXIMUM_TOKEN_LENGTH = 64 * 1024;
  private static final int MAXIMUM_CACHED_LOGINS = 10_000;
  private static final Duration DISCOVERY_RETRY_DELAY = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OidcConfig config;
  private final OidcHttpClient http;
  private final InstantSource clock;
  private final CredentialCache<ValidToken> passwordGrants;

  /** The user part of the key of cached bearer tokens: the token alone identifies them. */
  private static final String BEARER_CACHE_USER = "";

  private final CredentialCache<ValidToken> validatedTokens;
  private final Object discoveryLock = new Object();
  private volatile Provider provider;
  private Instant lastDiscoveryFailure;
  private AuthenticationException discoveryFailure;

  /** The provider's endpoints and a token processor for its keys. */
  private record Provider(
      URI jwksUri, Optional<URI> tokenEndpoint, DefaultJWTProcessor<SecurityContext> processor) {}

  /** A validated token's identity and when it expires. */
  private record ValidToken(Identity identity, Instant expiresAt) {}

  public OidcAuthenticator(OidcConfig config, OidcHttpClient http, InstantSource clock) {
    this.config = requireNonNull(config, "config");
    this.http = requireNonNull(http, "http");
    this.clock = requireNonNull(clock, "clock");
    this.passwordGrants =
        new CredentialCache<>(config.passwordGrantCacheTimeToLive(), MAXIMUM_CACHED_LOGINS, clock);
    this.validatedTokens =
        new CredentialCache<>(config.passwordGrantCacheTimeToLive(), MAXIMUM_CACHED_LOGINS, clock);
  }

  /** With the JDK's HTTP client and the system clock. */
  public static OidcAuthenticator create(OidcConfig config) {
    return new OidcAuthenticator(
        config, OidcHttpClient.create(config.httpTimeout()), InstantSource.system());
  }

  public OidcConfig config() {
    return config;
  }

  @Override
  public Set<AuthenticationMethod> methods() {
    return Set.of(AuthenticationMethod.OIDC_BEARER_TOKEN, AuthenticationMethod.OIDC_PASSWORD_GRANT);
  }

  @Override
  public Identity authenticate(Credentials credentials) {
    if (credentials instanceof Credentials.BearerToken bearer) {
      return validateCached(bearer.token());
    }
    Credentials.Password password = (Credentials.Password) credentials;
    if (looksLikeJwt(password.password())) {
      return validateCached(password.password());
    }
    if (config.clientId().isEmpty()) {
      throw new AuthenticationException(Reason.UNSUPPORTED_CREDENTIALS);
    }
    Optional<ValidToken> cached = passwordGrants.get(password.user(), password.password());
    if (cached.isPresent()) {
      return cached.get().identity();
    }
    ValidToken granted = passwordGrant(password.user(), password.password());
    passwordGrants.put(password.user(), password.password(), granted, granted.expiresAt());
    return granted.identity();
  }

  /**
   * Validates a bearer token once and remembers the result until the token expires (at most the
   * cache's time to live): clients send the same token with every call, and a signature check costs
   * about 0.2 ms. Only valid tokens are cached; a rejected one is checked again each time.
   */
  private Identity validateCached(String token) {
    Optional<ValidToken> cached = validatedTokens.get(BEARER_CACHE_USER, token);
    if (cached.isPresent()) {
      return cached.get().identity();
    }
    ValidToken valid = validate(token, AuthenticationMethod.OIDC_BEARER_TOKEN);
    validatedTokens.put(BEARER_CACHE_USER, token, valid, valid.expiresAt());
    return valid.identity();
  }

  /** How many validated bearer tokens are remembered, for tests. */
  int cachedTokenCount() {
    return validatedTokens.size();
  }

  /** Whether a password is really a JWT: three Base64url parts, the first a JSON object. */
  static boolean looksLikeJwt(String password) {
    if (password.length() > MAXIMUM_TOKEN_LENGTH || !JWT.matcher(password).matches()) {
      return false;
    }
    try {
      String header = password.substring(0, password.indexOf('.'));
      return new String(Base64.getUrlDecoder().decode(header), UTF_8).trim().startsWith("{");
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private ValidToken passwordGrant(String user, String password) {
    Provider current = provider();
    URI tokenEndpoint =
        current
            .tokenEndpoint()
            .orElseThrow(() -> new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE));
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("username", user);
    form.put("password", password);
    config.scope().ifPresent(scope -> form.put("scope", scope));
    Optional<String> authorization = Optional.empty();
    if (config.clientSecret().isPresent()) {
      // client_secret_basic, which every provider must support (RFC 6749, section 2.3.1).
      String credentials =
          encodeForBasic(config.clientId().get())
              + ":"
              + encodeForBasic(config.clientSecret().get());
      authorization =
          Optional.of("Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8)));
    } else {
      form.put("client_id", config.clientId().get());
    }
    OidcHttpClient.Response response;
    try {
      response = http.postForm(tokenEndpoint, form, authorization);
    } catch (IOException failure) {
      LOG.warn(
          "Cannot reach the token endpoint {} of {}: {}",
          tokenEndpoint,
          config.issuer(),
          failure.toString());
      throw new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, failure);
    }
    String error = errorCode(response);
    if (response.statusCode() == 400 && error.equals("invalid_grant")) {
      throw new AuthenticationException(Reason.REJECTED_BY_PROVIDER);
    }
    if (response.statusCode() != 200) {
      // invalid_client, unauthorized_client, a server error: Sluice's setup, not the user's.
      LOG.warn(
          "The token endpoint {} of {} refused the password grant for client {}: HTTP {} {}",
          tokenEndpoint,
          config.issuer(),
          config.clientId().get(),
          response.statusCode(),
          error);
      throw new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE);
    }
    String accessToken;
    try {
      accessToken = JSON.readTree(response.body()).path("access_token").asText("");
    } catch (IOException notJson) {
      throw unavailable("its token endpoint answered with something other than JSON", notJson);
    }
    if (accessToken.isEmpty()) {
      throw unavailable("its token endpoint answered without an access_token", null);
    }
    return validate(accessToken, AuthenticationMethod.OIDC_PASSWORD_GRANT);
  }

  private ValidToken validate(String token, AuthenticationMethod method) {
    if (token.length() > MAXIMUM_TOKEN_LENGTH || !JWT.matcher(token).matches()) {
      throw new AuthenticationException(Reason.INVALID_TOKEN);
    }
    Provider current = provider();
    JWTClaimsSet claims;
    try {
      claims = current.processor().process(token, null);
    } catch (ExpiredJWTException expired) {
      throw new AuthenticationException(Reason.EXPIRED_TOKEN, expired);
    } catch (RateLimitReachedException unknownKey) {
      // A key id the provider did not have a moment ago either: a made-up or foreign token.
      throw new AuthenticationException(Reason.INVALID_TOKEN, unknownKey);
    } catch (KeySourceException noKeys) {
      LOG.warn(
          "Cannot fetch the signing keys of {} from {}: {}",
          config.issuer(),
          current.jwksUri(),
          noKeys.toString());
      throw new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, noKeys);
    } catch (BadJOSEException | JOSEException | ParseException invalid) {
      throw new AuthenticationException(Reason.INVALID_TOKEN, invalid);
    }
    Map<String, Object> claimMap = claims.getClaims();
    Object type = claimMap.get("typ");
    if (type != null && !"Bearer".equalsIgnoreCase(String.valueOf(type))) {
      // Keycloak marks ID and refresh tokens; only access tokens may be used as credentials.
      throw new AuthenticationException(Reason.INVALID_TOKEN);
    }
    Optional<String> user =
        ClaimPaths.string(claimMap, config.userClaim()).filter(name -> !name.isEmpty());
    if (user.isEmpty()) {
      LOG.debug("A token from {} has no user claim {}", config.issuer(), config.userClaim());
      throw new AuthenticationException(Reason.INVALID_TOKEN);
    }
    Map<String, String> attributes = new TreeMap<>();
    config
        .attributeClaims()
        .forEach(
            (attribute, claim) ->
                ClaimPaths.attribute(claimMap, claim)
                    .ifPresent(value -> attributes.put(attribute, value)));
    Identity identity =
        Identity.of(
            user.get(),
            Set.copyOf(ClaimPaths.strings(claimMap, config.groupsClaim())),
            Set.copyOf(ClaimPaths.strings(claimMap, config.rolesClaim())),
            attributes,
            method);
    Date expiry = claims.getExpirationTime();
    return new ValidToken(identity, expiry.toInstant());
  }

  private Provider provider() {
    Provider current = provider;
    if (current != null) {
      return current;
    }
    synchronized (discoveryLock) {
      if (provider != null) {
        return provider;
      }
      Instant now = clock.instant();
      if (lastDiscoveryFailure != null
          && now.isBefore(lastDiscoveryFailure.plus(DISCOVERY_RETRY_DELAY))) {
        throw discoveryFailure;
      }
      try {
        provider = discover();
        lastDiscoveryFailure = null;
        discoveryFailure = null;
        return provider;
      } catch (AuthenticationException failure) {
        lastDiscoveryFailure = now;
        discoveryFailure = failure;
        throw failure;
      }
    }
  }

  private Provider discover() {
    URI jwksUri = config.jwksUri().orElse(null);
    Optional<URI> tokenEndpoint = config.tokenEndpoint();
    boolean needTokenEndpoint = config.clientId().isPresent() && tokenEndpoint.isEmpty();
    if (jwksUri == null || needTokenEndpoint) {
      URI discoveryUri = config.discoveryUri();
      JsonNode document;
      try {
        OidcHttpClient.Response response = http.get(discoveryUri);
        if (response.statusCode() != 200) {
          throw unavailable(
              "discovery at " + discoveryUri + " answered HTTP " + response.statusCode(), null);
        }
        document = JSON.readTree(response.body());
      } catch (IOException failure) {
        throw unavailable("discovery at " + discoveryUri + " failed: " + failure, failure);
      }
      String issuer = document.path("issuer").asText("");
      if (!issuer.equals(config.issuer().toString())) {
        throw unavailable(
            "discovery at "
                + discoveryUri
                + " names issuer '"
                + issuer
                + "'; the configured issuer must be exactly the same",
            null);
      }
      if (jwksUri == null) {
        jwksUri = discoveredUri(document, "jwks_uri", discoveryUri);
      }
      if (needTokenEndpoint) {
        tokenEndpoint = Optional.of(discoveredUri(document, "token_endpoint", discoveryUri));
      }
    }
    return new Provider(jwksUri, tokenEndpoint, processor(jwksUri));
  }

  private URI discoveredUri(JsonNode document, String field, URI discoveryUri) {
    String value = document.path(field).asText("");
    try {
      URI uri = new URI(value);
      if (uri.isAbsolute() && (uri.getScheme().equals("https") || uri.getScheme().equals("http"))) {
        return uri;
      }
    } catch (URISyntaxException invalid) {
      // Reported below.
    }
    throw unavailable(
        "discovery at " + discoveryUri + " has no valid " + field + ": '" + value + "'", null);
  }

  private DefaultJWTProcessor<SecurityContext> processor(URI jwksUri) {
    URL jwksUrl;
    try {
      jwksUrl = jwksUri.toURL();
    } catch (MalformedURLException invalid) {
      throw unavailable("its JWKS URI is not a URL: " + jwksUri, invalid);
    }
    JWKSource<SecurityContext> keys =
        JWKSourceBuilder.<SecurityContext>create(jwksUrl, new KeySetRetriever())
            .cache(config.jwksCacheTimeToLive().toMillis(), config.httpTimeout().toMillis())
            .rateLimited(config.jwksRefreshMinimumInterval().toMillis())
            .retrying(true)
            .build();
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    // Plain JWTs (Keycloak) and RFC 9068 access tokens.
    processor.setJWSTypeVerifier(
        new DefaultJOSEObjectTypeVerifier<>(
            JOSEObjectType.JWT,
            new JOSEObjectType("at+jwt"),
            new JOSEObjectType("application/at+jwt"),
            null));
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            config.signatureAlgorithms().stream()
                .map(JWSAlgorithm::parse)
                .collect(Collectors.toSet()),
            keys));
    DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier =
        new DefaultJWTClaimsVerifier<>(
            Set.of(config.audience()),
            new JWTClaimsSet.Builder().issuer(config.issuer().toString()).build(),
            Set.of("iss", "aud", "exp"),
            Set.of()) {
          @Override
          protected Date currentTime() {
            return Date.from(clock.instant());
          }
        };
    claimsVerifier.setMaxClockSkew((int) config.clockSkew().toSeconds());
    processor.setJWTClaimsSetVerifier(claimsVerifier);
    return processor;
  }

  /** Fetches the key set through {@link OidcHttpClient}, so that it shares timeouts and tests. */
  private final class KeySetRetriever implements ResourceRetriever {
    @Override
    public Resource retrieveResource(URL url) throws IOException {
      URI uri;
      try {
        uri = url.toURI();
      } catch (URISyntaxException invalid) {
        throw new IOException("Not a valid JWKS URI: " + url, invalid);
      }
      OidcHttpClient.Response response = http.get(uri);
      if (response.statusCode() != 200) {
        throw new IOException("HTTP " + response.statusCode() + " from " + uri);
      }
      return new Resource(response.body(), response.contentType());
    }
  }

  private AuthenticationException unavailable(String problem, Throwable cause) {
    LOG.warn("Cannot use OIDC provider {}: {}", config.issuer(), problem);
    return cause == null
        ? new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE)
        : new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, cause);
  }

  /**
   * The OAuth error code of an error response, or "" (never the description: it may echo input).
   */
  private static String errorCode(OidcHttpClient.Response response) {
    if (response.statusCode() == 200) {
      return "";
    }
    try {
      return JSON.readTree(response.body()).path("error").asText("");
    } catch (IOException notJson) {
      return "";
    }
  }

  private static String encodeForBasic(String value) {
    return URLEncoder.encode(value, UTF_8);
  }

  @Override
  public String toString() {
    return "OidcAuthenticator[" + config.issuer() + "]";
  }
}
