package io.sluice.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Certificates for end-to-end TLS tests: a self-signed CA and a server certificate it signed for
 * {@code 127.0.0.1} and {@code localhost}, written as PEM files that Netty, gRPC (Flight) and the
 * {@code jdbc:sluice} driver's {@code sslrootcert} read.
 *
 * <p>Keys are RSA 2048, which every TLS stack accepts; certificates are valid from an hour ago for
 * a week. Each call makes a new CA, so tests cannot trust each other's servers by accident.
 */
public final class TestingCertificates {
  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * The files {@link #generate} wrote.
   *
   * @param caCertificate {@code ca.pem}: the CA's certificate, for clients to trust
   * @param serverCertificateChain {@code server.pem}: the server's certificate, then the CA's
   * @param serverPrivateKey {@code server-key.pem}: the server's private key, unencrypted PKCS#8
   *     ({@code BEGIN PRIVATE KEY})
   */
  public record CertificateFiles(
      Path caCertificate, Path serverCertificateChain, Path serverPrivateKey) {}

  private TestingCertificates() {}

  /** Writes {@code ca.pem}, {@code server.pem} and {@code server-key.pem} into a directory. */
  public static CertificateFiles generate(Path directory) {
    try {
      Files.createDirectories(directory);
      KeyPair caKeys = generateKeys();
      X500Name caName = new X500Name("CN=Sluice testing CA " + new BigInteger(32, RANDOM));
      JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
      X509Certificate ca =
          sign(
              builder(caName, caName, caKeys.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                  .addExtension(
                      Extension.subjectKeyIdentifier,
                      false,
                      extensions.createSubjectKeyIdentifier(caKeys.getPublic())),
              caKeys.getPrivate());

      KeyPair serverKeys = generateKeys();
      X509Certificate server =
          sign(
              builder(caName, new X500Name("CN=localhost"), serverKeys.getPublic())
                  .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                  .addExtension(
                      Extension.keyUsage,
                      true,
                      new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment))
                  .addExtension(
                      Extension.extendedKeyUsage,
                      false,
                      new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                  .addExtension(
                      Extension.subjectAlternativeName,
                      false,
                      new GeneralNames(
                          new GeneralName[] {
                            new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                            new GeneralName(GeneralName.dNSName, "localhost")
                          }))
                  .addExtension(
                      Extension.subjectKeyIdentifier,
                      false,
                      extensions.createSubjectKeyIdentifier(serverKeys.getPublic()))
                  .addExtension(
                      Extension.authorityKeyIdentifier,
                      false,
                      extensions.createAuthorityKeyIdentifier(ca)),
              caKeys.getPrivate());

      return new CertificateFiles(
          writePem(directory.resolve("ca.pem"), ca),
          writePem(directory.resolve("server.pem"), server, ca),
          writePem(
              directory.resolve("server-key.pem"),
              new JcaPKCS8Generator(serverKeys.getPrivate(), null)));
    } catch (GeneralSecurityException | OperatorCreationException failure) {
      throw new IllegalStateException("Cannot generate test certificates", failure);
    } catch (IOException failure) {
      throw new UncheckedIOException("Cannot write test certificates to " + directory, failure);
    }
  }

  private static KeyPair generateKeys() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048, RANDOM);
    return generator.generateKeyPair();
  }

  private static X509v3CertificateBuilder builder(
      X500Name issuer, X500Name subject, PublicKey publicKey) {
    Instant now = Instant.now();
    return new JcaX509v3CertificateBuilder(
        issuer,
        new BigInteger(64, RANDOM).add(BigInteger.ONE),
        Date.from(now.minus(Duration.ofHours(1))),
        Date.from(now.plus(Duration.ofDays(7))),
        subject,
        publicKey);
  }

  private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
      throws GeneralSecurityException, OperatorCreationException {
    return new JcaX509CertificateConverter()
        .getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuerKey)));
  }

  private static Path writePem(Path file, Object... objects) throws IOException {
    try (Writer output = Files.newBufferedWriter(file, StandardCharsets.US_ASCII);
        JcaPEMWriter writer = new JcaPEMWriter(output)) {
      for (Object object : objects) {
        writer.writeObject(object);
      }
    }
    return file;
  }
}
