package io.sluice.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a listener binds.
 *
 * @param host the address to bind; loopback by default. Authentication arrives in a later version,
 *     so until then Sluice refuses any other address.
 * @param port the port, 0 for any free port
 */
public record ListenerConfig(String host, Integer port) {
  public static final String LOOPBACK = "127.0.0.1";

  ListenerConfig withDefaults(int defaultPort) {
    return new ListenerConfig(host == null ? LOOPBACK : host, port == null ? defaultPort : port);
  }

  void validate(String key) {
    if (port < 0 || port > 65535) {
      throw new ConfigException(key + ".port must be between 0 and 65535, not " + port);
    }
    if (!isLoopback(host)) {
      throw new ConfigException(
          key
              + ".host is "
              + host
              + ": Sluice only listens on a loopback address until authentication and TLS are"
              + " configured; use 127.0.0.1");
    }
  }

  private static boolean isLoopback(String host) {
    try {
      for (InetAddress address : InetAddress.getAllByName(host)) {
        if (!address.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException unknown) {
      throw new ConfigException(
          "Cannot resolve listener host '" + host + "': " + unknown.getMessage());
    }
  }
}
