package io.sluice.security.authn.oidc;

import static java.util.Objects.requireNonNull;

import com.nimbusds.jose.JWSAlgorithm;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An OIDC identity provider (Keycloak or any other) whose access tokens Sluice accepts.
 *
 * <p>Start from {@link #defaults(URI, String)} and change what differs with the {@code with...}
 * methods. {@code toString()} hides the client secret.
 *
 * @param issuer the provider's issuer, compared exactly with each token's {@code iss} claim (for
 *     Keycloak {@code https://host/realms/<realm>}; note that Keycloak derives it from the URL a
 *     token was requested on). HTTPS is required unless the host is a loopback address.
 * @param audience the value a token's {@code aud} claim must contain; normally Sluice's client id
 *     (Keycloak adds it through an audience mapper)
 * @param clientId Sluice's client at the provider, for logging in clients that can only send a user
 *     name and password (the password grant); empty turns the password grant off, so that only
 *     tokens are accepted
 * @param clientSecret the client's secret if it is a confidential client, sent with HTTP Basic
 * @param scope the scope to ask for in the password grant, if the provider needs one
 * @param jwksUri where the provider's signing keys are; empty to discover it from {@code
 *     <issuer>/.well-known/openid-configuration}
 * @param tokenEndpoint where the password grant goes; empty to discover it likewise
 * @param userClaim the claim holding the user name; a dotted path reaches into nested objects
 * @param groupsClaim the claim holding the groups (a list, or one string)
 * @param rolesClaim the claim holding the roles; Keycloak's realm roles by default
 * @param attributeClaims identity attribute name to the claim (dotted path) it comes from
 * @param signatureAlgorithms accepted signature algorithms (asymmetric only)
 * @param clockSkew how far the provider's clock and Sluice's may differ when checking expiry
 * @param passwordGrantCacheTimeToLive how long a successful password grant is remembered; never
 *     beyond the token's expiry. Zero turns the cache off.
 * @param jwksCacheTimeToLive how long the signing keys are kept before they are fetched again
 * @param jwksRefreshMinimumInterval a token signed by an unknown key makes Sluice fetch the keys
 *     again, at most twice in this interval, so that made-up key ids cannot flood the provider
 * @param httpTimeout timeout for each call to the provider
 */
public record OidcConfig(
    URI issuer,
    String audience,
    Optional<String> clientId,
    Optional<String> clientSecret,
    Optional<String> scope,
    Optional<URI> jwksUri,
    Optional<URI> tokenEndpoint,
    String userClaim,
    String groupsClaim,
    String rolesClaim,
    SortedMap<String, String> attributeClaims,
    List<String> signatureAlgorithms,
    Duration clockSkew,
    Duration passwordGrantCacheTimeToLive,
    Duration jwksCacheTimeToLive,
    Duration jwksRefreshMinimumInterval,
    Duration httpTimeout) {

  public static final String DEFAULT_USER_CLAIM = "preferred_username";
  public static final String DEFAULT_GROUPS_CLAIM = "groups";
  public static final String DEFAULT_ROLES_CLAIM = "realm_access.roles";
  public static final List<String> DEFAULT_SIGNATURE_ALGORITHMS = List.of("RS256");
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final Duration MAXIMUM_CLOCK_SKEW = Duration.ofMinutes(5);
  public static final Duration DEFAULT_PASSWORD_GRANT_CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_CACHE_TIME_TO_LIVE = Duration.ofMinutes(5);
  public static final Duration DEFAULT_JWKS_REFRESH_MINIMUM_INTERVAL = Duration.ofSeconds(30);
  public static final Duration DEFAULT_HTTP_TIMEOUT = Duration.ofSeconds(10);

  private static final Set<JWSAlgorithm> ASYMMETRIC =
      Stream.of(JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED)
          .flatMap(Set::stream)
          .collect(Collectors.toUnmodifiableSet());
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");

  public OidcConfig {
    requireNonNull(issuer, "issuer");
    requireNonNull(audience, "audience");
    requireNonNull(clientId, "clientId");
    requireNonNull(clientSecret, "clientSecret");
    requireNonNull(scope, "scope");
    requireNonNull(jwksUri, "jwksUri");
    requireNonNull(tokenEndpoint, "tokenEndpoint");
    requireNonNull(userClaim, "userClaim");
    requireNonNull(groupsClaim, "groupsClaim");
    requireNonNull(rolesClaim, "rolesClaim");
    requireNonNull(attributeClaims, "attributeClaims");
    requireNonNull(signatureAlgorithms, "signatureAlgorithms");
    requireNonNull(clockSkew, "clockSkew");
    requireNonNull(passwordGrantCacheTimeToLive, "passwordGrantCacheTimeToLive");
    requireNonNull(jwksCacheTimeToLive, "jwksCacheTimeToLive");
    requireNonNull(jwksRefreshMinimumInterval, "jwksRefreshMinimumInterval");
    requireNonNull(httpTimeout, "httpTimeout");

    checkUrl("issuer", issuer);
    jwksUri.ifPresent(uri -> checkUrl("JWKS URI", uri));
    tokenEndpoint.ifPresent(uri -> checkUrl("token endpoint", uri));
    if (issuer.getQuery() != null || issuer.getFragment() != null) {
      throw invalid("the issuer cannot have a query or fragment: " + issuer);
    }
    if (audience.isBlank()) {
      throw invalid("the audience cannot be blank; use Sluice's client id at the provider");
    }
    if (clientId.isPresent() && clientId.get().isBlank()) {
      throw invalid("the client id cannot be blank; leave it out to turn the password grant off");
    }
    if (clientSecret.isPresent() && clientId.isEmpty()) {
      throw invalid("a client secret needs a client id");
    }
    for (Map.Entry<String, String> claim :
        Map.of("user claim", userClaim, "groups claim", groupsClaim, "roles claim", rolesClaim)
            .entrySet()) {
      if (claim.getValue().isBlank()) {
        throw invalid("the " + claim.getKey() + " cannot be blank");
      }
    }
    for (Map.Entry<String, String> attribute : attributeClaims.entrySet()) {
      if (!ATTRIBUTE_NAME.matcher(attribute.getKey()).matches()) {
        throw invalid(
            "the attribute name '"
                + attribute.getKey()
                + "' is not valid: use letters, digits, '_', '.' or '-', starting with a letter or"
                + " '_'");
      }
      if (attribute.getValue() == null || attribute.getValue().isBlank()) {
        throw invalid("attribute '" + attribute.getKey() + "' needs a claim name");
      }
    }
    if (signatureAlgorithms.isEmpty()) {
      throw invalid("at least one signature algorithm is needed, for example RS256");
    }
    for (String algorithm : signatureAlgorithms) {
      if (!ASYMMETRIC.contains(JWSAlgorithm.parse(algorithm))) {
        throw invalid(
            "signature algorithm '"
                + algorithm
                + "' is not accepted: use an asymmetric one (RS256, PS256, ES256, EdDSA, ...)");
      }
    }
    if (clockSkew.isNegative() || clockSkew.compareTo(MAXIMUM_CLOCK_SKEW) > 0) {
      throw invalid("the clock skew must be 0 to 5 minutes, not " + clockSkew);
    }
    if (passwordGrantCacheTimeToLive.isNegative()) {
      throw invalid(
          "the password grant cache's time to live cannot be negative: "
              + passwordGrantCacheTimeToLive);
    }
    requirePositive("JWKS cache time to live", jwksCacheTimeToLive);
    requirePositive("JWKS refresh minimum interval", jwksRefreshMinimumInterval);
    requirePositive("HTTP timeout", httpTimeout);
    if (jwksRefreshMinimumInterval.compareTo(jwksCacheTimeToLive) >= 0) {
      throw invalid(
          "the JWKS refresh minimum interval ("
              + jwksRefreshMinimumInterval
              + ") must be shorter than the JWKS cache time to live ("
              + jwksCacheTimeToLive
              + ")");
    }
    attributeClaims = Collections.unmodifiableSortedMap(new TreeMap<>(attributeClaims));
    signatureAlgorithms = List.copyOf(signatureAlgorithms);
  }

  /**
   * A provider with Keycloak's claims ({@code preferred_username}, {@code groups}, {@code
   * realm_access.roles}), RS256, endpoints from discovery, no password grant.
   */
  public static OidcConfig defaults(URI issuer, String audience) {
    return new OidcConfig(
        issuer,
        audience,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        DEFAULT_USER_CLAIM,
        DEFAULT_GROUPS_CLAIM,
        DEFAULT_ROLES_CLAIM,
        new TreeMap<>(),
        DEFAULT_SIGNATURE_ALGORITHMS,
        DEFAULT_CLOCK_SKEW,
        DEFAULT_PASSWORD_GRANT_CACHE_TIME_TO_LIVE,
        DEFAULT_JWKS_CACHE_TIME_TO_LIVE,
        DEFAULT_JWKS_REFRESH_MINIMUM_INTERVAL,
        DEFAULT_HTTP_TIMEOUT);
  }

  /** Turns the password grant on, with this client (and its secret, if confidential). */
  public OidcConfig withPasswordGrant(String newClientId, Optional<String> newClientSecret) {
    return new OidcConfig(
        issuer,
        audience,
        Optional.of(newClientId),
        newClientSecret,
        scope,
        jwksUri,
        tokenEndpoint,
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        signatureAlgorithms,
        clockSkew,
        passwordGrantCacheTimeToLive,
        jwksCacheTimeToLive,
        jwksRefreshMinimumInterval,
        httpTimeout);
  }

  /** Fixed endpoints instead of discovery. */
  public OidcConfig withEndpoints(URI newJwksUri, URI newTokenEndpoint) {
    return new OidcConfig(
        issuer,
        audience,
        clientId,
        clientSecret,
        scope,
        Optional.of(newJwksUri),
        Optional.ofNullable(newTokenEndpoint),
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        signatureAlgorithms,
        clockSkew,
        passwordGrantCacheTimeToLive,
        jwksCacheTimeToLive,
        jwksRefreshMinimumInterval,
        httpTimeout);
  }

  public OidcConfig withClaims(
      String newUserClaim,
      String newGroupsClaim,
      String newRolesClaim,
      Map<String, String> newAttributeClaims) {
    return new OidcConfig(
        issuer,
        audience,
        clientId,
        clientSecret,
        scope,
        jwksUri,
        tokenEndpoint,
        newUserClaim,
        newGroupsClaim,
        newRolesClaim,
        new TreeMap<>(newAttributeClaims),
        signatureAlgorithms,
        clockSkew,
        passwordGrantCacheTimeToLive,
        jwksCacheTimeToLive,
        jwksRefreshMinimumInterval,
        httpTimeout);
  }

  public OidcConfig withClockSkew(Duration newClockSkew) {
    return new OidcConfig(
        issuer,
        audience,
        clientId,
        clientSecret,
        scope,
        jwksUri,
        tokenEndpoint,
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        signatureAlgorithms,
        newClockSkew,
        passwordGrantCacheTimeToLive,
        jwksCacheTimeToLive,
        jwksRefreshMinimumInterval,
        httpTimeout);
  }

  public OidcConfig withPasswordGrantCacheTimeToLive(Duration timeToLive) {
    return new OidcConfig(
        issuer,
        audience,
        clientId,
        clientSecret,
        scope,
        jwksUri,
        tokenEndpoint,
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        signatureAlgorithms,
        clockSkew,
        timeToLive,
        jwksCacheTimeToLive,
        jwksRefreshMinimumInterval,
        httpTimeout);
  }

  public OidcConfig withJwksCaching(Duration timeToLive, Duration refreshMinimumInterval) {
    return new OidcConfig(
        issuer,
        audience,
        clientId,
        clientSecret,
        scope,
        jwksUri,
        tokenEndpoint,
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        signatureAlgorithms,
        clockSkew,
        passwordGrantCacheTimeToLive,
        timeToLive,
        refreshMinimumInterval,
        httpTimeout);
  }

  /** Where discovery looks: {@code <issuer>/.well-known/openid-configuration}. */
  public URI discoveryUri() {
    String base = issuer.toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + "/.well-known/openid-configuration");
  }

  @Override
  public String toString() {
    return "OidcConfig[issuer="
        + issuer
        + ", audience="
        + audience
        + ", clientId="
        + clientId.orElse("(none: password grant off)")
        + ", clientSecret="
        + (clientSecret.isPresent() ? "***" : "(none)")
        + ", scope="
        + scope.orElse("(none)")
        + ", jwksUri="
        + jwksUri.map(URI::toString).orElse("(discovered)")
        + ", tokenEndpoint="
        + tokenEndpoint.map(URI::toString).orElse("(discovered)")
        + ", userClaim="
        + userClaim
        + ", groupsClaim="
        + groupsClaim
        + ", rolesClaim="
        + rolesClaim
        + ", attributeClaims="
        + attributeClaims
        + ", signatureAlgorithms="
        + signatureAlgorithms
        + ", clockSkew="
        + clockSkew
        + ", passwordGrantCacheTimeToLive="
        + passwordGrantCacheTimeToLive
        + ", jwksCacheTimeToLive="
        + jwksCacheTimeToLive
        + ", jwksRefreshMinimumInterval="
        + jwksRefreshMinimumInterval
        + ", httpTimeout="
        + httpTimeout
        + "]";
  }

  private static void checkUrl(String what, URI uri) {
    if (!uri.isAbsolute() || uri.getHost() == null) {
      throw invalid("the " + what + " must be an absolute URL, not " + uri);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (scheme.equals("https")) {
      return;
    }
    if (scheme.equals("http") && isLoopback(uri.getHost())) {
      return;
    }
    throw invalid(
        "the "
            + what
            + " must use https (plain http only on a loopback address, for tests): "
            + uri);
  }

  private static boolean isLoopback(String host) {
    try {
      String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
      for (InetAddress address : InetAddress.getAllByName(bare)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException unknown) {
      return false;
    }
  }

  private static void requirePositive(String what, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw invalid("the " + what + " must be positive, not " + duration);
    }
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("Invalid OIDC configuration: " + problem);
  }
}
