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
 * <p>Properties, in the URL's query or in the {@link Properties} passed to connect: {@code schema}
 * (also the URL path) sets the initial schema, {@code catalog} the initial catalog.
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
    Properties properties = new Properties();
    properties.putAll(parsed.properties());
    if (info != null) {
      properties.putAll(info);
    }
    if (parsed.schema() != null) {
      properties.setProperty("schema", parsed.schema());
    }
    // Avatica keeps "schema" to itself; the gateway learns the initial schema and catalog
    // through properties it forwards.
    copy(properties, "schema", INITIAL_SCHEMA_PROPERTY);
    copy(properties, "catalog", INITIAL_CATALOG_PROPERTY);
    properties.setProperty("url", parsed.endpoint());
    properties.setProperty("serialization", "protobuf");
    return super.connect(SluiceUrl.PREFIX, properties);
  }

  private static void copy(Properties properties, String from, String to) {
    String value = properties.getProperty(from);
    if (value != null && !value.isBlank()) {
      properties.setProperty(to, value);
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
