package io.sluice.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Translates the Sluice driver's connection properties into those of Avatica's remote driver.
 *
 * <p>The driver's own properties are consumed here and removed: Avatica sends every property it
 * does not know to the gateway in its OpenConnection request, and the password and token must
 * travel only in the HTTP {@code Authorization} header. Other properties pass through unchanged.
 */
final class AvaticaConnectionProperties {
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String TOKEN = "token";
  static final String SSL = "ssl";
  static final String SSL_ROOT_CERT = "sslrootcert";

  private static final List<String> DRIVER_PROPERTIES =
      List.of(USER, PASSWORD, TOKEN, SSL, SSL_ROOT_CERT);

  private AvaticaConnectionProperties() {}

  /**
   * Returns the properties for Avatica's remote driver.
   *
   * @param url the parsed URL; its query parameters are properties too
   * @param info the properties passed to connect, which override the URL's; may be null
   */
  static Properties translate(SluiceUrl url, Properties info) throws SQLException {
    Properties given = new Properties();
    given.putAll(url.properties());
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        given.setProperty(key, info.getProperty(key));
      }
    }
    if (url.schema() != null) {
      given.setProperty("schema", url.schema());
    }

    Properties avatica = new Properties();
    avatica.putAll(given);
    DRIVER_PROPERTIES.forEach(avatica::remove);
    // Avatica keeps "schema" to itself; the gateway learns the initial schema and catalog
    // through properties it forwards.
    copy(given, "schema", avatica, SluiceDriver.INITIAL_SCHEMA_PROPERTY);
    copy(given, "catalog", avatica, SluiceDriver.INITIAL_CATALOG_PROPERTY);
    boolean tls = flag(given, SSL, false, url);
    avatica.setProperty("url", url.endpoint(tls));
    avatica.setProperty("serialization", "protobuf");
    authentication(given, url, avatica);
    transportSecurity(given, tls, url, avatica);
    return avatica;
  }

  /**
   * HTTP Basic for user and password, Bearer for a token. A user alone sends no credentials, so
   * tools that always fill in a user name still reach a gateway without authentication.
   */
  private static void authentication(Properties given, SluiceUrl url, Properties avatica)
      throws SQLException {
    String user = blankToNull(given.getProperty(USER));
    String password = emptyToNull(given.getProperty(PASSWORD));
    String token = blankToNull(given.getProperty(TOKEN));
    if (password != null && token != null) {
      throw cannotConnect(
          url,
          "both password and token are set; set user and password (HTTP Basic authentication)"
              + " or token (Bearer authentication), not both");
    }
    if (password != null) {
      if (user == null) {
        throw cannotConnect(url, "password is set but user is not; set user too");
      }
      if (user.contains(":")) {
        throw cannotConnect(
            url, "user '" + user + "' contains ':', which HTTP Basic authentication cannot carry");
      }
      avatica.setProperty("authentication", "BASIC");
      avatica.setProperty("avatica_user", user);
      avatica.setProperty("avatica_password", password);
    } else if (token != null) {
      // Avatica's default token provider hands out the configured token for any user name.
      avatica.setProperty("authentication", "BEARER");
      avatica.setProperty("bearer_token", token);
      if (user != null) {
        avatica.setProperty("avatica_user", user);
      }
    }
  }

  private static void transportSecurity(
      Properties given, boolean tls, SluiceUrl url, Properties avatica) throws SQLException {
    String rootCertificate = blankToNull(given.getProperty(SSL_ROOT_CERT));
    if (!tls) {
      if (rootCertificate != null) {
        // Refuse rather than ignore: the user meant to protect the connection.
        throw cannotConnect(
            url, "sslrootcert is set but ssl is not; add ssl=true to connect with TLS");
      }
      return;
    }
    // Host names are always verified. Avatica's hostname_verification=NONE does not turn the check
    // off with the HTTP client it runs on here (the JDK's own endpoint identification stays on),
    // so the driver offers no such switch.
    if (rootCertificate == null) {
      return; // the JVM's default trust store
    }
    if (given.getProperty("truststore") != null) {
      throw cannotConnect(
          url, "both sslrootcert and Avatica's truststore are set; set one of them");
    }
    PemTrustStore.StoreFile store = PemTrustStore.file(rootCertificate);
    avatica.setProperty("truststore", store.path().toString());
    avatica.setProperty("truststore_password", store.password());
    if (given.getProperty("keystore_type") == null) {
      avatica.setProperty("keystore_type", PemTrustStore.TYPE);
    }
  }

  private static boolean flag(Properties given, String property, boolean absent, SluiceUrl url)
      throws SQLException {
    String value = blankToNull(given.getProperty(property));
    if (value == null) {
      return absent;
    }
    return switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw cannotConnect(url, property + " must be true or false, not '" + value + "'");
    };
  }

  private static void copy(Properties from, String key, Properties to, String toKey) {
    String value = from.getProperty(key);
    if (value != null && !value.isBlank()) {
      to.setProperty(toKey, value);
    }
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }

  private static SQLException cannotConnect(SluiceUrl url, String reason) {
    return new SQLException("Cannot connect to " + url.address() + ": " + reason);
  }
}
