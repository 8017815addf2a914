package io.sluice.security.authn.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestPasswordHasher {
  private static final PasswordHasherConfig CHEAP = new PasswordHasherConfig(1024, 1, 1, 4);

  @Test
  void defaultHashIsArgon2idPhcStringWithOwaspParameters() {
    PasswordHasher hasher = new PasswordHasher(PasswordHasherConfig.defaults());

    String hash = hasher.hash("correct horse battery staple");

    assertThat(hash)
        .matches("\\$argon2id\\$v=19\\$m=19456,t=2,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}")
        .doesNotContain("correct horse");
    assertThat(hasher.verify("correct horse battery staple", hash)).isTrue();
    assertThat(hasher.verify("correct horse battery stapl", hash)).isFalse();
  }

  @Test
  void samePasswordGetsDifferentSalts() {
    PasswordHasher hasher = new PasswordHasher(CHEAP);

    String first = hasher.hash("s3cret-password");
    String second = hasher.hash("s3cret-password");

    assertThat(first).isNotEqualTo(second);
    assertThat(hasher.verify("s3cret-password", first)).isTrue();
    assertThat(hasher.verify("s3cret-password", second)).isTrue();
  }

  @Test
  void verificationUsesTheParametersStoredInTheHash() {
    String cheapHash = new PasswordHasher(CHEAP).hash("s3cret-password");
    PasswordHasher withOtherDefaults = new PasswordHasher(new PasswordHasherConfig(2048, 2, 1, 4));

    assertThat(cheapHash).contains("$m=1024,t=1,p=1$");
    assertThat(withOtherDefaults.verify("s3cret-password", cheapHash)).isTrue();
    assertThat(withOtherDefaults.verify("S3cret-password", cheapHash)).isFalse();
  }

  @Test
  void verifiesTheReferenceImplementationsTestVector() {
    // From the test suite of the reference implementation (phc-winner-argon2): "password",
    // salt "somesalt", 64 MiB, 2 iterations, 1 lane.
    String reference =
        "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
    PasswordHasher hasher = new PasswordHasher(CHEAP);

    assertThat(hasher.verify("password", reference)).isTrue();
    assertThat(hasher.verify("Password", reference)).isFalse();
  }

  @Test
  void malformedHashesAreRejectedWithoutRepeatingThem() {
    PasswordHasher hasher = new PasswordHasher(CHEAP);

    assertThatThrownBy(() -> hasher.verify("x", "plaintext-password"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Argon2id hash")
        .hasMessageNotContaining("plaintext-password");
    assertThatThrownBy(
            () ->
                hasher.verify(
                    "x",
                    "$argon2i$v=19$m=1024,t=1,p=1$c29tZXNhbHRzb21l$c29tZXNhbHRzb21lc2FsdHNvbWVzYWx0"))
        .hasMessageContaining("not an Argon2id hash");
    assertThatThrownBy(
            () ->
                hasher.verify(
                    "x",
                    "$argon2id$v=19$m=99999999,t=1,p=1$c29tZXNhbHRzb21l$c29tZXNhbHRzb21lc2FsdHNvbWVzYWx0"))
        .hasMessageContaining("Argon2 memory must be");
  }

  @Test
  void countsComputations() {
    PasswordHasher hasher = new PasswordHasher(CHEAP);
    String hash = hasher.hash("s3cret-password");
    hasher.verify("s3cret-password", hash);
    hasher.verify("wrong-password", hash);

    assertThat(hasher.computations()).isEqualTo(3);
  }
}
