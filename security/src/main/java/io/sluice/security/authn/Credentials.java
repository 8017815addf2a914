package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

/**
 * What a client presented to log in, and where it came from. The client address feeds login
 * throttling and the audit log; {@code toString()} never shows the secret.
 */
public sealed interface Credentials {
  /** Stands in for a client whose address the frontend does not know. */
  String UNKNOWN_ADDRESS = "unknown";

  /** The client's address as text (an IP address, without the port). */
  String clientAddress();

  static Password password(String user, String password, String clientAddress) {
    return new Password(user, password, clientAddress);
  }

  static BearerToken bearerToken(String token, String clientAddress) {
    return new BearerToken(token, clientAddress);
  }

  /** A user name and password: HTTP Basic, the JDBC user and password, Flight's handshake. */
  record Password(String user, String password, String clientAddress) implements Credentials {
    public Password {
      requireNonNull(user, "user");
      requireNonNull(password, "password");
      clientAddress = clientAddress == null ? UNKNOWN_ADDRESS : clientAddress;
    }

    @Override
    public String toString() {
      return "Password[user=" + user + ", password=***, clientAddress=" + clientAddress + "]";
    }
  }

  /** A bearer token: an OIDC access token or a token Sluice issued. */
  record BearerToken(String token, String clientAddress) implements Credentials {
    public BearerToken {
      requireNonNull(token, "token");
      clientAddress = clientAddress == null ? UNKNOWN_ADDRESS : clientAddress;
    }

    @Override
    public String toString() {
      return "BearerToken[token=***, clientAddress=" + clientAddress + "]";
    }
  }
}
