package io.sluice.gateway.session;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.security.authn.Identity;
import java.time.Instant;

/**
 * A client's session: the state that outlives one statement. Protocol frontends map their own
 * notion of a connection (a Flight session cookie, an Avatica connection id) onto one session.
 */
public final class Session {
  private final String id;
  private volatile Identity identity;
  private final String clientAddress;
  private final String protocol;
  private final Instant created;
  private volatile SessionContext context;
  private volatile long lastUsedNanos;

  Session(
      String id, Identity identity, String clientAddress, String protocol, SessionContext context) {
    this.id = requireNonNull(id, "id");
    this.identity = requireNonNull(identity, "identity");
    this.clientAddress = clientAddress;
    this.protocol = requireNonNull(protocol, "protocol");
    this.context = requireNonNull(context, "context");
    this.created = Instant.now();
    touch();
  }

  public String id() {
    return id;
  }

  /** Who the session belongs to, as of the latest call that authenticated. */
  public Identity identity() {
    return identity;
  }

  /**
   * Takes the groups, roles and attributes of the caller's latest authentication (they may have
   * changed at the identity provider); the user stays the same.
   */
  void refreshIdentity(Identity latest) {
    if (!latest.user().equals(identity.user())) {
      throw new IllegalArgumentException("A session's user never changes");
    }
    this.identity = latest;
    this.context = context.withIdentity(latest);
  }

  /** The client's address as the frontend saw it, or null when unknown. */
  public String clientAddress() {
    return clientAddress;
  }

  /** The client protocol: {@code flight-sql} or {@code avatica}. */
  public String protocol() {
    return protocol;
  }

  public Instant created() {
    return created;
  }

  /** The user, and the current catalog and schema that unqualified names resolve against. */
  public SessionContext context() {
    return context;
  }

  public void setContext(SessionContext newContext) {
    this.context = requireNonNull(newContext, "newContext");
  }

  void touch() {
    lastUsedNanos = System.nanoTime();
  }

  long lastUsedNanos() {
    return lastUsedNanos;
  }

  @Override
  public String toString() {
    return "Session[" + id + "]";
  }
}
