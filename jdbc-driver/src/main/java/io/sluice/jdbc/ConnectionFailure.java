package io.sluice.jdbc;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;

/** Turns Avatica's failure to open a connection into an SQLException that says what to do. */
final class ConnectionFailure {
  /** SQLSTATE: the client could not establish the connection. */
  static final String UNABLE_TO_CONNECT = "08001";

  /** SQLSTATE: invalid authorization specification. */
  static final String INVALID_AUTHORIZATION = "28000";

  private ConnectionFailure() {}

  /**
   * Describes a failure to connect.
   *
   * @param endpoint the gateway's Avatica endpoint
   * @param credentialsSent whether the connection had a user and password or a token
   * @param failure what Avatica threw
   */
  static SQLException describe(String endpoint, boolean credentialsSent, RuntimeException failure) {
    String reason =
        failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
    String state = UNABLE_TO_CONNECT;
    String advice = null;
    if (hostNameMismatch(failure)) {
      advice =
          "the gateway's TLS certificate is not issued for this host name; connect with a host"
              + " name or IP address that the certificate lists as a subject alternative name";
    } else if (causedBy(failure, CertPathBuilderException.class)
        || causedBy(failure, CertificateException.class)) {
      advice =
          "the gateway's TLS certificate is not trusted; set sslrootcert to a PEM file holding the"
              + " certificate of the CA that issued it";
    } else if (causedBy(failure, SSLException.class)) {
      advice = "the TLS handshake failed; check that the gateway serves TLS on this port";
    } else if (reason.contains("HTTP/401")) {
      // Avatica's own message: "Failed to execute HTTP Request, got HTTP/401".
      state = INVALID_AUTHORIZATION;
      advice =
          credentialsSent
              ? "Authentication failed: the gateway did not accept the credentials (HTTP 401);"
                  + " check user and password, or token"
              : "Authentication required: the gateway requires authentication (HTTP 401); set"
                  + " user and password, or token";
    }
    String message =
        "Cannot connect to "
            + endpoint
            + ": "
            + (advice == null ? reason : advice + " (" + reason + ")");
    return new SQLException(message, state, failure);
  }

  /**
   * Whether the certificate was refused for its names: by the HTTP client's verifier, or by the
   * JDK's endpoint identification, which says so only in its message.
   */
  private static boolean hostNameMismatch(Throwable failure) {
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
      String message = String.valueOf(cause.getMessage());
      if (cause instanceof SSLPeerUnverifiedException
          || (cause instanceof CertificateException
              && (message.startsWith("No subject alternative")
                  || message.startsWith("No name matching")))) {
        return true;
      }
    }
    return false;
  }

  private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
    // Bounded, in case a library built a cycle of causes.
    Throwable cause = failure;
    for (int depth = 0; cause != null && depth < 32; depth++, cause = cause.getCause()) {
      if (type.isInstance(cause)) {
        return true;
      }
    }
    return false;
  }
}
