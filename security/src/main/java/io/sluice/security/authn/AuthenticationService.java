package io.sluice.security.authn;

import static java.util.Objects.requireNonNull;

import io.sluice.security.audit.AuditRecord;
import io.sluice.security.audit.AuthenticationAuditRecords;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.token.TokenIssuer;
import io.sluice.security.authn.token.TokenIssuerConfig;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one call a frontend makes to log a client in: throttling, the configured authenticators in
 * order, Sluice-issued tokens, and an audit line for every outcome (a Sluice token presented again
 * is not a new login: its success is logged at DEBUG and not audited).
 *
 * <p>{@link #authenticate} <b>blocks</b>: it sleeps the throttle's delay before checking the
 * credentials, hashes passwords and may call the identity provider. Frontends call it from a worker
 * thread, never from a Netty or gRPC event loop. A frontend that cannot spare a thread can read
 * {@link LoginThrottle#delayBeforeAttempt} from {@link #throttle()} and schedule the attempt itself
 * (the service's sleeper can be a no-op then).
 *
 * <p>Password credentials go to each authenticator in turn until one accepts them (the password
 * file, then OIDC, as configured). A bearer token that Sluice issued is validated here and
 * refreshed by the authenticator the user first logged in with (a user removed from the password
 * file loses their tokens at once); any other bearer token goes to the authenticators.
 *
 * <p>Every failure throws {@link AuthenticationException} with the same public message.
 */
public final class AuthenticationService {
  private static final Logger LOG = LoggerFactory.getLogger(AuthenticationService.class);

  /** Waits out a throttle delay; tests record the delays instead. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration delay) throws InterruptedException;

    Sleeper THREAD_SLEEP = delay -> Thread.sleep(delay.toMillis());
  }

  private final List<Authenticator> authenticators;
  private final LoginThrottle throttle;
  private final TokenIssuer tokenIssuer;
  private final Sleeper sleeper;
  private volatile Consumer<AuditRecord> auditSink = record -> {};
  private final RecentLogins recentLogins = new RecentLogins(RecentLogins.MEMORY);

  public AuthenticationService(
      List<Authenticator> authenticators,
      LoginThrottle throttle,
      TokenIssuer tokenIssuer,
      Sleeper sleeper) {
    this.authenticators = List.copyOf(requireNonNull(authenticators, "authenticators"));
    this.throttle = requireNonNull(throttle, "throttle");
    this.tokenIssuer = requireNonNull(tokenIssuer, "tokenIssuer");
    this.sleeper = requireNonNull(sleeper, "sleeper");
    if (this.authenticators.isEmpty()) {
      throw new IllegalArgumentException("At least one authenticator is needed");
    }
  }

  /** With the system clock, sleeping on the calling thread. */
  public static AuthenticationService create(
      List<Authenticator> authenticators, LoginThrottleConfig throttle, TokenIssuerConfig tokens) {
    InstantSource clock = InstantSource.system();
    return new AuthenticationService(
        authenticators,
        new LoginThrottle(throttle, clock),
        new TokenIssuer(tokens, clock),
        Sleeper.THREAD_SLEEP);
  }

  /**
   * Sends one audit record per login outcome to {@code sink} (the gateway's audit log), besides the
   * log line. The sink must not block for long: it runs on the login's thread.
   */
  public void auditTo(Consumer<AuditRecord> sink) {
    this.auditSink = requireNonNull(sink, "sink");
  }

  public List<Authenticator> authenticators() {
    return authenticators;
  }

  public LoginThrottle throttle() {
    return throttle;
  }

  /**
   * The identity the credentials prove. Blocks: see the class comment.
   *
   * @throws AuthenticationException with the uniform public message, whatever went wrong
   */
  public Identity authenticate(Credentials credentials) {
    requireNonNull(credentials, "credentials");
    String user = credentials instanceof Credentials.Password password ? password.user() : null;
    String address = credentials.clientAddress();
    Duration delay = throttle.delayBeforeAttempt(user, address);
    try {
      if (!delay.isZero()) {
        sleeper.sleep(delay);
      }
      Identity identity = authenticateNow(credentials);
      if (user != null) {
        throttle.recordSuccess(user, address);
      }
      // A Sluice token's login was audited when the token was issued, and clients that send their
      // password or an identity provider's token with every request (HTTP) log in once: each
      // statement's own records name the user and the client.
      boolean login = !identity.fromSluiceToken() && recentLogins.isNew(credentials);
      AuthenticationAuditLog.success(credentials, identity, login);
      if (login) {
        auditSink.accept(AuthenticationAuditRecords.success(credentials, identity));
      }
      return identity;
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      AuthenticationException failure =
          new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, interrupted);
      AuthenticationAuditLog.failure(credentials, failure.reason(), delay);
      auditSink.accept(AuthenticationAuditRecords.failure(credentials, failure.reason(), delay));
      throw failure;
    } catch (AuthenticationException failure) {
      if (failure.reason() != Reason.AUTHENTICATOR_UNAVAILABLE) {
        // An unreachable provider is not the client's doing.
        throttle.recordFailure(user, address);
      }
      AuthenticationAuditLog.failure(credentials, failure.reason(), delay);
      auditSink.accept(AuthenticationAuditRecords.failure(credentials, failure.reason(), delay));
      throw failure;
    } catch (RuntimeException bug) {
      // Never let an unexpected message reach the client: it might say more than it should.
      LOG.error("Authentication failed unexpectedly for a client at {}", address, bug);
      AuthenticationAuditLog.failure(credentials, Reason.AUTHENTICATOR_UNAVAILABLE, delay);
      auditSink.accept(
          AuthenticationAuditRecords.failure(credentials, Reason.AUTHENTICATOR_UNAVAILABLE, delay));
      throw new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, bug);
    }
  }

  /**
   * A Sluice bearer token for an identity that just authenticated, valid for the configured
   * lifetime; present it later as {@link Credentials.BearerToken}.
   */
  public String issueToken(Identity identity) {
    return tokenIssuer.issue(identity);
  }

  private Identity authenticateNow(Credentials credentials) {
    Optional<Identity> sluiceToken =
        credentials instanceof Credentials.BearerToken bearer
            ? tokenIssuer.validateIfIssued(bearer.token())
            : Optional.empty();
    if (sluiceToken.isPresent()) {
      Identity fromToken = sluiceToken.get();
      for (Authenticator authenticator : authenticators) {
        if (authenticator.methods().contains(fromToken.method())) {
          return authenticator.refresh(fromToken);
        }
      }
      throw new AuthenticationException(Reason.INVALID_TOKEN);
    }
    AuthenticationException mostTelling = null;
    for (Authenticator authenticator : authenticators) {
      try {
        return authenticator.authenticate(credentials);
      } catch (AuthenticationException failure) {
        if (mostTelling == null || rank(failure.reason()) > rank(mostTelling.reason())) {
          mostTelling = failure;
        }
      }
    }
    throw mostTelling;
  }

  /** Which failure the audit log reports when several authenticators refused. */
  private static int rank(Reason reason) {
    return switch (reason) {
      case UNSUPPORTED_CREDENTIALS -> 0;
      case UNKNOWN_USER -> 1;
      default -> 2;
    };
  }
}
