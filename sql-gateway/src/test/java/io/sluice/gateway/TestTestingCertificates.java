package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestTestingCertificates {
  @TempDir Path directory;

  @Test
  void theServerCertificateChainsToTheCaAndNamesTheLoopbackHost() throws Exception {
    TestingCertificates.CertificateFiles files = TestingCertificates.generate(directory);

    assertThat(files.caCertificate()).hasFileName("ca.pem");
    assertThat(files.serverCertificateChain()).hasFileName("server.pem");
    assertThat(files.serverPrivateKey()).hasFileName("server-key.pem");
    X509Certificate ca = certificates(files.caCertificate()).get(0);
    List<X509Certificate> chain = certificates(files.serverCertificateChain());
    assertThat(chain).hasSize(2);
    X509Certificate server = chain.get(0);
    assertThat(chain.get(1)).isEqualTo(ca);
    assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
    ca.verify(ca.getPublicKey());
    server.verify(ca.getPublicKey());

    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(ca, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(
            CertificateFactory.getInstance("X.509").generateCertPath(List.of(server)), parameters);

    assertThat(server.getSubjectAlternativeNames())
        .containsExactlyInAnyOrder(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1"); // serverAuth
  }

  @Test
  void thePrivateKeyIsUnencryptedPkcs8AndMatchesTheCertificate() throws Exception {
    TestingCertificates.CertificateFiles files = TestingCertificates.generate(directory);

    PrivateKey key = privateKey(files.serverPrivateKey());
    X509Certificate server = certificates(files.serverCertificateChain()).get(0);
    byte[] data = "sluice".getBytes(StandardCharsets.UTF_8);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key);
    signer.update(data);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(server.getPublicKey());
    verifier.update(data);
    assertThat(verifier.verify(signature)).isTrue();
  }

  @Test
  void anHttpsServerWithTheFilesIsTrustedAtBothLoopbackNames() throws Exception {
    TestingCertificates.CertificateFiles files = TestingCertificates.generate(directory);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext(files)));
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      SSLContext client = clientContext(files.caCertificate());
      for (String host : List.of("127.0.0.1", "localhost")) {
        HttpsURLConnection connection =
            (HttpsURLConnection)
                URI.create("https://" + host + ":" + server.getAddress().getPort() + "/")
                    .toURL()
                    .openConnection();
        connection.setSSLSocketFactory(client.getSocketFactory());
        assertThat(connection.getResponseCode()).as(host).isEqualTo(204);
        connection.disconnect();
      }
    } finally {
      server.stop(0);
    }
  }

  private static List<X509Certificate> certificates(Path pem) throws Exception {
    try (InputStream input = Files.newInputStream(pem)) {
      return CertificateFactory.getInstance("X.509").generateCertificates(input).stream()
          .map(X509Certificate.class::cast)
          .toList();
    }
  }

  private static PrivateKey privateKey(Path pem) throws Exception {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    assertThat(text).startsWith("-----BEGIN PRIVATE KEY-----");
    String base64 =
        text.replace("-----BEGIN PRIVATE KEY-----", "")
            .replace("-----END PRIVATE KEY-----", "")
            .replaceAll("\\s", "");
    return KeyFactory.getInstance("RSA")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
  }

  private static SSLContext serverContext(TestingCertificates.CertificateFiles files)
      throws Exception {
    char[] password = "unused".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server",
        privateKey(files.serverPrivateKey()),
        password,
        certificates(files.serverCertificateChain()).toArray(X509Certificate[]::new));
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientContext(Path caPem) throws Exception {
    KeyStore trusted = KeyStore.getInstance("PKCS12");
    trusted.load(null, null);
    trusted.setCertificateEntry("ca", certificates(caPem).get(0));
    TrustManagerFactory trustManagers =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trustManagers.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trustManagers.getTrustManagers(), null);
    return context;
  }
}
