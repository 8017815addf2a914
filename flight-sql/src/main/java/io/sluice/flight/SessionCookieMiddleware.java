package io.sluice.flight;

import java.net.HttpCookie;
import org.apache.arrow.flight.CallHeaders;
import org.apache.arrow.flight.CallInfo;
import org.apache.arrow.flight.CallStatus;
import org.apache.arrow.flight.FlightServerMiddleware;
import org.apache.arrow.flight.RequestContext;

/**
 * Authenticates every Flight call and ties it to a Sluice session through a cookie, because Flight
 * SQL has no session of its own and clients such as the Flight SQL JDBC driver send back the
 * cookies a server sets. The first call of a client opens a session and answers with {@code
 * Set-Cookie}; later calls resume it. A call that logged in with a password (the handshake of a
 * client given a user and password) gets a bearer token back in an {@code Authorization} header.
 */
final class SessionCookieMiddleware implements FlightServerMiddleware {
  static final FlightServerMiddleware.Key<SessionCookieMiddleware> KEY =
      FlightServerMiddleware.Key.of("sluice-session");
  static final String COOKIE_NAME = "sluice_session";

  private final String sessionId;
  private final boolean announce;
  private final java.util.Optional<String> bearerToken;

  private SessionCookieMiddleware(
      String sessionId, boolean announce, java.util.Optional<String> bearerToken) {
    this.sessionId = sessionId;
    this.announce = announce;
    this.bearerToken = bearerToken;
  }

  String sessionId() {
    return sessionId;
  }

  @Override
  public void onBeforeSendingHeaders(CallHeaders outgoingHeaders) {
    if (announce) {
      outgoingHeaders.insert("set-cookie", COOKIE_NAME + "=" + sessionId);
    }
    bearerToken.ifPresent(token -> outgoingHeaders.insert("authorization", "Bearer " + token));
  }

  @Override
  public void onCallCompleted(CallStatus status) {}

  @Override
  public void onCallErrored(Throwable err) {}

  static final class Factory implements FlightServerMiddleware.Factory<SessionCookieMiddleware> {
    private final FlightSqlBackend backend;

    Factory(FlightSqlBackend backend) {
      this.backend = backend;
    }

    @Override
    public SessionCookieMiddleware onCallStarted(
        CallInfo info, CallHeaders incomingHeaders, RequestContext context) {
      String requested = requestedSessionId(incomingHeaders);
      FlightSqlBackend.SessionGrant grant =
          backend.openOrResumeSession(
              requested,
              incomingHeaders.get("authorization"),
              incomingHeaders.get(PeerAddressRecorder.HEADER));
      return new SessionCookieMiddleware(
          grant.sessionId(), !grant.sessionId().equals(requested), grant.bearerToken());
    }

    private static String requestedSessionId(CallHeaders headers) {
      Iterable<String> values = headers.getAll("cookie");
      if (values == null) {
        return null;
      }
      for (String header : values) {
        for (String part : header.split(";")) {
          String trimmed = part.trim();
          if (trimmed.isEmpty()) {
            continue;
          }
          try {
            for (HttpCookie cookie : HttpCookie.parse(trimmed)) {
              if (COOKIE_NAME.equals(cookie.getName())) {
                return cookie.getValue();
              }
            }
          } catch (IllegalArgumentException malformed) {
            // A cookie we cannot read is one we did not set; ignore it like browsers do.
          }
        }
      }
      return null;
    }
  }
}
