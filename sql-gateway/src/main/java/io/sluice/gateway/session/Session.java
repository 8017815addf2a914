package io.sluice.gateway.session;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import java.time.Instant;

/**
 * A client's session: the state that outlives one statement. Protocol frontends map their own
 * notion of a connection (a Flight session cookie, an Avatica connection id) onto one session.
 */
public final class Session {
  private final String id;
  private final String clientAddress;
  private final Instant created;
  private volatile SessionContext context;
  private volatile long lastUsedNanos;

  Session(String id, String clientAddress, SessionContext context) {
    this.id = requireNonNull(id, "id");
    this.clientAddress = clientAddress;
    this.context = requireNonNull(context, "context");
    this.created = Instant.now();
    touch();
  }

  public String id() {
    return id;
  }

  /** The client's address as the frontend saw it, or null when unknown. */
  public String clientAddress() {
    return clientAddress;
  }

  public Instant created() {
    return created;
  }

  /** The current catalog and schema that unqualified names resolve against. */
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
