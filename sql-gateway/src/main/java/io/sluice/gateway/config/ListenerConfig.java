package io.sluice.gateway.config;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where a listener binds.
 *
 * @param host the address to bind; loopback by default. Any other address needs TLS (or {@code
 *     insecure: true}).
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
    isLoopback();
  }

  /** Whether every address the host resolves to is a loopback address. */
  public boolean isLoopback() {
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
