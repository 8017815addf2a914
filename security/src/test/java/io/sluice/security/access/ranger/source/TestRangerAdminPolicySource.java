package io.sluice.security.access.ranger.source;

import static io.sluice.security.access.ranger.source.TestFilePolicySource.await;
import static io.sluice.security.access.ranger.source.TestFilePolicySource.check;
import static io.sluice.security.access.ranger.source.TestFilePolicySource.policies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.ranger.RangerAccessControl;
import io.sluice.security.access.ranger.RangerAccessControlConfig;
import io.sluice.security.access.ranger.source.RangerAdminConfig.Password;
import io.sluice.security.access.ranger.source.TestingRangerAdmin.Exchange;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Polling Ranger Admin, against a fake that answers as Ranger Admin does. */
class TestRangerAdminPolicySource {
  private static final String SERVICE = "sales_hive";
  private static final String PASSWORD = "s3cr3t-Pa55";

  private static final String ROLES =
      """
      {"serviceName": "sales_hive", "roleVersion": 2,
       "rangerRoles": [{"id": 1, "name": "analyst", "isEnabled": true,
                        "users": [{"name": "carl", "isAdmin": false}]}]}
      """;

  private static final String ROLE_POLICIES =
      """
      {"serviceName": "sales_hive", "policyVersion": 5,
       "policies": [
         {"id": 1, "name": "analysts", "isEnabled": true, "policyType": 0,
          "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                        "column": {"values": ["*"]}},
          "policyItems": [{"accesses": [{"type": "select", "isAllowed": true}],
                           "roles": ["analyst"]}]}]}
      """;

  @TempDir Path directory;
  private TestingRangerAdmin admin;

  @BeforeEach
  void startAdmin() {
    admin = new TestingRangerAdmin("sluice", PASSWORD);
    admin.setPolicies(SERVICE, ROLE_POLICIES);
    admin.setRoles(SERVICE, ROLES);
  }

  @AfterEach
  void stopAdmin() {
    admin.close();
  }

  @Test
  void downloadsPoliciesAndRolesAsRangersPluginsDo() throws IOException {
    Path passwordFile = directory.resolve("ranger-password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    RangerAdminConfig config = config(admin.url(), SERVICE, Password.fromFile(passwordFile));
    try (RangerAccessControl control = start(config)) {
      assertThat(control.policyVersion()).isEqualTo(5);
      assertThat(check(control, "carl").allowed()).isTrue();
      assertThat(check(control, "alice").allowed()).isFalse();
      List<Exchange> exchanges = admin.exchanges();
      assertThat(exchanges).hasSize(2);
      assertThat(exchanges.get(0).path())
          .isEqualTo("/service/plugins/secure/policies/download/sales_hive");
      assertThat(exchanges.get(0).query())
          .isEqualTo(
              Map.of(
                  "lastKnownVersion", "-1",
                  "lastActivationTime", "0",
                  "pluginId", config.pluginId(),
                  "clusterName", "sluice",
                  "supportsPolicyDeltas", "false"));
      assertThat(exchanges.get(0).status()).isEqualTo(200);
      assertThat(exchanges.get(1).path()).isEqualTo("/service/roles/secure/download/sales_hive");
      assertThat(exchanges.get(1).query()).containsEntry("lastKnownRoleVersion", "-1");
      assertThat(exchanges.get(1).status()).isEqualTo(200);
    }
  }

  @Test
  void pollsWithTheVersionInForceAndTakesNewPoliciesWhenThereAreSome() {
    try (RangerAccessControl control = start(config(admin.url(), SERVICE, Password.of(PASSWORD)))) {
      await(() -> admin.policyExchanges().size() >= 2);
      Exchange unchanged = admin.policyExchanges().get(1);
      assertThat(unchanged.query()).containsEntry("lastKnownVersion", "5");
      assertThat(unchanged.status()).isEqualTo(304);
      assertThat(control.policyVersion()).isEqualTo(5);

      admin.setPolicies(SERVICE, policies(6, "alice"));
      await(() -> control.policyVersion() == 6);
      assertThat(check(control, "alice").allowed()).isTrue();
      assertThat(check(control, "carl").allowed()).isFalse();
    }
  }

  @Test
  void wrongOrMissingCredentialsAreRefusedAndTheLogSaysSoWithoutThePassword() {
    try (TestingLogCapture logs = TestingLogCapture.of(RangerAdminPolicySource.class);
        RangerAccessControl control =
            start(config(admin.url(), SERVICE, Password.of("wrong-" + PASSWORD)))) {
      assertThat(admin.exchanges()).extracting(Exchange::status).containsExactly(401);
      assertThat(logs.messages())
          .containsExactly(
              "Ranger Admin "
                  + admin.url()
                  + " (service sales_hive) refused the credentials of user 'sluice' (HTTP 401):"
                  + " check the user and its password; no policies yet: only super-users have"
                  + " access");
      assertThat(String.join("\n", logs.messages())).doesNotContain(PASSWORD);
      assertThat(check(control, "carl").allowed()).isFalse();
      assertThat(check(control, "admin").allowed()).isTrue();
    }
  }

  @Test
  void unknownServiceIsAClearError() {
    try (TestingLogCapture logs = TestingLogCapture.of(RangerAdminPolicySource.class);
        RangerAccessControl control =
            start(config(admin.url(), "no_such_service", Password.of(PASSWORD)))) {
      assertThat(admin.exchanges()).extracting(Exchange::status).containsExactly(404);
      assertThat(logs.messages().get(0))
          .contains(
              "has no service named 'no_such_service' (HTTP 404 for its policies): check the service name");
      assertThat(control.policyVersion()).isEqualTo(-1);
    }
  }

  @Test
  void adminDownAtStartMeansTheCachedPoliciesAreUsed() {
    RangerAdminConfig config = config(admin.url(), SERVICE, Password.of(PASSWORD));
    try (RangerAccessControl control = start(config)) {
      assertThat(control.policyVersion()).isEqualTo(5);
    }
    assertThat(config.cacheFile()).exists();
    admin.close();

    try (TestingLogCapture logs = TestingLogCapture.of(RangerAdminPolicySource.class);
        RangerAccessControl control = start(config)) {
      assertThat(control.policyVersion()).isEqualTo(5);
      assertThat(check(control, "carl").allowed()).isTrue();
      assertThat(logs.messages()).hasSize(1);
      assertThat(logs.messages().get(0))
          .startsWith("Cannot reach Ranger Admin " + admin.url())
          .endsWith("; policies version 5 stay in force");
    }
  }

  @Test
  void adminDownWithoutCacheLeavesOnlySuperUsers() {
    URI url = admin.url();
    admin.close();
    try (RangerAccessControl control = start(config(url, SERVICE, Password.of(PASSWORD)))) {
      assertThat(control.policyVersion()).isEqualTo(-1);
      assertThat(check(control, "carl").allowed()).isFalse();
      assertThat(check(control, "admin").allowed()).isTrue();
    }
  }

  @Test
  void passwordFromAMissingEnvironmentVariableIsReported() {
    String variable = "SLUICE_TEST_RANGER_PASSWORD_THAT_IS_NOT_SET";
    try (TestingLogCapture logs = TestingLogCapture.of(RangerAdminPolicySource.class);
        RangerAccessControl control =
            start(config(admin.url(), SERVICE, Password.fromEnvironment(variable)))) {
      assertThat(admin.exchanges()).isEmpty();
      assertThat(logs.messages().get(0))
          .startsWith("Cannot read the password of user 'sluice' for Ranger Admin")
          .contains(
              "(from environment variable "
                  + variable
                  + "): the environment variable "
                  + variable
                  + " is not set");
    }
  }

  @Test
  void configurationKeepsPasswordsOffPlainHttpAndOutOfItsText() {
    assertThatThrownBy(
            () ->
                config(
                    URI.create("http://ranger.example.com:6080"), SERVICE, Password.of(PASSWORD)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Invalid Ranger Admin configuration: the URL must use HTTPS, since the password is sent"
                + " with every poll: http://ranger.example.com:6080");
    RangerAdminConfig config =
        config(URI.create("https://ranger.example.com:6182"), SERVICE, Password.of(PASSWORD));
    assertThat(config.toString()).doesNotContain(PASSWORD).contains("password=(hidden)");
  }

  private RangerAdminConfig config(URI url, String service, Password password) {
    return RangerAdminConfig.defaults(url, service, "sluice", password, directory.resolve("cache"))
        .withPollInterval(Duration.ofSeconds(1))
        .withRequestTimeout(Duration.ofSeconds(5));
  }

  private static RangerAccessControl start(RangerAdminConfig config) {
    return new RangerAccessControl(
        RangerAccessControlConfig.defaults(), new RangerAdminPolicySource(config));
  }
}
