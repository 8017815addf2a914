package io.sluice.security.access.ranger.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * A Ranger Admin to poll for policies. {@code toString()} never shows the password.
 *
 * @param url Ranger Admin's base URL ({@code https://ranger:6182}); HTTPS is required unless the
 *     host is a loopback address, because the password travels with every poll
 * @param serviceName the Ranger service whose policies Sluice enforces (a Hive-type service)
 * @param user the user Sluice authenticates as (HTTP Basic); it must be allowed to download the
 *     service's policies ({@code policy.download.auth.users} in the service's configuration)
 * @param password where the user's password is read from, at each poll
 * @param pollInterval how often to ask for new policies
 * @param requestTimeout how long one request may take
 * @param cacheDirectory where the last good policies are kept, so that Sluice starts with them
 *     while Ranger Admin is down
 * @param pluginId how Sluice introduces itself in Ranger Admin's plugin status
 * @param clusterName the cluster name Ranger Admin records for this plugin
 * @param downloadRoles whether to download the service's roles as well
 */
public record RangerAdminConfig(
    URI url,
    String serviceName,
    String user,
    Password password,
    Duration pollInterval,
    Duration requestTimeout,
    Path cacheDirectory,
    String pluginId,
    String clusterName,
    boolean downloadRoles) {

  /** Ranger's own plugins poll every 30 seconds. */
  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(30);

  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final String DEFAULT_CLUSTER_NAME = "sluice";

  public RangerAdminConfig {
    requireNonNull(url, "url");
    requireNonNull(serviceName, "serviceName");
    requireNonNull(user, "user");
    requireNonNull(password, "password");
    requireNonNull(pollInterval, "pollInterval");
    requireNonNull(requestTimeout, "requestTimeout");
    requireNonNull(cacheDirectory, "cacheDirectory");
    requireNonNull(pluginId, "pluginId");
    requireNonNull(clusterName, "clusterName");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute()
        || url.getHost() == null
        || !(scheme.equals("https") || scheme.equals("http"))) {
      throw invalid("the URL must be an absolute http(s) URL, not " + url);
    }
    if (scheme.equals("http") && !isLoopback(url.getHost())) {
      throw invalid("the URL must use HTTPS, since the password is sent with every poll: " + url);
    }
    if (url.getQuery() != null || url.getFragment() != null) {
      throw invalid("the URL cannot have a query or fragment: " + url);
    }
    if (serviceName.isBlank() || serviceName.contains("/")) {
      throw invalid("the service name must be a Ranger service name, not '" + serviceName + "'");
    }
    if (user.isBlank()) {
      throw invalid("the user cannot be blank");
    }
    if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
      throw invalid("the poll interval must be at least one second, not " + pollInterval);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw invalid("the request timeout must be positive, not " + requestTimeout);
    }
    if (pluginId.isBlank()) {
      throw invalid("the plugin id cannot be blank");
    }
    cacheDirectory = cacheDirectory.toAbsolutePath().normalize();
  }

  /**
   * Polls every 30 seconds with a 10-second timeout, downloads roles, and introduces itself as
   * {@code sluice@<host>-<service>} (Ranger's own plugin id format).
   */
  public static RangerAdminConfig defaults(
      URI url, String serviceName, String user, Password password, Path cacheDirectory) {
    return new RangerAdminConfig(
        url,
        serviceName,
        user,
        password,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_REQUEST_TIMEOUT,
        cacheDirectory,
        "sluice@" + hostName() + "-" + serviceName,
        DEFAULT_CLUSTER_NAME,
        true);
  }

  public RangerAdminConfig withPollInterval(Duration interval) {
    return new RangerAdminConfig(
        url,
        serviceName,
        user,
        password,
        interval,
        requestTimeout,
        cacheDirectory,
        pluginId,
        clusterName,
        downloadRoles);
  }

  public RangerAdminConfig withRequestTimeout(Duration timeout) {
    return new RangerAdminConfig(
        url,
        serviceName,
        user,
        password,
        pollInterval,
        timeout,
        cacheDirectory,
        pluginId,
        clusterName,
        downloadRoles);
  }

  public RangerAdminConfig withClusterName(String name) {
    return new RangerAdminConfig(
        url,
        serviceName,
        user,
        password,
        pollInterval,
        requestTimeout,
        cacheDirectory,
        pluginId,
        name,
        downloadRoles);
  }

  public RangerAdminConfig withDownloadRoles(boolean download) {
    return new RangerAdminConfig(
        url,
        serviceName,
        user,
        password,
        pollInterval,
        requestTimeout,
        cacheDirectory,
        pluginId,
        clusterName,
        download);
  }

  /** The file that keeps the last good policies (and roles) of the service. */
  public Path cacheFile() {
    return cacheDirectory.resolve(serviceName + ".json");
  }

  @Override
  public String toString() {
    return "RangerAdminConfig[url="
        + url
        + ", serviceName="
        + serviceName
        + ", user="
        + user
        + ", password="
        + password
        + ", pollInterval="
        + pollInterval
        + ", requestTimeout="
        + requestTimeout
        + ", cacheDirectory="
        + cacheDirectory
        + ", pluginId="
        + pluginId
        + ", clusterName="
        + clusterName
        + ", downloadRoles="
        + downloadRoles
        + "]";
  }

  /** Where the password comes from; read at each poll so that a rotated password is picked up. */
  public sealed interface Password {
    /** The password, without a trailing line break. */
    String read() throws IOException;

    /** The first line of a file (a mounted secret). */
    static Password fromFile(Path file) {
      return new FromFile(file.toAbsolutePath().normalize());
    }

    /** An environment variable. */
    static Password fromEnvironment(String variable) {
      return new FromEnvironment(variable);
    }

    /** A password held in memory, for applications that embed Sluice with their own secrets. */
    static Password of(String password) {
      return new InMemory(password);
    }
  }

  private record FromFile(Path file) implements Password {
    @Override
    public String read() throws IOException {
      String content = Files.readString(file, StandardCharsets.UTF_8);
      int end = content.indexOf('\n');
      return (end < 0 ? content : content.substring(0, end)).stripTrailing();
    }

    @Override
    public String toString() {
      return "(from file " + file + ")";
    }
  }

  private record FromEnvironment(String variable) implements Password {
    FromEnvironment {
      if (variable == null || variable.isBlank()) {
        throw invalid("the password's environment variable needs a name");
      }
    }

    @Override
    public String read() throws IOException {
      String value = System.getenv(variable);
      if (value == null || value.isEmpty()) {
        throw new IOException("the environment variable " + variable + " is not set");
      }
      return value;
    }

    @Override
    public String toString() {
      return "(from environment variable " + variable + ")";
    }
  }

  private record InMemory(String password) implements Password {
    InMemory {
      requireNonNull(password, "password");
    }

    @Override
    public String read() {
      return password;
    }

    @Override
    public String toString() {
      return "(hidden)";
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** By name or address only: no name lookup while reading configuration. */
  private static boolean isLoopback(String host) {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return bare.equalsIgnoreCase("localhost") || bare.startsWith("127.") || bare.equals("::1");
  }

  private static IllegalArgumentException invalid(String problem) {
    return new IllegalArgumentException("Invalid Ranger Admin configuration: " + problem);
  }
}
