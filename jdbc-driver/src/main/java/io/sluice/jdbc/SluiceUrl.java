package io.sluice.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

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

  /** Query parameters whose values are secrets: never shown in messages. */
  private static final Pattern SECRET_PARAMETER =
      Pattern.compile("(?i)([?&](?:password|token)=)[^&]*");

  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  public static SluiceUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw new SQLException(
          "Not a Sluice URL: " + redact(url) + "; expected jdbc:sluice://host:port");
    }
    String rest = url.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      throw new SQLException(
          "Cannot parse "
              + redact(url)
              + ": expected jdbc:sluice://host[:port][/schema][?key=value&...]");
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
            "Cannot parse "
                + redact(url)
                + ": port '"
                + rest.substring(colon + 1)
                + "' is not a number");
      }
    }
    if (host.isEmpty()) {
      throw new SQLException("Cannot parse " + redact(url) + ": the host is missing");
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

  /** Returns the URL with the values of its password and token parameters masked, for messages. */
  static String redact(String url) {
    return url == null ? null : SECRET_PARAMETER.matcher(url).replaceAll("$1***");
  }

  /** The gateway's {@code host:port}, for messages. */
  public String address() {
    String literalHost = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return literalHost + ":" + port;
  }

  /**
   * The Avatica endpoint of the gateway.
   *
   * @param tls whether the gateway's HTTP port serves TLS
   */
  public String endpoint(boolean tls) {
    return (tls ? "https://" : "http://") + address() + "/";
  }

  /** Shows the properties without the values of secrets, so the URL can be logged. */
  @Override
  public String toString() {
    TreeMap<String, String> shown = new TreeMap<>();
    for (String key : properties.stringPropertyNames()) {
      boolean secret = key.equalsIgnoreCase("password") || key.equalsIgnoreCase("token");
      shown.put(key, secret ? "***" : properties.getProperty(key));
    }
    return "SluiceUrl[address=" + address() + ", schema=" + schema + ", properties=" + shown + "]";
  }
}
