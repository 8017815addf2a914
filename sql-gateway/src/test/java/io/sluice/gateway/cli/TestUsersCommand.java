package io.sluice.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.gateway.TestingGateway;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.password.PasswordFileAuthenticator;
import io.sluice.security.authn.password.PasswordFileConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code sluice users}: passwords from standard input, never echoed, never in arguments. */
class TestUsersCommand {
  private Path directory;
  private Path file;

  @BeforeEach
  void setUp() {
    directory = TestingGateway.temporaryDirectory("sluice-users-");
    file = directory.resolve("users.yaml");
  }

  @AfterEach
  void tearDown() {
    TestingGateway.deleteRecursively(directory);
  }

  @Test
  void addListPasswdRemove() throws Exception {
    Result added =
        run(
            "first-password-1\n",
            "users",
            "add",
            "alice",
            "--groups",
            "analysts,engineers",
            "--attribute",
            "region=emea",
            "--file",
            file.toString());
    assertThat(added.exitCode()).isZero();
    assertThat(added.output()).contains("Added user alice").doesNotContain("first-password-1");
    assertThat(Files.readString(file)).doesNotContain("first-password-1").contains("argon2id");
    assertThat(login("alice", "first-password-1")).isTrue();

    Result listed = run("", "users", "list", "--file", file.toString());
    assertThat(listed.output())
        .contains("alice  groups=analysts,engineers  attributes={region=emea}");

    assertThat(
            run("second-password-2\n", "users", "passwd", "alice", "--file", file.toString())
                .exitCode())
        .isZero();
    assertThat(login("alice", "first-password-1")).isFalse();
    assertThat(login("alice", "second-password-2")).isTrue();

    assertThat(run("", "users", "remove", "alice", "--file", file.toString()).exitCode()).isZero();
    assertThat(run("", "users", "list", "--file", file.toString()).output())
        .contains("No users in");
  }

  @Test
  void clearErrorsForAnExistingUserAndAMissingPassword() {
    run("first-password-1\n", "users", "add", "bob", "--file", file.toString());
    Result again = run("first-password-1\n", "users", "add", "bob", "--file", file.toString());
    assertThat(again.exitCode()).isNotZero();
    assertThat(again.errors()).contains("bob").contains("already exists");
    Result noPassword = run("", "users", "passwd", "bob", "--file", file.toString());
    assertThat(noPassword.exitCode()).isNotZero();
    assertThat(noPassword.errors()).contains("No password on standard input");
  }

  private boolean login(String user, String password) {
    PasswordFileAuthenticator authenticator =
        new PasswordFileAuthenticator(PasswordFileConfig.defaults(file), InstantSource.system());
    try {
      authenticator.authenticate(Credentials.password(user, password, "127.0.0.1"));
      return true;
    } catch (RuntimeException refused) {
      return false;
    }
  }

  private record Result(int exitCode, String output, String errors) {}

  private static Result run(String stdin, String... arguments) {
    InputStream originalIn = System.in;
    PrintStream originalOut = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      CommandLine commandLine = SluiceCli.commandLine();
      commandLine.setErr(new java.io.PrintWriter(err, true, StandardCharsets.UTF_8));
      int exit = commandLine.execute(arguments);
      return new Result(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setIn(originalIn);
      System.setOut(originalOut);
    }
  }
}
