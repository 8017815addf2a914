package io.sluice.jdbc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Turns the PEM CA certificates named by {@code sslrootcert} into a PKCS#12 trust store.
 *
 * <p>Avatica reads a trust store only from a file ({@code truststore}, {@code
 * truststore_password}), so the store is written to a temporary file, readable by its owner only,
 * with a random password, and deleted when the JVM exits. Avatica also keeps one HTTP connection
 * pool per trust store file for the life of the JVM, so one file is written per distinct set of
 * certificates and reused by every connection that trusts the same certificates; a changed PEM file
 * gets a new store.
 */
final class PemTrustStore {
  /** The store type Avatica is told to read; PKCS#12 is also the JDK's default since Java 9. */
  static final String TYPE = "PKCS12";

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Trust store files by the SHA-256 of the PEM file they were built from; guarded by itself. */
  private static final Map<String, StoreFile> FILES = new HashMap<>();

  /**
   * A trust store written to a file.
   *
   * @param path the PKCS#12 file
   * @param password the file's password, random
   */
  record StoreFile(Path path, String password) {
    @Override
    public String toString() {
      return "StoreFile[path=" + path + "]";
    }
  }

  private PemTrustStore() {}

  /** Returns the trust store file for the CA certificates in a PEM file, writing it if needed. */
  static StoreFile file(String pemFile) throws SQLException {
    byte[] pem = read(pemFile);
    KeyStore store = trustStore(pemFile, pem);
    String key = sha256(pem);
    synchronized (FILES) {
      StoreFile existing = FILES.get(key);
      if (existing != null && Files.isRegularFile(existing.path())) {
        return existing;
      }
      StoreFile written = write(pemFile, store);
      FILES.put(key, written);
      return written;
    }
  }

  /** Reads the CA certificates in a PEM file into an in-memory trust store. */
  static KeyStore load(String pemFile) throws SQLException {
    return trustStore(pemFile, read(pemFile));
  }

  private static byte[] read(String pemFile) throws SQLException {
    try {
      return Files.readAllBytes(Path.of(pemFile));
    } catch (IOException | InvalidPathException unreadable) {
      throw cannotRead(pemFile, describe(unreadable), unreadable);
    }
  }

  private static KeyStore trustStore(String pemFile, byte[] pem) throws SQLException {
    List<Certificate> certificates;
    try {
      certificates =
          new ArrayList<>(
              CertificateFactory.getInstance("X.509")
                  .generateCertificates(new ByteArrayInputStream(pem)));
    } catch (CertificateException invalid) {
      throw cannotRead(
          pemFile, "not a PEM X.509 certificate (" + invalid.getMessage() + ")", invalid);
    }
    if (certificates.isEmpty()) {
      throw cannotRead(pemFile, "the file holds no certificate", null);
    }
    try {
      KeyStore store = KeyStore.getInstance(TYPE);
      store.load(null, null);
      for (int index = 0; index < certificates.size(); index++) {
        store.setCertificateEntry("sluice-ca-" + index, certificates.get(index));
      }
      return store;
    } catch (GeneralSecurityException | IOException failure) {
      throw cannotRead(pemFile, describe(failure), failure);
    }
  }

  private static StoreFile write(String pemFile, KeyStore store) throws SQLException {
    byte[] secret = new byte[24];
    RANDOM.nextBytes(secret);
    String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    Path path = null;
    try {
      // On POSIX systems createTempFile makes the file readable by its owner only.
      path = Files.createTempFile("sluice-truststore-", ".p12");
      path.toFile().deleteOnExit();
      try (OutputStream output = Files.newOutputStream(path)) {
        store.store(output, password.toCharArray());
      }
      return new StoreFile(path, password);
    } catch (IOException | GeneralSecurityException failure) {
      SQLException cannotWrite =
          new SQLException(
              "Cannot write a trust store for the CA certificate "
                  + pemFile
                  + " to the temporary directory: "
                  + describe(failure),
              failure);
      if (path != null) {
        try {
          Files.deleteIfExists(path);
        } catch (IOException notDeleted) {
          cannotWrite.addSuppressed(notDeleted);
        }
      }
      throw cannotWrite;
    }
  }

  private static SQLException cannotRead(String pemFile, String reason, Throwable cause) {
    return new SQLException("Cannot read the CA certificate " + pemFile + ": " + reason, cause);
  }

  private static String describe(Throwable failure) {
    String message = failure.getMessage();
    String type = failure.getClass().getSimpleName();
    // NoSuchFileException and friends carry only the path as their message.
    return message == null ? type : type + ": " + message;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException impossible) {
      throw new IllegalStateException("Every Java platform has SHA-256", impossible);
    }
  }
}
