package io.sluice.engine.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.sasl.SaslException;
import org.apache.hive.service.rpc.thrift.TCLIService;
import org.apache.hive.service.rpc.thrift.TCloseSessionReq;
import org.apache.hive.service.rpc.thrift.TFetchResultsReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionReq;
import org.apache.hive.service.rpc.thrift.TOpenSessionResp;
import org.apache.hive.service.rpc.thrift.TProtocolVersion;
import org.apache.hive.service.rpc.thrift.TSessionHandle;
import org.apache.hive.service.rpc.thrift.TStatus;
import org.apache.hive.service.rpc.thrift.TStatusCode;
import org.apache.thrift.TApplicationException;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolUtil;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TSaslClientTransport;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Thrift connection to a HiveServer2 with its own open session. Not thread-safe: one RPC at a
 * time. Any failed RPC marks it broken, because after a transport or protocol error the stream may
 * be out of step with the server; a broken connection is closed, never reused.
 */
final class ThriftConnection implements AutoCloseable {
  /** Columnar row sets arrived with V6; Spark 3.5 answers V10 requests with V10. */
  static final TProtocolVersion REQUESTED_PROTOCOL = TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V10;

  private static final Logger log = LoggerFactory.getLogger(ThriftConnection.class);

  /** Closing must not hang on a server that stopped answering. */
  private static final int CLOSE_TIMEOUT_MILLIS = 5_000;

  private final TSocket socket;
  private final ReadBufferedTransport transport;
  private final TCLIService.Client client;
  private final TSessionHandle session;
  private volatile boolean broken;
  private volatile boolean closed;

  /**
   * The session settings Sluice has SET on this connection's server session and not RESET since;
   * touched only by the thread holding the connection.
   */
  private Map<String, String> settings = Map.of();

  private ThriftConnection(
      TSocket socket,
      ReadBufferedTransport transport,
      TCLIService.Client client,
      TSessionHandle session) {
    this.socket = socket;
    this.transport = transport;
    this.client = client;
    this.session = session;
  }

  /** The settings Sluice has SET on this connection's session (key to value). */
  Map<String, String> settings() {
    return settings;
  }

  void settings(Map<String, String> applied) {
    this.settings = Map.copyOf(applied);
  }

  /**
   * Connects, authenticates with SASL PLAIN and opens a session.
   *
   * @throws TException when the server cannot be reached or the session cannot be opened
   * @throws ThriftStatusException when the server refuses the session
   */
  static ThriftConnection open(SparkThriftEngineConfig config) throws TException {
    InetSocketAddress address = config.address();
    TSocket socket =
        new TSocket(
            address.getHostString(),
            address.getPort(),
            (int) config.socketTimeout().toMillis(),
            (int) config.connectTimeout().toMillis());
    TTransport saslTransport;
    try {
      saslTransport =
          new TSaslClientTransport(
              "PLAIN",
              null,
              null,
              null,
              Map.of(),
              callbacks -> supplyCredentials(callbacks, config.user(), config.password()),
              socket);
    } catch (SaslException e) {
      throw new TTransportException("The JDK offers no SASL PLAIN client: " + e.getMessage(), e);
    }
    ReadBufferedTransport transport = new ReadBufferedTransport(saslTransport);
    try {
      transport.open();
      TCLIService.Client client = new TCLIService.Client(new TBinaryProtocol(transport));
      TOpenSessionReq request = new TOpenSessionReq(REQUESTED_PROTOCOL);
      request.setUsername(config.user());
      request.setPassword(config.password());
      Map<String, String> configuration = new HashMap<>();
      config.initialDatabase().ifPresent(database -> configuration.put("use:database", database));
      request.setConfiguration(configuration);
      TOpenSessionResp response = client.OpenSession(request);
      ThriftStatusException.check(response.getStatus());
      TProtocolVersion serverVersion = response.getServerProtocolVersion();
      if (serverVersion.getValue() < TProtocolVersion.HIVE_CLI_SERVICE_PROTOCOL_V6.getValue()) {
        throw new ThriftStatusException(
            "the server speaks HiveServer2 protocol "
                + serverVersion
                + ", older than V6 which brought columnar results; Sluice needs V6 or newer",
            null);
      }
      return new ThriftConnection(socket, transport, client, response.getSessionHandle());
    } catch (TException | RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  private static void supplyCredentials(Callback[] callbacks, String user, String password)
      throws UnsupportedCallbackException {
    for (Callback callback : callbacks) {
      if (callback instanceof NameCallback nameCallback) {
        nameCallback.setName(user);
      } else if (callback instanceof PasswordCallback passwordCallback) {
        passwordCallback.setPassword(password.toCharArray());
      } else {
        throw new UnsupportedCallbackException(
            callback, "SASL PLAIN asks only for name and password");
      }
    }
  }

  /**
   * Runs one RPC; any failure marks this connection broken, except an error status in a reply that
   * was read to its end (the statement failed; the connection is in step with the server).
   */
  <T> T call(ThriftCall<T> call) throws TException {
    if (closed) {
      broken = true;
      throw new TTransportException(TTransportException.NOT_OPEN, "The connection was closed");
    }
    try {
      return call.call(client);
    } catch (ThriftStatusException statementFailed) {
      throw statementFailed;
    } catch (TException | RuntimeException e) {
      broken = true;
      throw e;
    }
  }

  /**
   * Runs FetchResults and reads the returned row set straight into {@code writer}'s vectors,
   * without Thrift's object model for the rows.
   *
   * @return the number of rows written; 0 when the statement has no more rows
   * @throws ThriftStatusException when the server answers with an error status
   */
  int fetchInto(TFetchResultsReq request, RowSetWriter writer) throws TException {
    return call(
        client -> {
          client.send_FetchResults(request);
          return readFetchResultsReply(client.getInputProtocol(), writer);
        });
  }

  /**
   * Reads the reply to FetchResults: a message holding {@code FetchResults_result}, whose field 0
   * is {@code TFetchResultsResp} (1 status, 2 hasMoreRows, 3 results).
   */
  private int readFetchResultsReply(TProtocol in, RowSetWriter writer) throws TException {
    TMessage message = in.readMessageBegin();
    if (message.type == TMessageType.EXCEPTION) {
      TApplicationException failure = new TApplicationException();
      failure.read(in);
      in.readMessageEnd();
      throw failure;
    }
    if (!"FetchResults".equals(message.name)) {
      throw new TApplicationException(
          TApplicationException.WRONG_METHOD_NAME,
          "The engine answered " + message.name + " to FetchResults");
    }
    TStatus status = null;
    int rows = 0;
    in.readStructBegin();
    for (TField result = in.readFieldBegin();
        result.type != TType.STOP;
        result = in.readFieldBegin()) {
      if (result.id == 0 && result.type == TType.STRUCT) {
        in.readStructBegin();
        for (TField field = in.readFieldBegin();
            field.type != TType.STOP;
            field = in.readFieldBegin()) {
          if (field.id == 1 && field.type == TType.STRUCT) {
            status = new TStatus();
            status.read(in);
          } else if (field.id == 3 && field.type == TType.STRUCT) {
            rows = writer.read(in, transport);
          } else {
            TProtocolUtil.skip(in, field.type);
          }
          in.readFieldEnd();
        }
        in.readStructEnd();
      } else {
        TProtocolUtil.skip(in, result.type);
      }
      in.readFieldEnd();
    }
    in.readStructEnd();
    in.readMessageEnd();
    if (status == null) {
      throw new TApplicationException(
          TApplicationException.MISSING_RESULT,
          "The engine answered FetchResults without a status");
    }
    ThriftStatusException.check(status);
    return rows;
  }

  TSessionHandle session() {
    return session;
  }

  boolean isBroken() {
    return broken || closed;
  }

  /**
   * Closes the session (when the connection still works) and the socket. Safe from any thread: a
   * concurrent RPC then fails with a transport error, which is how closing an engine fails its
   * running results.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!broken) {
        socket.setTimeout(CLOSE_TIMEOUT_MILLIS);
        client.CloseSession(new TCloseSessionReq(session));
      }
    } catch (TException | RuntimeException e) {
      log.debug("Cannot close a session cleanly; closing its socket", e);
    } finally {
      transport.close();
    }
  }

  /** Closes the socket without a goodbye, for a connection whose RPC is still running. */
  void abort() {
    broken = true;
    closed = true;
    try {
      socket.getSocket().close();
    } catch (IOException | RuntimeException e) {
      log.debug("Cannot close a socket", e);
    }
    transport.close();
  }

  /** One RPC on the connection's client. */
  @FunctionalInterface
  interface ThriftCall<T> {
    T call(TCLIService.Client client) throws TException;
  }

  /** A status other than success from the server, with its message and SQLSTATE. */
  static final class ThriftStatusException extends TException {
    private final String sqlState;

    ThriftStatusException(String message, String sqlState) {
      super(message);
      this.sqlState = sqlState;
    }

    String sqlState() {
      return sqlState;
    }

    static void check(org.apache.hive.service.rpc.thrift.TStatus status)
        throws ThriftStatusException {
      TStatusCode code = status.getStatusCode();
      if (code == TStatusCode.SUCCESS_STATUS || code == TStatusCode.SUCCESS_WITH_INFO_STATUS) {
        return;
      }
      String message = status.getErrorMessage();
      if (message == null || message.isBlank()) {
        message = "the engine answered " + code + " without a message";
      }
      throw new ThriftStatusException(message, status.getSqlState());
    }

    /** A statement the engine ran and reported failed ({@code ERROR_STATE}). */
    static ThriftStatusException failed(String message, String sqlState) {
      return new ThriftStatusException(
          message == null || message.isBlank() ? "the statement failed without a message" : message,
          sqlState);
    }
  }
}
