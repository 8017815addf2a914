package io.sluice.security.authn;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * One structured line per login, success or failure, on the logger {@value #LOGGER_NAME}: the
 * fields as slf4j key-value pairs and, for plain-text logs, as {@code key=value} in the message.
 * Passwords and tokens never appear; user names are quoted with control characters escaped, so a
 * made-up name cannot forge log lines.
 */
final class AuthenticationAuditLog {
  static final String LOGGER_NAME = "sluice.audit.auth";
  private static final Logger LOG = LoggerFactory.getLogger(LOGGER_NAME);
  private static final int MAXIMUM_USER_LENGTH = 128;

  private AuthenticationAuditLog() {}

  static void success(Credentials credentials, Identity identity, boolean login) {
    String user = quote(identity.user());
    String kind = kind(credentials);
    String method = identity.method().name();
    LOG.atLevel(login ? Level.INFO : Level.DEBUG)
        .addKeyValue("outcome", "success")
        .addKeyValue("user", identity.user())
        .addKeyValue("client", credentials.clientAddress())
        .addKeyValue("credentials", kind)
        .addKeyValue("method", method)
        .addKeyValue("sluice_token", identity.fromSluiceToken())
        .log(
            "authentication outcome=success user={} client={} credentials={} method={}"
                + " sluice_token={}",
            user,
            quote(credentials.clientAddress()),
            kind,
            method,
            identity.fromSluiceToken());
  }

  static void failure(
      Credentials credentials, AuthenticationException.Reason reason, Duration delay) {
    String claimedUser =
        credentials instanceof Credentials.Password password ? password.user() : null;
    String user = claimedUser == null ? "-" : quote(claimedUser);
    String kind = kind(credentials);
    LOG.atWarn()
        .addKeyValue("outcome", "failure")
        .addKeyValue("user", claimedUser)
        .addKeyValue("client", credentials.clientAddress())
        .addKeyValue("credentials", kind)
        .addKeyValue("reason", reason.name())
        .addKeyValue("delay_ms", delay.toMillis())
        .log(
            "authentication outcome=failure user={} client={} credentials={} reason={}"
                + " delay_ms={}",
            user,
            quote(credentials.clientAddress()),
            kind,
            reason,
            delay.toMillis());
  }

  private static String kind(Credentials credentials) {
    return credentials instanceof Credentials.Password ? "password" : "bearer_token";
  }

  /** In double quotes, with quotes, backslashes and control characters escaped, cut if long. */
  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    int count = 0;
    for (int i = 0; i < text.length(); ) {
      int codePoint = text.codePointAt(i);
      i += Character.charCount(codePoint);
      if (++count > MAXIMUM_USER_LENGTH) {
        quoted.append("...");
        break;
      }
      if (codePoint == '"' || codePoint == '\\') {
        quoted.append('\\').appendCodePoint(codePoint);
      } else if (Character.isISOControl(codePoint)) {
        quoted.append(String.format("\\u%04x", codePoint));
      } else {
        quoted.appendCodePoint(codePoint);
      }
    }
    return quoted.append('"').toString();
  }
}
