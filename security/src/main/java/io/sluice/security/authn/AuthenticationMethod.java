package io.sluice.security.authn;

/** How a user proved who they are. A Sluice-issued token keeps the method of the original login. */
public enum AuthenticationMethod {
  /** User name and password checked against Sluice's own password file. */
  PASSWORD_FILE,
  /** User name and password sent to an OIDC provider's token endpoint (the password grant). */
  OIDC_PASSWORD_GRANT,
  /** An access token issued by an OIDC provider, sent as a bearer token or as the password. */
  OIDC_BEARER_TOKEN
}
