package io.sluice.security.authn.oidc;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The calls Sluice makes to an OIDC provider: discovery and JWKS (GET), and the password grant
 * (form POST). One small interface so that tests can count calls around the real client.
 * Implementations never log request bodies: they hold passwords.
 */
public interface OidcHttpClient {
  /** Responses larger than this are refused: no discovery document or key set is that big. */
  int MAXIMUM_RESPONSE_BYTES = 1024 * 1024;

  /** A response: status, body and content type (empty string if none). */
  record Response(int statusCode, String body, String contentType) {
    public Response {
      requireNonNull(body, "body");
      requireNonNull(contentType, "contentType");
    }
  }

  Response get(URI uri) throws IOException;

  /**
   * POSTs an {@code application/x-www-form-urlencoded} body.
   *
   * @param authorization the value of the Authorization header, if any
   */
  Response postForm(URI uri, Map<String, String> form, Optional<String> authorization)
      throws IOException;

  /** The JDK's {@code java.net.http.HttpClient}; no redirects are followed. */
  static OidcHttpClient create(Duration timeout) {
    return new JdkOidcHttpClient(timeout);
  }
}
