package io.sluice.security.authn.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestUserFile {
  static final PasswordHasherConfig CHEAP = new PasswordHasherConfig(1024, 1, 1, 4);

  @TempDir Path directory;

  private UserFile userFile() {
    return new UserFile(directory.resolve("users.yaml"), new PasswordHasher(CHEAP));
  }

  @Test
  void addListChangePasswordAndRemove() {
    UserFile users = userFile();

    users.add("alice", "alice-password", Set.of("analysts", "engineers"), Map.of("region", "emea"));
    users.add("bob", "bob-password", Set.of(), Map.of());

    assertThat(users.list())
        .containsExactly(
            new UserEntry(
                "alice",
                new TreeSet<>(Set.of("analysts", "engineers")),
                new TreeMap<>(Map.of("region", "emea"))),
            new UserEntry("bob", new TreeSet<>(), new TreeMap<>()));

    String aliceHashBefore = storedHash("alice");
    users.changePassword("alice", "new-alice-password");
    assertThat(storedHash("alice")).isNotEqualTo(aliceHashBefore);
    assertThat(new PasswordHasher(CHEAP).verify("new-alice-password", storedHash("alice")))
        .isTrue();
    assertThat(users.list().get(0).groups()).containsExactly("analysts", "engineers");

    users.remove("bob");
    assertThat(users.list()).extracting(UserEntry::name).containsExactly("alice");
  }

  @Test
  void fileHoldsOnlyHashesAndIsReadableByTheOwnerOnly() throws IOException {
    UserFile users = userFile();
    users.add("alice", "alice-password", Set.of("analysts"), Map.of("region", "emea"));

    String text = Files.readString(users.path());
    assertThat(text)
        .doesNotContain("alice-password")
        .contains("passwordHash: \"$argon2id$v=19$m=1024,t=1,p=1$")
        .startsWith("# Sluice users.");
    if (Files.getFileStore(users.path()).supportsFileAttributeView("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users.path())))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(users.lockFile())))
          .isEqualTo("rw-------");
    }
    try (Stream<Path> files = Files.list(directory)) {
      // No temporary file left behind; the lock file stays for the next change.
      assertThat(files).containsExactlyInAnyOrder(users.path(), users.lockFile());
    }
  }

  @Test
  void errorsNameTheUserAndWhatIsWrong() {
    UserFile users = userFile();
    users.add("alice", "alice-password", Set.of(), Map.of());

    assertThatThrownBy(() -> users.add("alice", "other-password", Set.of(), Map.of()))
        .isInstanceOf(SluiceException.class)
        .hasMessage("Cannot add user alice: it already exists in " + users.path());
    assertThatThrownBy(() -> users.remove("carol"))
        .hasMessage("Cannot remove user carol: no such user in " + users.path());
    assertThatThrownBy(() -> users.changePassword("carol", "carol-password"))
        .hasMessage("Cannot change the password of user carol: no such user in " + users.path());
    assertThatThrownBy(() -> users.add("bob", "short", Set.of(), Map.of()))
        .hasMessage("Cannot add user bob: a password must have 8 to 1024 characters");
    assertThatThrownBy(() -> users.add("bob smith", "bob-password", Set.of(), Map.of()))
        .hasMessageStartingWith(
            "Cannot add user bob smith: the user name 'bob smith' is not valid");
    assertThatThrownBy(() -> users.add("bob", "bob-password", Set.of("-admins"), Map.of()))
        .hasMessageStartingWith("Cannot add user bob: the group name '-admins' is not valid");
    assertThatThrownBy(() -> users.add("bob", "bob-password", Set.of(), Map.of("1x", "y")))
        .hasMessageStartingWith("Cannot add user bob: the attribute name '1x' is not valid");
    assertThatThrownBy(() -> users.add("bob", "bob-password", Set.of(), Map.of("x", "a\nb")))
        .hasMessageContaining("no control characters");
    assertThat(users.list()).extracting(UserEntry::name).containsExactly("alice");
  }

  @Test
  void firstStartCreatesAnAdministratorWithARandomPasswordAndStoresOnlyItsHash()
      throws IOException {
    UserFile users = userFile();

    InitialAdmin admin = users.createWithInitialAdmin("admin").orElseThrow();

    assertThat(admin.user()).isEqualTo("admin");
    assertThat(admin.password()).hasSize(24).matches("[A-Za-z0-9]+");
    assertThat(admin.toString()).doesNotContain(admin.password());
    String text = Files.readString(users.path());
    assertThat(text).doesNotContain(admin.password()).contains("$argon2id$");
    assertThat(users.list())
        .containsExactly(new UserEntry("admin", new TreeSet<>(Set.of("admin")), new TreeMap<>()));
    assertThat(new PasswordHasher(CHEAP).verify(admin.password(), storedHash("admin"))).isTrue();

    // A second start finds the file and leaves it alone.
    assertThat(users.createWithInitialAdmin("admin")).isEmpty();
    assertThat(Files.readString(users.path())).isEqualTo(text);
    assertThat(userFile().createWithInitialAdmin("admin")).isEmpty();
  }

  @Test
  void twoInitialAdministratorsGetDifferentPasswords() {
    String first =
        new UserFile(directory.resolve("a.yaml"), new PasswordHasher(CHEAP))
            .createWithInitialAdmin("admin")
            .orElseThrow()
            .password();
    String second =
        new UserFile(directory.resolve("b.yaml"), new PasswordHasher(CHEAP))
            .createWithInitialAdmin("admin")
            .orElseThrow()
            .password();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void unknownKeyIsReportedWithFileLineAndKnownKeys() throws IOException {
    Path file = directory.resolve("users.yaml");
    String hash = new PasswordHasher(CHEAP).hash("alice-password");
    Files.writeString(
        file, "users:\n  alice:\n    passwordHash: \"" + hash + "\"\n    grups: [analysts]\n");

    assertThatThrownBy(() -> UserFileFormat.read(file))
        .isInstanceOf(SluiceException.class)
        .satisfies(
            failure ->
                assertThat(((SluiceException) failure).errorCode())
                    .isEqualTo(ErrorCode.INVALID_CONFIGURATION))
        .hasMessage(
            "Cannot read user file "
                + file
                + ": unknown key 'grups' at 'users.alice.grups' (line 4, column 5)"
                + " (known keys: attributes, groups, passwordHash)");
  }

  @Test
  void badYamlDuplicateUsersAndPlainPasswordsAreReportedWithTheFileName() throws IOException {
    Path file = directory.resolve("users.yaml");

    Files.writeString(file, "users:\n  alice: [unclosed\n");
    assertThatThrownBy(() -> UserFileFormat.read(file))
        .hasMessageStartingWith("Cannot read user file " + file + ": ")
        .hasMessageContaining("line");

    String hash = new PasswordHasher(CHEAP).hash("alice-password");
    Files.writeString(
        file,
        "users:\n  alice:\n    passwordHash: \""
            + hash
            + "\"\n  alice:\n    passwordHash: \""
            + hash
            + "\"\n");
    assertThatThrownBy(() -> UserFileFormat.read(file))
        .hasMessageStartingWith("Cannot read user file " + file + ": ")
        .hasMessageContaining("Duplicate field 'alice'");

    Files.writeString(file, "users:\n  alice:\n    passwordHash: alice-password\n");
    assertThatThrownBy(() -> UserFileFormat.read(file))
        .hasMessageStartingWith(
            "Cannot read user file "
                + file
                + ": user 'alice': its passwordHash is invalid: it is not"
                + " an Argon2id hash")
        .hasMessageNotContaining("alice-password");

    Files.writeString(file, "users:\n  alice:\n    groups: [analysts]\n");
    assertThatThrownBy(() -> UserFileFormat.read(file))
        .hasMessage("Cannot read user file " + file + ": user 'alice': it has no passwordHash");

    Files.writeString(file, "usrs: {}\n");
    assertThatThrownBy(() -> UserFileFormat.read(file))
        .hasMessageContaining("unknown key 'usrs'")
        .hasMessageContaining("(known keys: users)");
  }

  @Test
  void missingFileIsReportedByName() {
    Path file = directory.resolve("absent.yaml");
    assertThatThrownBy(() -> new UserFile(file, new PasswordHasher(CHEAP)).list())
        .hasMessage("Cannot read user file " + file + ": it does not exist");
  }

  @Test
  void emptyFileHasNoUsers() throws IOException {
    Path file = directory.resolve("users.yaml");
    Files.writeString(file, "");
    assertThat(new UserFile(file, new PasswordHasher(CHEAP)).list()).isEmpty();
    Files.writeString(file, "users: {}\n");
    assertThat(new UserFile(file, new PasswordHasher(CHEAP)).list()).isEmpty();
  }

  @Test
  void removingTheLastUserLeavesAValidEmptyFile() {
    UserFile users = userFile();
    users.add("alice", "alice-password", Set.of(), Map.of());
    users.remove("alice");
    assertThat(users.list()).isEqualTo(List.of());
  }

  @Test
  void aChangeWaitsForAnotherProcessChangingTheFile() throws Exception {
    UserFile users = userFile();
    users.add("alice", "alice-password", Set.of(), Map.of());
    Process holder = holdLockInAnotherProcess(users.lockFile());
    CompletableFuture<Void> adding =
        CompletableFuture.runAsync(() -> users.add("bob", "bob-password", Set.of(), Map.of()));
    try {
      Thread.sleep(300);
      assertThat(adding).as("adding while another process holds the lock").isNotDone();
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    adding.get(30, TimeUnit.SECONDS);
    assertThat(users.list()).extracting(UserEntry::name).containsExactly("alice", "bob");
  }

  @Test
  void aChangeThatCannotGetTheLockSaysWhoHoldsItAndChangesNothing() throws Exception {
    UserFile users =
        new UserFile(
            directory.resolve("users.yaml"), new PasswordHasher(CHEAP), Duration.ofMillis(200));
    users.add("alice", "alice-password", Set.of(), Map.of());
    Process holder = holdLockInAnotherProcess(users.lockFile());
    try {
      assertThatThrownBy(() -> users.remove("alice"))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("Cannot remove user alice: another process has been changing")
          .hasMessageContaining(users.lockFile().toString())
          .hasMessageContaining("try again");
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(users.list()).extracting(UserEntry::name).containsExactly("alice");
    users.remove("alice");
    assertThat(users.list()).isEmpty();
  }

  /** Starts {@link LockHolder} and returns once it holds the lock. */
  private static Process holdLockInAnotherProcess(Path lockFile) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                lockFile.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), UTF_8));
    String line = output.readLine();
    if (!"locked".equals(line)) {
      holder.destroyForcibly();
      throw new IllegalStateException("The lock holder did not start: " + line);
    }
    return holder;
  }

  private String storedHash(String user) {
    return UserFileFormat.read(directory.resolve("users.yaml")).get(user).encodedHash();
  }
}
