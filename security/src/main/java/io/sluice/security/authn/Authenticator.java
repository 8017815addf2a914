package io.sluice.security.authn;

import java.util.Set;

/**
 * Turns credentials into an {@link Identity}. Implementations: the password file ({@code
 * authn.password}) and OIDC providers such as Keycloak ({@code authn.oidc}).
 *
 * <p>Calls may block (password hashing, HTTP calls to an identity provider): call them from a
 * worker thread, never from a Netty or gRPC event loop. Implementations are thread-safe. Frontends
 * do not call authenticators directly but {@link AuthenticationService}, which adds throttling,
 * Sluice-issued tokens and the audit log.
 */
public interface Authenticator {
  /**
   * The identity the credentials prove.
   *
   * @throws AuthenticationException when they prove nothing; with reason {@link
   *     AuthenticationException.Reason#UNSUPPORTED_CREDENTIALS} when this authenticator does not
   *     handle this kind of credentials, so that the next one may try
   */
  Identity authenticate(Credentials credentials);

  /** The methods of the identities this authenticator produces. */
  Set<AuthenticationMethod> methods();

  /**
   * The identity as it is now, for a user who logged in earlier through this authenticator and
   * comes back with a Sluice-issued token: an authenticator that can look the user up (the password
   * file) returns the current groups and attributes, or throws if the user may no longer log in. By
   * default the identity is returned unchanged.
   */
  default Identity refresh(Identity identity) {
    return identity;
  }
}
