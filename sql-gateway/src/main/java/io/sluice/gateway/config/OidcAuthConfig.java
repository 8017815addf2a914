package io.sluice.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * An OpenID Connect provider such as Keycloak. Off unless {@code issuer} is set.
 *
 * @param issuer the provider's issuer URL, exactly as it appears in its tokens
 * @param audience the audience tokens must carry (the client id Sluice is known by)
 * @param clientId the client for the password grant, which logs in clients that send only a user
 *     and a password (JDBC, BI tools); without it those clients cannot use this provider
 * @param clientSecretFile a file holding the client's secret, for confidential clients
 * @param clientSecretEnv an environment variable holding the client's secret
 * @param scope extra scopes for the password grant
 * @param jwksUri the key set; discovered from the issuer when left out
 * @param tokenEndpoint the token endpoint; discovered from the issuer when left out
 * @param userClaim the claim with the user name, {@code preferred_username} by default
 * @param groupsClaim the claim with the groups, {@code groups} by default
 * @param rolesClaim the claim (dotted path) with the roles, {@code realm_access.roles} by default
 * @param attributeClaims attribute name to claim (dotted path)
 * @param clockSkew tolerated clock difference for expiry, 30 s by default
 */
public record OidcAuthConfig(
    URI issuer,
    String audience,
    String clientId,
    String clientSecretFile,
    String clientSecretEnv,
    String scope,
    URI jwksUri,
    URI tokenEndpoint,
    String userClaim,
    String groupsClaim,
    String rolesClaim,
    Map<String, String> attributeClaims,
    Duration clockSkew) {

  public static OidcAuthConfig of(URI issuer, String audience) {
    return new OidcAuthConfig(
        issuer, audience, null, null, null, null, null, null, null, null, null, null, null);
  }

  public OidcAuthConfig withClient(String newClientId) {
    return new OidcAuthConfig(
        issuer,
        audience,
        newClientId,
        clientSecretFile,
        clientSecretEnv,
        scope,
        jwksUri,
        tokenEndpoint,
        userClaim,
        groupsClaim,
        rolesClaim,
        attributeClaims,
        clockSkew);
  }

  public boolean enabled() {
    return issuer != null;
  }

  void validate() {
    if (issuer == null) {
      return;
    }
    if (audience == null || audience.isBlank()) {
      throw new ConfigException("auth.oidc.audience is missing: tokens must name Sluice");
    }
    if (clientSecretFile != null && clientSecretEnv != null) {
      throw new ConfigException(
          "auth.oidc has both clientSecretFile and clientSecretEnv: choose one");
    }
  }
}
