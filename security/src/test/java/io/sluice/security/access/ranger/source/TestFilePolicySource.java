package io.sluice.security.access.ranger.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.ranger.RangerAccessControl;
import io.sluice.security.access.ranger.RangerAccessControlConfig;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The local policy file: loaded at start, reloaded on change, a broken file never in force. */
class TestFilePolicySource {
  private static final RequestContext CONTEXT = new RequestContext(null, "test", "s1");
  private static final Resource ORDERS_ID = Resource.column("sales", "orders", "id");

  @TempDir Path directory;
  private long modified = System.currentTimeMillis() - 60_000;

  @Test
  void missingFileMeansOnlySuperUsersHaveAccess() {
    try (RangerAccessControl control = start(directory.resolve("policies.json"))) {
      assertThat(check(control, "alice"))
          .isEqualTo(
              new AccessDecision(
                  false,
                  java.util.OptionalLong.empty(),
                  "no policies are loaded: only super-users have access"));
      assertThat(check(control, "admin").allowed()).isTrue();
    }
  }

  @Test
  void reloadsWhenTheFileChanges() throws IOException {
    Path file = directory.resolve("policies.json");
    write(file, policies(1, "alice"));
    try (RangerAccessControl control = start(file)) {
      assertThat(control.policyVersion()).isEqualTo(1);
      assertThat(check(control, "alice").allowed()).isTrue();
      write(file, policies(2, "bob"));
      await(() -> control.policyVersion() == 2);
      assertThat(check(control, "alice").allowed()).isFalse();
      assertThat(check(control, "bob").allowed()).isTrue();
    }
  }

  @Test
  void brokenFileKeepsTheLastGoodPoliciesAndSaysWhereWithoutQuotingIt() throws IOException {
    Path file = directory.resolve("policies.json");
    write(file, policies(1, "alice"));
    try (TestingLogCapture logs = TestingLogCapture.of(FilePolicySource.class);
        RangerAccessControl control = start(file)) {
      write(file, "{\"policyVersion\": 2,\n \"policies\": [{\"password\": hunter2}]}");
      await(() -> !logs.messages().isEmpty());
      assertThat(logs.messages())
          .containsExactly(
              "Cannot load policies from "
                  + file
                  + ": not valid JSON (line 2, column 36); the"
                  + " policies in force stay");
      assertThat(String.join("\n", logs.messages())).doesNotContain("hunter2");
      assertThat(control.policyVersion()).isEqualTo(1);
      assertThat(check(control, "alice").allowed()).isTrue();

      write(file, policies(3, "bob"));
      await(() -> control.policyVersion() == 3);
      assertThat(check(control, "bob").allowed()).isTrue();
    }
  }

  @Test
  void policiesOfAnotherServiceTypeAreRefused() throws IOException {
    Path file = directory.resolve("policies.json");
    write(file, policies(1, "alice"));
    try (TestingLogCapture logs = TestingLogCapture.of(FilePolicySource.class);
        RangerAccessControl control = start(file)) {
      write(
          file,
          """
          {"policyVersion": 2, "policies": [],
           "serviceDef": {"name": "kafka", "resources": [{"itemId": 1, "name": "topic"}]}}
          """);
      await(() -> !logs.messages().isEmpty());
      assertThat(logs.messages().get(0))
          .isEqualTo(
              "Cannot use the policies from "
                  + file
                  + ": their service type 'kafka' has no database, table and column resources;"
                  + " Sluice enforces Hive-type policies; the policies in force stay");
      assertThat(control.policyVersion()).isEqualTo(1);
    }
  }

  @Test
  void fileCreatedLaterIsLoadedAndRemovedFileLeavesOnlySuperUsers() throws IOException {
    Path file = directory.resolve("policies.json");
    try (RangerAccessControl control = start(file)) {
      assertThat(check(control, "alice").allowed()).isFalse();
      write(file, policies(4, "alice"));
      await(() -> control.policyVersion() == 4);
      assertThat(check(control, "alice").allowed()).isTrue();
      Files.delete(file);
      await(() -> control.policyVersion() == -1);
      assertThat(check(control, "alice").allowed()).isFalse();
      assertThat(check(control, "admin").allowed()).isTrue();
    }
  }

  private RangerAccessControl start(Path file) {
    return new RangerAccessControl(
        RangerAccessControlConfig.defaults(),
        new FilePolicySource(
            FilePolicySourceConfig.defaults(file).withPollInterval(Duration.ofMillis(50))));
  }

  /** Writes the file with a modification time of its own, as an edit seconds later would. */
  private void write(Path file, String content) throws IOException {
    Files.writeString(file, content);
    modified += 2_000;
    Files.setLastModifiedTime(file, FileTime.fromMillis(modified));
  }

  static String policies(long version, String user) {
    return """
        {"serviceName": "sales_hive", "policyVersion": VERSION,
         "policies": [
           {"id": 1, "name": "readers", "isEnabled": true, "policyType": 0,
            "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                          "column": {"values": ["*"]}},
            "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                             "users": ["USER"]}]}]}
        """
        .replace("VERSION", Long.toString(version))
        .replace("USER", user);
  }

  static AccessDecision check(RangerAccessControl control, String user) {
    Identity identity =
        Identity.of(user, Set.of(), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE);
    return control.check(identity, ORDERS_ID, AccessType.SELECT, CONTEXT);
  }

  static void await(BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not met within 20 seconds");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
