package io.sluice.gateway.config;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * TLS for every listener, from PEM files. Both files or neither: without them the listeners speak
 * plain text, which Sluice allows only on loopback addresses unless {@code insecure: true}.
 *
 * @param certificate the server's certificate chain (PEM), leaf first
 * @param privateKey the server's private key (PEM, PKCS#8: {@code -----BEGIN PRIVATE KEY-----})
 */
public record TlsConfig(Path certificate, Path privateKey) {
  public TlsConfig {
    certificate = certificate == null ? null : certificate.toAbsolutePath().normalize();
    privateKey = privateKey == null ? null : privateKey.toAbsolutePath().normalize();
  }

  /** No TLS. */
  public static TlsConfig none() {
    return new TlsConfig(null, null);
  }

  public boolean enabled() {
    return certificate != null;
  }

  void validate() {
    if ((certificate == null) != (privateKey == null)) {
      throw new ConfigException(
          "tls needs both certificate and privateKey (PEM files); "
              + (certificate == null ? "certificate" : "privateKey")
              + " is missing");
    }
    if (certificate != null) {
      requireReadable("tls.certificate", certificate);
      requireReadable("tls.privateKey", privateKey);
    }
  }

  private static void requireReadable(String key, Path file) {
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new ConfigException(key + " is " + file + ": no readable file there");
    }
  }
}
