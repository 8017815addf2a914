package io.sluice.security.access.ranger.source;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake Ranger Admin with the two download endpoints plugins poll, answering as Ranger Admin does:
 * 401 without or with wrong HTTP Basic credentials, 404 for an unknown service, 304 when {@code
 * lastKnownVersion} (or {@code lastKnownRoleVersion}) is the version it has, 200 with the JSON
 * otherwise. Listens on a loopback port chosen by the system.
 */
final class TestingRangerAdmin implements AutoCloseable {
  private static final String POLICIES = "/service/plugins/secure/policies/download/";
  private static final String ROLES = "/service/roles/secure/download/";

  private final String user;
  private final String password;
  private final HttpServer server;
  private final Map<String, Versioned> policies = new ConcurrentHashMap<>();
  private final Map<String, Versioned> roles = new ConcurrentHashMap<>();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

  TestingRangerAdmin(String user, String password) {
    this.user = user;
    this.password = password;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        POLICIES, exchange -> serve(exchange, POLICIES, policies, "lastKnownVersion"));
    server.createContext(ROLES, exchange -> serve(exchange, ROLES, roles, "lastKnownRoleVersion"));
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The service's policies, ServicePolicies JSON with its {@code policyVersion}. */
  void setPolicies(String service, String json) {
    policies.put(service, new Versioned(version(json, "policyVersion"), json));
  }

  /** The service's roles, RangerRoles JSON with its {@code roleVersion}. */
  void setRoles(String service, String json) {
    roles.put(service, new Versioned(version(json, "roleVersion"), json));
  }

  /** What was asked and answered, oldest first. */
  List<Exchange> exchanges() {
    return new ArrayList<>(exchanges);
  }

  List<Exchange> policyExchanges() {
    return exchanges.stream().filter(exchange -> exchange.path().startsWith(POLICIES)).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void serve(
      HttpExchange exchange, String prefix, Map<String, Versioned> store, String versionParameter)
      throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
      int status;
      byte[] body = new byte[0];
      Versioned current = store.get(path.substring(prefix.length()));
      if (!exchange.getRequestMethod().equals("GET")) {
        status = 405;
      } else if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Ranger\"");
        status = 401;
      } else if (current == null) {
        status = 404;
      } else if (Long.toString(current.version()).equals(query.get(versionParameter))) {
        status = 304;
      } else {
        status = 200;
        body = current.json().getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
      }
      exchanges.add(new Exchange(path, query, status));
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    }
  }

  private boolean authorized(String header) {
    if (header == null || !header.startsWith("Basic ")) {
      return false;
    }
    String credentials = new String(Base64.getDecoder().decode(header.substring(6)), UTF_8);
    return credentials.equals(user + ":" + password);
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery != null) {
      for (String pair : rawQuery.split("&")) {
        int equals = pair.indexOf('=');
        query.put(
            URLDecoder.decode(pair.substring(0, equals), UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), UTF_8));
      }
    }
    return query;
  }

  private static long version(String json, String field) {
    try {
      return new ObjectMapper().readTree(json).get(field).asLong();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private record Versioned(long version, String json) {}

  /** One request: its path, query parameters and the status it got. */
  record Exchange(String path, Map<String, String> query, int status) {}
}
