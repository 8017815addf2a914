package io.sluice.jdbc;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * Stands in for the gateway's HTTP port where no gateway runs: it answers a request without an
 * {@code Authorization} header with HTTP 401 and both challenges the gateway will send ({@code
 * Basic} and {@code Bearer}), and a request with one with HTTP 401 again, as a gateway does for
 * credentials it does not accept. It records every request's header and body; it is not an Avatica
 * server, so every connection attempt against it fails.
 */
final class TestingChallengingServer implements AutoCloseable {
  /** One request as received. */
  record Request(Optional<String> authorization, byte[] body) {}

  private final HttpServer server;
  private final List<Request> requests = new ArrayList<>();

  private TestingChallengingServer(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a plain HTTP server on a free port of 127.0.0.1. */
  static TestingChallengingServer http() throws IOException {
    return new TestingChallengingServer(HttpServer.create(loopback(), 0));
  }

  /** Starts an HTTPS server on a free port of 127.0.0.1, with the given certificate and key. */
  static TestingChallengingServer https(SSLContext context) throws IOException {
    HttpsServer server = HttpsServer.create(loopback(), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(context));
    return new TestingChallengingServer(server);
  }

  int port() {
    return server.getAddress().getPort();
  }

  synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** The Authorization header of each request, "none" where there was none. */
  List<String> authorizations() {
    return requests().stream().map(request -> request.authorization().orElse("none")).toList();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange;
        InputStream body = exchange.getRequestBody()) {
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      synchronized (this) {
        requests.add(new Request(Optional.ofNullable(authorization), body.readAllBytes()));
      }
      exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Sluice\"");
      exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"Sluice\"");
      exchange.sendResponseHeaders(401, -1);
    }
  }

  private static InetSocketAddress loopback() throws IOException {
    return new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
