package io.sluice.security.audit;

import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import java.time.Duration;
import java.util.Locale;

/**
 * Audit records for logins, so that authentication outcomes go into the same chained log as access
 * decisions. Passwords and tokens are never part of a record; a claimed user name is kept (cut at
 * {@value #MAXIMUM_USER_LENGTH} characters), since it is what an investigator searches for.
 *
 * <p>Write failures with {@link AuditLog#writeAndFlush} (like denials) and successes with {@link
 * AuditLog#write}.
 */
public final class AuthenticationAuditRecords {
  static final int MAXIMUM_USER_LENGTH = 256;

  private AuthenticationAuditRecords() {}

  public static AuditRecord success(Credentials credentials, Identity identity) {
    return AuditRecord.builder(AuditRecord.Kind.AUTHENTICATION)
        .action("login")
        .accessType(credentialKind(credentials))
        .user(identity.user())
        .clientAddress(credentials.clientAddress())
        .allowed(true)
        .outcome(AuditRecord.Outcome.SUCCEEDED)
        .enforcer(identity.method().name().toLowerCase(Locale.ROOT))
        .reason(
            identity.fromSluiceToken()
                ? "authenticated with a Sluice token"
                : "authenticated by " + identity.method().name().toLowerCase(Locale.ROOT))
        .build();
  }

  public static AuditRecord failure(
      Credentials credentials, AuthenticationException.Reason reason, Duration throttleDelay) {
    String claimedUser =
        credentials instanceof Credentials.Password password ? password.user() : null;
    return AuditRecord.builder(AuditRecord.Kind.AUTHENTICATION)
        .action("login")
        .accessType(credentialKind(credentials))
        .user(claimedUser == null ? null : cut(claimedUser))
        .clientAddress(credentials.clientAddress())
        .allowed(false)
        .outcome(AuditRecord.Outcome.FAILED)
        .errorCode(reason.name())
        .reason("login failed: " + reason.name().toLowerCase(Locale.ROOT).replace('_', ' '))
        .requestData("throttle_delay_ms=" + throttleDelay.toMillis())
        .build();
  }

  private static String credentialKind(Credentials credentials) {
    return credentials instanceof Credentials.Password ? "password" : "bearer_token";
  }

  private static String cut(String user) {
    if (user.codePointCount(0, user.length()) <= MAXIMUM_USER_LENGTH) {
      return user;
    }
    return user.substring(0, user.offsetByCodePoints(0, MAXIMUM_USER_LENGTH)) + "...";
  }
}
