package io.sluice.engine.spark;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;

/**
 * A bounded pool of {@link ThriftConnection}s. Idle connections are reused most recently used
 * first; a broken one is closed on release. Connections open outside the lock, so one slow connect
 * does not hold up releases.
 */
final class ThriftConnectionPool implements AutoCloseable {
  private final SparkThriftEngineConfig config;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition released = lock.newCondition();
  private final Deque<ThriftConnection> idle = new ArrayDeque<>();
  private final Set<ThriftConnection> inUse = Collections.newSetFromMap(new IdentityHashMap<>());

  /** Connections counted against the limit: idle, in use, and being opened. */
  private int counted;

  private boolean closed;

  ThriftConnectionPool(SparkThriftEngineConfig config) {
    this.config = config;
  }

  /**
   * Takes an idle connection, one whose session has exactly {@code settings} if there is one, else
   * the one used last; or opens one, waiting up to {@code timeout} while all connections are in
   * use.
   *
   * @throws TimeoutException when no connection became free in time
   * @throws TException when a new connection cannot be opened
   */
  ThriftConnection borrow(Duration timeout, Map<String, String> settings)
      throws TException, TimeoutException, InterruptedException {
    long remainingNanos = timeout.toNanos();
    lock.lock();
    try {
      while (true) {
        requireOpen();
        ThriftConnection connection = takeIdle(settings);
        if (connection != null) {
          inUse.add(connection);
          return connection;
        }
        if (counted < config.maxConnections()) {
          counted++;
          break;
        }
        if (remainingNanos <= 0) {
          throw new TimeoutException();
        }
        remainingNanos = released.awaitNanos(remainingNanos);
      }
    } finally {
      lock.unlock();
    }
    return openCounted();
  }

  private ThriftConnection takeIdle(Map<String, String> settings) {
    for (Iterator<ThriftConnection> connections = idle.iterator(); connections.hasNext(); ) {
      ThriftConnection connection = connections.next();
      if (connection.settings().equals(settings)) {
        connections.remove();
        return connection;
      }
    }
    return idle.pollFirst();
  }

  /**
   * Takes an idle connection, or opens one beyond the limit that is closed on release. Cancelling
   * must never wait behind the queries it is meant to stop.
   */
  ThriftConnection borrowUrgently() throws TException {
    lock.lock();
    try {
      requireOpen();
      ThriftConnection connection = idle.pollFirst();
      if (connection != null) {
        inUse.add(connection);
        return connection;
      }
      counted++;
    } finally {
      lock.unlock();
    }
    return openCounted();
  }

  private ThriftConnection openCounted() throws TException {
    ThriftConnection connection = null;
    try {
      connection = ThriftConnection.open(config);
    } finally {
      lock.lock();
      try {
        if (connection == null) {
          counted--;
          released.signal();
        } else if (closed) {
          counted--;
        } else {
          inUse.add(connection);
        }
      } finally {
        lock.unlock();
      }
    }
    if (isClosed()) {
      connection.close();
      throw poolClosed();
    }
    return connection;
  }

  /** Returns a connection: broken ones, extra ones and any after {@link #close()} are closed. */
  void release(ThriftConnection connection) {
    boolean keep;
    lock.lock();
    try {
      if (!inUse.remove(connection)) {
        return;
      }
      keep = !closed && !connection.isBroken() && counted <= config.maxConnections();
      if (keep) {
        idle.addFirst(connection);
      } else {
        counted--;
      }
      released.signal();
    } finally {
      lock.unlock();
    }
    if (!keep) {
      connection.close();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes idle connections politely and cuts the sockets of those in use, so that their running
   * RPCs fail at once instead of finishing against a pool that is gone.
   */
  @Override
  public void close() {
    List<ThriftConnection> idleConnections;
    List<ThriftConnection> busyConnections;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      idleConnections = new ArrayList<>(idle);
      busyConnections = new ArrayList<>(inUse);
      counted -= idle.size();
      idle.clear();
      released.signalAll();
    } finally {
      lock.unlock();
    }
    idleConnections.forEach(ThriftConnection::close);
    busyConnections.forEach(ThriftConnection::abort);
  }

  private void requireOpen() throws TTransportException {
    if (closed) {
      throw poolClosed();
    }
  }

  private static TTransportException poolClosed() {
    return new TTransportException(
        TTransportException.NOT_OPEN, "The engine was closed and its connections with it");
  }
}
