package io.sluice.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPemTrustStore {
  @TempDir Path directory;

  @Test
  void trustsEveryCertificateOfAPemBundle() throws Exception {
    TestingCertificateAuthority first = TestingCertificateAuthority.create();
    TestingCertificateAuthority second = TestingCertificateAuthority.create();
    Path bundle =
        TestingCertificateAuthority.writePem(
            directory.resolve("bundle.pem"), first.certificate(), second.certificate());

    KeyStore store = PemTrustStore.load(bundle.toString());

    List<Certificate> trusted = new ArrayList<>();
    for (String alias : Collections.list(store.aliases())) {
      assertThat(store.isCertificateEntry(alias)).isTrue();
      trusted.add(store.getCertificate(alias));
    }
    assertThat(trusted).containsExactlyInAnyOrder(first.certificate(), second.certificate());
  }

  @Test
  void theSameCertificatesShareOneStoreFileAndChangedOnesGetANewOne() throws Exception {
    Path pem = TestingCertificateAuthority.create().writeCertificate(directory.resolve("ca.pem"));
    Path copy = Files.copy(pem, directory.resolve("copy.pem"));

    PemTrustStore.StoreFile store = PemTrustStore.file(pem.toString());

    // Avatica keeps a connection pool per store file: reconnecting must not make new ones.
    assertThat(PemTrustStore.file(pem.toString())).isEqualTo(store);
    assertThat(PemTrustStore.file(copy.toString())).isEqualTo(store);
    TestingCertificateAuthority.create().writeCertificate(pem);
    assertThat(PemTrustStore.file(pem.toString()).path()).isNotEqualTo(store.path());
  }

  @Test
  void theStoreFileIsPrivateAndItsPasswordIsNotShown() throws Exception {
    Path pem = TestingCertificateAuthority.create().writeCertificate(directory.resolve("ca.pem"));

    PemTrustStore.StoreFile store = PemTrustStore.file(pem.toString());

    assertThat(store.toString()).doesNotContain(store.password());
    assertThat(store.password()).hasSizeGreaterThanOrEqualTo(32);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(Files.getPosixFilePermissions(store.path()))
          .containsExactlyInAnyOrder(
              PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = directory.resolve("missing.pem");

    assertThatThrownBy(() -> PemTrustStore.file(missing.toString()))
        .isInstanceOf(SQLException.class)
        .hasMessage(
            "Cannot read the CA certificate " + missing + ": NoSuchFileException: " + missing);
  }

  @Test
  void aFileWithoutCertificatesIsRefused() throws Exception {
    Path empty = Files.writeString(directory.resolve("empty.pem"), "");
    Path key =
        Files.writeString(
            directory.resolve("key.pem"),
            "-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIB4=\n-----END PRIVATE KEY-----\n");

    assertThatThrownBy(() -> PemTrustStore.load(empty.toString()))
        .hasMessage("Cannot read the CA certificate " + empty + ": the file holds no certificate");
    assertThatThrownBy(() -> PemTrustStore.load(key.toString()))
        .hasMessageStartingWith(
            "Cannot read the CA certificate " + key + ": not a PEM X.509 certificate");
  }

  @Test
  void aDirectoryIsNotACertificate() {
    assertThatThrownBy(() -> PemTrustStore.load(directory.toString()))
        .hasMessageStartingWith("Cannot read the CA certificate " + directory + ": ");
  }
}
