package io.sluice.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.calcite.avatica.DriverVersion;

/**
 * The Sluice JDBC driver: {@code jdbc:sluice://host[:port][/schema][?key=value&...]}.
 *
 * <p>It speaks Avatica's protobuf protocol to the gateway's HTTP port (8765 by default), so the
 * gateway plans, authorizes and routes every statement; catalog metadata ({@code DatabaseMetaData})
 * comes from the gateway's catalog without starting an engine. It registers itself with {@link
 * DriverManager} through the service loader.
 *
 * <p>Properties, in the URL's query or in the {@link Properties} passed to connect (which win):
 *
 * <ul>
 *   <li>{@code schema} (also the URL path) sets the initial schema, {@code catalog} the initial
 *       catalog.
 *   <li>{@code user} and {@code password} authenticate with HTTP Basic authentication; {@code
 *       token} (a Sluice or OIDC token) with Bearer authentication. Set one or the other, not both;
 *       an empty password or a user alone sends no credentials. Avatica sends the credentials when
 *       the gateway challenges the first request with HTTP 401 and {@code WWW-Authenticate}, then
 *       with every request of the connection.
 *   <li>{@code ssl=true} connects with TLS (HTTPS). The gateway's certificate must be trusted by
 *       the JVM's default trust store, or by {@code sslrootcert}, a PEM file of CA certificates,
 *       and list the URL's host as a subject alternative name.
 * </ul>
 *
 * <p>Other properties pass to Avatica's remote driver. The driver's own properties are not sent to
 * the gateway with the connection's properties, and the password and token never appear in its
 * messages.
 */
public class SluiceDriver extends org.apache.calcite.avatica.remote.Driver {
  /** The connection property that tells the gateway which schema a connection starts in. */
  public static final String INITIAL_SCHEMA_PROPERTY = "sluice_schema";

  /** The connection property that tells the gateway which catalog a connection starts in. */
  public static final String INITIAL_CATALOG_PROPERTY = "sluice_catalog";

  static {
    try {
      DriverManager.registerDriver(new SluiceDriver());
    } catch (SQLException failure) {
      throw new ExceptionInInitializerError(failure);
    }
  }

  @Override
  protected String getConnectStringPrefix() {
    return SluiceUrl.PREFIX;
  }

  @Override
  public boolean acceptsURL(String url) {
    return SluiceUrl.accepts(url);
  }

  @Override
  protected DriverVersion createDriverVersion() {
    String version = version();
    int[] parts = majorMinor(version);
    return new DriverVersion(
        "Sluice JDBC Driver",
        version,
        "Sluice",
        version,
        true,
        parts[0],
        parts[1],
        parts[0],
        parts[1]);
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null;
    }
    SluiceUrl parsed = SluiceUrl.parse(url);
    Properties properties = AvaticaConnectionProperties.translate(parsed, info);
    try {
      return super.connect(SluiceUrl.PREFIX, properties);
    } catch (RuntimeException failure) {
      // Avatica reports HTTP and TLS failures as unchecked exceptions; JDBC callers expect an
      // SQLException. Neither Avatica's messages nor ours carry the password or token.
      throw ConnectionFailure.describe(
          properties.getProperty("url"), properties.getProperty("authentication") != null, failure);
    }
  }

  private static String version() {
    try (InputStream input =
        SluiceDriver.class.getResourceAsStream("/io/sluice/jdbc/driver.properties")) {
      Properties properties = new Properties();
      if (input != null) {
        properties.load(input);
      }
      return properties.getProperty("version", "0.0");
    } catch (IOException unreadable) {
      return "0.0";
    }
  }

  private static int[] majorMinor(String version) {
    String[] parts = version.split("[.-]");
    try {
      return new int[] {
        Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0
      };
    } catch (NumberFormatException notNumeric) {
      return new int[] {0, 0};
    }
  }
}
