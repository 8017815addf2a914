package io.sluice.security.authn.password;

import static io.sluice.security.authn.password.TestUserFile.CHEAP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import io.sluice.security.testing.TestingClock;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestPasswordFileAuthenticator {
  private static final String ADDRESS = "192.0.2.7";

  @TempDir Path directory;
  private Path file;
  private UserFile users;
  private TestingClock clock;
  private PasswordFileAuthenticator authenticator;

  @BeforeEach
  void setUp() {
    file = directory.resolve("users.yaml");
    users = new UserFile(file, new PasswordHasher(CHEAP));
    users.add("alice", "alice-password", Set.of("analysts", "engineers"), Map.of("region", "emea"));
    users.add("bob", "bob-password", Set.of(), Map.of());
    clock = TestingClock.startingNow();
    authenticator =
        new PasswordFileAuthenticator(
            new PasswordFileConfig(file, Duration.ofMinutes(5), CHEAP), clock);
  }

  @Test
  void rightPasswordGivesTheUsersIdentity() {
    Identity identity = login("alice", "alice-password");

    assertThat(identity.user()).isEqualTo("alice");
    assertThat(identity.groups()).containsExactly("analysts", "engineers");
    assertThat(identity.roles()).isEmpty();
    assertThat(identity.attributes()).containsExactly(Map.entry("region", "emea"));
    assertThat(identity.method()).isEqualTo(AuthenticationMethod.PASSWORD_FILE);
    assertThat(identity.fromSluiceToken()).isFalse();
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlikeForTheClient() {
    AuthenticationException wrongPassword = failure("alice", "bob-password");
    AuthenticationException unknownUser = failure("mallory", "alice-password");

    assertThat(wrongPassword.reason()).isEqualTo(Reason.WRONG_PASSWORD);
    assertThat(unknownUser.reason()).isEqualTo(Reason.UNKNOWN_USER);
    assertThat(wrongPassword.getMessage())
        .isEqualTo(unknownUser.getMessage())
        .isEqualTo("Authentication failed");
    assertThat(wrongPassword.errorCode()).isEqualTo(ErrorCode.AUTHENTICATION_FAILED);
    assertThat(ErrorCode.AUTHENTICATION_FAILED.sqlState()).isEqualTo("28000");
  }

  @Test
  void unknownUserCostsAHashLikeAKnownOne() {
    long before = authenticator.hasher().computations();
    failure("mallory", "some-password");
    assertThat(authenticator.hasher().computations()).isEqualTo(before + 1);
  }

  @Test
  void bearerTokensAreNotForThePasswordFile() {
    assertThatThrownBy(() -> authenticator.authenticate(Credentials.bearerToken("a.b.c", ADDRESS)))
        .isInstanceOfSatisfying(
            AuthenticationException.class,
            failure -> assertThat(failure.reason()).isEqualTo(Reason.UNSUPPORTED_CREDENTIALS));
  }

  @Test
  void repeatedLoginIsAnsweredFromTheCache() {
    login("alice", "alice-password");
    long afterFirst = authenticator.hasher().computations();

    login("alice", "alice-password");
    login("alice", "alice-password");

    assertThat(authenticator.hasher().computations()).isEqualTo(afterFirst);
  }

  @Test
  void wrongPasswordIsNeverAnsweredFromTheCache() {
    login("alice", "alice-password");
    long before = authenticator.hasher().computations();

    failure("alice", "alice-password2");
    failure("alice", "alice-password2");

    assertThat(authenticator.hasher().computations()).isEqualTo(before + 2);
  }

  @Test
  void cacheEntriesExpire() {
    login("alice", "alice-password");
    long afterFirst = authenticator.hasher().computations();

    clock.advance(Duration.ofMinutes(4));
    login("alice", "alice-password");
    assertThat(authenticator.hasher().computations()).isEqualTo(afterFirst);

    clock.advance(Duration.ofMinutes(2));
    login("alice", "alice-password");
    assertThat(authenticator.hasher().computations()).isEqualTo(afterFirst + 1);
  }

  @Test
  void changesToTheFileTakeEffectAtTheNextLoginAndClearTheCache() {
    login("alice", "alice-password");
    long afterFirst = authenticator.hasher().computations();

    users.add("carol", "carol-password", Set.of("auditors"), Map.of());
    assertThat(login("carol", "carol-password").groups()).containsExactly("auditors");
    // Another user's change still forgets alice's cached login.
    login("alice", "alice-password");
    assertThat(authenticator.hasher().computations()).isEqualTo(afterFirst + 2);

    users.changePassword("alice", "alice-new-password");
    assertThat(failure("alice", "alice-password").reason()).isEqualTo(Reason.WRONG_PASSWORD);
    assertThat(login("alice", "alice-new-password").user()).isEqualTo("alice");

    users.remove("bob");
    assertThat(failure("bob", "bob-password").reason()).isEqualTo(Reason.UNKNOWN_USER);
  }

  @Test
  void brokenFileFailsEveryLoginUntilFixed() throws IOException {
    String good = Files.readString(file);
    Files.writeString(file, good + "  mallory: {passwordHash: nope}\n");

    assertThat(failure("alice", "alice-password").reason())
        .isEqualTo(Reason.AUTHENTICATOR_UNAVAILABLE);

    Files.writeString(file, good + "\n");
    assertThat(login("alice", "alice-password").user()).isEqualTo("alice");
  }

  @Test
  void deletedFileFailsEveryLogin() throws IOException {
    Files.delete(file);
    assertThat(failure("alice", "alice-password").reason())
        .isEqualTo(Reason.AUTHENTICATOR_UNAVAILABLE);
  }

  @Test
  void startingWithoutAValidFileFailsWithItsName() throws IOException {
    Path missing = directory.resolve("missing.yaml");
    assertThatThrownBy(
            () -> new PasswordFileAuthenticator(PasswordFileConfig.defaults(missing), clock))
        .isInstanceOf(SluiceException.class)
        .hasMessage("Cannot read user file " + missing + ": it does not exist");

    Files.writeString(file, "users:\n  alice:\n    pasword: x\n");
    assertThatThrownBy(
            () -> new PasswordFileAuthenticator(PasswordFileConfig.defaults(file), clock))
        .hasMessageStartingWith("Cannot read user file " + file + ": unknown key 'pasword'");
  }

  @Test
  void refreshGivesCurrentGroupsAndFailsForRemovedUsers() {
    Identity identity = login("alice", "alice-password").asFromSluiceToken();
    users.remove("alice");
    users.add("alice", "alice-password", Set.of("auditors"), Map.of());

    Identity refreshed = authenticator.refresh(identity);
    assertThat(refreshed.groups()).containsExactly("auditors");
    assertThat(refreshed.attributes()).isEmpty();
    assertThat(refreshed.fromSluiceToken()).isTrue();

    users.remove("alice");
    assertThatThrownBy(() -> authenticator.refresh(identity))
        .isInstanceOf(AuthenticationException.class);
  }

  private Identity login(String user, String password) {
    return authenticator.authenticate(Credentials.password(user, password, ADDRESS));
  }

  private AuthenticationException failure(String user, String password) {
    try {
      authenticator.authenticate(Credentials.password(user, password, ADDRESS));
    } catch (AuthenticationException failure) {
      return failure;
    }
    throw new AssertionError("Login of " + user + " should have failed");
  }
}
