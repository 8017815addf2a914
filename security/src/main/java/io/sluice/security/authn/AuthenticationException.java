package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;

/**
 * A failed login. The message the client sees is always the same, {@value #PUBLIC_MESSAGE}, so that
 * it never tells whether a user exists or which check failed; the {@link #reason() reason} is for
 * the audit log and the server's own logs only.
 */
public final class AuthenticationException extends SluiceException {
  public static final String PUBLIC_MESSAGE = "Authentication failed";

  /** Why a login failed. Never sent to the client. */
  public enum Reason {
    /** No such user in the password file. */
    UNKNOWN_USER,
    /** The user exists but the password does not match. */
    WRONG_PASSWORD,
    /** The identity provider refused the user name and password (it does not say why). */
    REJECTED_BY_PROVIDER,
    /** The token is malformed, has a bad signature, or a wrong issuer, audience or type. */
    INVALID_TOKEN,
    /** The token was valid once but has expired. */
    EXPIRED_TOKEN,
    /** No configured authenticator accepts this kind of credentials. */
    UNSUPPORTED_CREDENTIALS,
    /** The authenticator could not decide: identity provider unreachable, user file unreadable. */
    AUTHENTICATOR_UNAVAILABLE
  }

  private final Reason reason;

  public AuthenticationException(Reason reason) {
    super(ErrorCode.AUTHENTICATION_FAILED, PUBLIC_MESSAGE);
    this.reason = requireNonNull(reason, "reason");
  }

  /** The cause is kept for the server's log; its message never reaches the client. */
  public AuthenticationException(Reason reason, Throwable cause) {
    super(ErrorCode.AUTHENTICATION_FAILED, PUBLIC_MESSAGE, cause);
    this.reason = requireNonNull(reason, "reason");
  }

  public Reason reason() {
    return reason;
  }
}
