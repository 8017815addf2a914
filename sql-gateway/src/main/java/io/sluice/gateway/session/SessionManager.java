package io.sluice.gateway.session;

import io.sluice.planner.SessionContext;
import io.sluice.security.access.RequestContext;
import io.sluice.security.authn.Identity;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens, finds and expires sessions. Session ids are random and unguessable. */
public final class SessionManager implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SessionManager.class);

  private final String defaultCatalog;
  private final String defaultSchema;
  private final Duration idleTimeout;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();
  private final ScheduledExecutorService expirer;
  private final List<Consumer<Session>> closeListeners = new CopyOnWriteArrayList<>();

  /**
   * @param defaultCatalog the catalog new sessions start in
   * @param defaultSchema the schema new sessions start in
   */
  public SessionManager(String defaultCatalog, String defaultSchema, Duration idleTimeout) {
    this.defaultCatalog = defaultCatalog;
    this.defaultSchema = defaultSchema;
    this.idleTimeout = idleTimeout;
    this.expirer =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "session-expirer");
              thread.setDaemon(true);
              return thread;
            });
    long period = Math.max(1_000, Math.min(60_000, idleTimeout.toMillis() / 4));
    expirer.scheduleWithFixedDelay(this::expireIdle, period, period, TimeUnit.MILLISECONDS);
  }

  /** Adds a listener called with every session that closes, so frontends drop what they hold. */
  public void onClose(Consumer<Session> listener) {
    closeListeners.add(listener);
  }

  /**
   * Opens a session for an authenticated caller.
   *
   * @param protocol the client protocol, for the audit ({@code flight-sql}, {@code avatica})
   */
  public Session open(Identity identity, String clientAddress, String protocol) {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    Session session =
        new Session(
            id,
            identity,
            clientAddress,
            protocol,
            new SessionContext(
                defaultCatalog,
                defaultSchema,
                identity,
                new RequestContext(clientAddress, protocol, id)));
    sessions.put(id, session);
    log.debug("Opened session {} for {} at {}", id, identity.user(), clientAddress);
    return session;
  }

  /**
   * The open session with this id, for the caller that opened it.
   *
   * @throws SluiceException when the session is closed or expired, or belongs to another user
   */
  public Session get(String id, Identity caller) {
    Session session = get(id);
    if (!session.identity().user().equals(caller.user())) {
      throw new SluiceException(
          ErrorCode.AUTHENTICATION_FAILED,
          "Cannot use session " + id + ": it belongs to another user; open a new connection");
    }
    session.refreshIdentity(caller);
    return session;
  }

  /** The open session with this id, marked as used now. */
  public Optional<Session> find(String id) {
    Session session = id == null ? null : sessions.get(id);
    if (session != null) {
      session.touch();
    }
    return Optional.ofNullable(session);
  }

  /** The open session with this id, or a clear error when it is closed or expired. */
  public Session get(String id) {
    return find(id)
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.SESSION_NOT_FOUND,
                    "Cannot find session "
                        + id
                        + ": it was closed or expired after "
                        + idleTimeout
                        + " idle; reconnect"));
  }

  public void close(String id) {
    Session session = sessions.remove(id);
    if (session != null) {
      log.debug("Closed session {}", id);
      for (Consumer<Session> listener : closeListeners) {
        try {
          listener.accept(session);
        } catch (RuntimeException failure) {
          // One frontend failing to clean up must not keep the others from doing so.
          log.warn("Cannot release everything session {} held", id, failure);
        }
      }
    }
  }

  public int openSessions() {
    return sessions.size();
  }

  private void expireIdle() {
    // Runs on a fixed-delay schedule, which stops for good if a run throws: contain failures.
    try {
      expireIdleSessions();
    } catch (RuntimeException failure) {
      log.warn("Cannot expire idle sessions", failure);
    }
  }

  private void expireIdleSessions() {
    long deadline = System.nanoTime() - idleTimeout.toNanos();
    sessions.values().stream()
        .filter(session -> session.lastUsedNanos() < deadline)
        .map(Session::id)
        .toList()
        .forEach(
            id -> {
              log.info("Closing session {}: idle for more than {}", id, idleTimeout);
              close(id);
            });
  }

  @Override
  public void close() {
    expirer.shutdownNow();
    sessions.keySet().forEach(this::close);
  }
}
