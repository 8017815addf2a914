package io.sluice.gateway.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How clients prove who they are. Every connection authenticates; at least one way must be on.
 *
 * @param passwordFile users in a local file (on by default)
 * @param oidc an OpenID Connect provider (off by default)
 * @param tokenLifetime how long the tokens Sluice hands out at the Flight SQL handshake stay valid,
 *     1 hour by default
 */
public record AuthConfig(
    PasswordFileAuthConfig passwordFile, OidcAuthConfig oidc, Duration tokenLifetime) {

  /** The same, with a user file left at its default following the data directory. */
  AuthConfig followingDataDirectory(Path oldDataDirectory) {
    return new AuthConfig(
        passwordFile.followingDataDirectory(oldDataDirectory), oidc, tokenLifetime);
  }

  AuthConfig withDefaults(Path dataDirectory) {
    return new AuthConfig(
        (passwordFile == null ? new PasswordFileAuthConfig(null, null, null) : passwordFile)
            .withDefaults(dataDirectory),
        oidc == null ? OidcAuthConfig.of(null, null) : oidc,
        tokenLifetime == null ? Duration.ofHours(1) : tokenLifetime);
  }

  void validate() {
    oidc.validate();
    if (!passwordFile.enabled() && !oidc.enabled()) {
      throw new ConfigException(
          "auth has no way to log in: auth.passwordFile.enabled is false and auth.oidc has no"
              + " issuer; turn one of them on");
    }
    ClusterConfig.requirePositive("auth.tokenLifetime", tokenLifetime);
    ClusterConfig.requirePositive(
        "auth.passwordFile.cacheTimeToLive", passwordFile.cacheTimeToLive());
  }
}
