package io.sluice.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * A parsed {@code jdbc:sluice://host[:port][/schema][?key=value&...]} URL.
 *
 * @param host the gateway's host
 * @param port the gateway's HTTP port, 8765 by default
 * @param schema the schema the connection starts in, or null for the server's default
 * @param properties the query parameters, as connection properties
 */
public record SluiceUrl(String host, int port, String schema, Properties properties) {
  public static final String PREFIX = "jdbc:sluice:";
  public static final int DEFAULT_PORT = 8765;

  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  public static SluiceUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException("Not a Sluice URL: " + url + "; expected jdbc:sluice://host:port");
    }
    String rest = url.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      throw new SQLException(
          "Cannot parse " + url + ": expected jdbc:sluice://host[:port][/schema][?key=value&...]");
    }
    rest = rest.substring(2);
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String schema = null;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      schema = decode(rest.substring(slash + 1));
      rest = rest.substring(0, slash);
      if (schema.isEmpty()) {
        schema = null;
      }
    }
    String host = rest;
    int port = DEFAULT_PORT;
    int colon = rest.lastIndexOf(':');
    if (colon >= 0 && !rest.endsWith("]")) {
      host = rest.substring(0, colon);
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException notNumber) {
        throw new SQLException(
            "Cannot parse " + url + ": port '" + rest.substring(colon + 1) + "' is not a number");
      }
    }
    if (host.isEmpty()) {
      throw new SQLException("Cannot parse " + url + ": the host is missing");
    }
    Properties properties = new Properties();
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (pair.isEmpty()) {
          continue;
        }
        int equals = pair.indexOf('=');
        String key = decode(equals < 0 ? pair : pair.substring(0, equals));
        String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
        properties.setProperty(key.toLowerCase(Locale.ROOT), value);
      }
    }
    return new SluiceUrl(host, port, schema, properties);
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }

  /** The Avatica endpoint of the gateway. */
  public String endpoint() {
    String literalHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return "http://" + literalHost + ":" + port + "/";
  }
}
