package io.sluice.jdbc;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority for TLS tests: its certificate as PEM for {@code sslrootcert}, and server
 * certificates it issues, ready for a JDK {@code HttpsServer} or as PEM files for Sluice's
 * listeners. Shared with sql-gateway's tests through this module's test-jar.
 */
public final class TestingCertificateAuthority {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final X500Name name;
  private final KeyPair keys;
  private final X509Certificate certificate;

  private TestingCertificateAuthority(X500Name name, KeyPair keys, X509Certificate certificate) {
    this.name = name;
    this.keys = keys;
    this.certificate = certificate;
  }

  /** PEM files for a server: the CA, the chain (server then CA) and the PKCS#8 key. */
  public record ServerFiles(
      Path caCertificate, Path serverCertificateChain, Path serverPrivateKey) {}

  public static TestingCertificateAuthority create() throws GeneralSecurityException, IOException {
    X500Name name = new X500Name("CN=Sluice driver test CA " + RANDOM.nextInt(1_000_000));
    KeyPair keys = generateKeys();
    X509Certificate certificate =
        sign(
            builder(name, name, keys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign)),
            keys);
    return new TestingCertificateAuthority(name, keys, certificate);
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** Writes the CA's certificate as PEM. */
  public Path writeCertificate(Path file) throws IOException {
    return writePem(file, certificate);
  }

  /** Writes certificates as one PEM file. */
  public static Path writePem(Path file, Object... objects) throws IOException {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (Object each : objects) {
        writer.writeObject(
            each instanceof PrivateKey key ? new JcaPKCS8Generator(key, null).generate() : each);
      }
    }
    return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
  }

  /**
   * Issues a certificate for 127.0.0.1 and localhost and writes {@code ca.pem}, {@code server.pem}
   * and {@code server-key.pem} into a directory.
   */
  public ServerFiles writeServerFiles(Path directory) throws GeneralSecurityException, IOException {
    Files.createDirectories(directory);
    KeyPair serverKeys = generateKeys();
    X509Certificate server =
        issue(
            serverKeys,
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
            new GeneralName(GeneralName.dNSName, "localhost"));
    return new ServerFiles(
        writeCertificate(directory.resolve("ca.pem")),
        writePem(directory.resolve("server.pem"), server, certificate),
        writePem(directory.resolve("server-key.pem"), serverKeys.getPrivate()));
  }

  /**
   * Issues a server certificate for the given names and returns a TLS context that serves it.
   *
   * @param names DNS names and IP addresses, as subject alternative names
   */
  public SSLContext serverContext(GeneralName... names)
      throws GeneralSecurityException, IOException {
    KeyPair serverKeys = generateKeys();
    X509Certificate server = issue(serverKeys, names);
    char[] password = "unused".toCharArray();
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry(
        "server", serverKeys.getPrivate(), password, new X509Certificate[] {server, certificate});
    KeyManagerFactory keyManagers =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keyManagers.init(store, password);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers.getKeyManagers(), null, RANDOM);
    return context;
  }

  /** A server certificate for the given names (subject alternative names), signed by this CA. */
  private X509Certificate issue(KeyPair serverKeys, GeneralName... names)
      throws GeneralSecurityException, IOException {
    return sign(
        builder(name, new X500Name("CN=Sluice driver test server"), serverKeys.getPublic())
            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
            .addExtension(
                Extension.keyUsage,
                true,
                new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
            .addExtension(
                Extension.extendedKeyUsage,
                false,
                new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
            .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names)),
        keys);
  }

  private static KeyPair generateKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(256, RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey publicKey) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(1))),
        subject,
        publicKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair issuerKeys)
      throws GeneralSecurityException {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(
              builder.build(
                  new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    } catch (OperatorCreationException failure) {
      throw new GeneralSecurityException("Cannot sign a test certificate", failure);
    }
  }
}
