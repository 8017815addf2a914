package io.sluice.security.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.security.access.ranger.source.PolicySnapshot;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerPolicyConditionDef;
import org.apache.ranger.plugin.util.ScriptEngineUtil;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ranger's semantics on small policies written for each rule, and Sluice's own additions. */
class TestRangerAccessControl {
  private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", "test", "s1");

  private static final String SELECT = "{\"type\": \"select\", \"isAllowed\": true}";

  /**
   * Allow, deny and both kinds of exception in one policy; an override policy above it; a
   * deny-all-else policy for a role; first-match row filters and masks with macros.
   */
  static final String POLICIES =
      """
      {
        "serviceName": "sales_hive", "policyVersion": 7,
        "policies": [
          {"id": 1, "name": "analysts read sales", "isEnabled": true, "policyType": 0,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                         "column": {"values": ["*"]}},
           "policyItems": [{"accesses": [SELECT], "groups": ["analysts"]}],
           "allowExceptions": [{"accesses": [SELECT], "users": ["intern"]}],
           "denyPolicyItems": [{"accesses": [SELECT], "groups": ["contractors"]}],
           "denyExceptions": [{"accesses": [SELECT], "users": ["carol"]}]},
          {"id": 2, "name": "operators read orders", "isEnabled": true, "policyType": 0,
           "policyPriority": 1,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]},
                         "column": {"values": ["*"]}},
           "policyItems": [{"accesses": [SELECT], "users": ["dan"]}]},
          {"id": 3, "name": "hr readers only", "isEnabled": true, "policyType": 0,
           "isDenyAllElse": true,
           "resources": {"database": {"values": ["hr"]}, "table": {"values": ["*"]},
                         "column": {"values": ["*"]}},
           "policyItems": [{"accesses": [SELECT], "roles": ["hr_reader"]}]},
          {"id": 4, "name": "disabled", "isEnabled": false, "policyType": 0,
           "resources": {"database": {"values": ["*"]}, "table": {"values": ["*"]},
                         "column": {"values": ["*"]}},
           "policyItems": [{"accesses": [SELECT], "groups": ["public"]}]},
          {"id": 10, "name": "orders by region", "isEnabled": true, "policyType": 2,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]}},
           "rowFilterPolicyItems": [
             {"accesses": [SELECT], "groups": ["emea"],
              "rowFilterInfo": {"filterExpr": "region = 'EMEA'"}},
             {"accesses": [SELECT], "groups": ["analysts"],
              "rowFilterInfo": {"filterExpr": "region = '${{USER.region}}'"}},
             {"accesses": [SELECT], "users": ["dave"],
              "rowFilterInfo": {"filterExpr": "customer IN (${{UG_NAMES_Q_CSV}})"}}]},
          {"id": 11, "name": "customers by country", "isEnabled": true, "policyType": 2,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["customers"]}},
           "rowFilterPolicyItems": [
             {"accesses": [SELECT], "groups": ["analysts"],
              "rowFilterInfo": {"filterExpr": "country = ${{USER.country}} -- ${{USER.country}}"}}]},
          {"id": 12, "name": "unknown macro", "isEnabled": true, "policyType": 2,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["returns"]}},
           "rowFilterPolicyItems": [
             {"accesses": [SELECT], "groups": ["analysts"],
              "rowFilterInfo": {"filterExpr": "store = '${{FOO.bar}}'"}}]},
          {"id": 13, "name": "script", "isEnabled": true, "policyType": 2,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["payments"]}},
           "rowFilterPolicyItems": [
             {"accesses": [SELECT], "groups": ["analysts"],
              "rowFilterInfo": {"filterExpr":
                "${{Java.type('java.lang.System').setProperty('sluice.test.pwned', 'yes')}} = 1"}}]},
          {"id": 20, "name": "cards", "isEnabled": true, "policyType": 1,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]},
                         "column": {"values": ["card"]}},
           "dataMaskPolicyItems": [
             {"accesses": [SELECT], "users": ["dave"],
              "dataMaskInfo": {"dataMaskType": "CUSTOM",
                               "valueExpr": "concat('${{USER._name}}:', substr({col}, 1, 2))"}},
             {"accesses": [SELECT], "groups": ["analysts"],
              "dataMaskInfo": {"dataMaskType": "MASK_SHOW_LAST_4"}}]},
          {"id": 21, "name": "emails", "isEnabled": true, "policyType": 1,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]},
                         "column": {"values": ["email"]}},
           "dataMaskPolicyItems": [
             {"accesses": [SELECT], "users": ["alice"],
              "dataMaskInfo": {"dataMaskType": "MASK_NULL"}},
             {"accesses": [SELECT], "groups": ["analysts"],
              "dataMaskInfo": {"dataMaskType": "MASK"}},
             {"accesses": [SELECT], "users": ["carol"],
              "dataMaskInfo": {"dataMaskType": "MASK_NONE"}}]},
          {"id": 22, "name": "notes", "isEnabled": true, "policyType": 1,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]},
                         "column": {"values": ["notes"]}},
           "dataMaskPolicyItems": [
             {"accesses": [SELECT], "groups": ["analysts"],
              "dataMaskInfo": {"dataMaskType": "CUSTOM", "valueExpr": "${{TAG.level}}"}}]},
          {"id": 23, "name": "empty custom", "isEnabled": true, "policyType": 1,
           "resources": {"database": {"values": ["sales"]}, "table": {"values": ["orders"]},
                         "column": {"values": ["cost"]}},
           "dataMaskPolicyItems": [
             {"accesses": [SELECT], "groups": ["analysts"],
              "dataMaskInfo": {"dataMaskType": "CUSTOM", "valueExpr": ""}}]}
        ],
        "roles": {
          "serviceName": "sales_hive", "roleVersion": 3,
          "rangerRoles": [
            {"id": 1, "name": "hr_reader", "isEnabled": true,
             "groups": [{"name": "hr", "isAdmin": false}]}]}
      }
      """
          .replace("SELECT", SELECT);

  private RangerAccessControl control;

  @BeforeEach
  void start() {
    control =
        new RangerAccessControl(
            RangerAccessControlConfig.defaults(), TestingPolicySource.of(POLICIES));
  }

  @AfterEach
  void close() {
    control.close();
    System.clearProperty("sluice.test.pwned");
  }

  /** Ranger creates its script engine lazily, once: it must never have got that far. */
  @AfterAll
  static void noScriptEngineWasEverCreated() throws ReflectiveOperationException {
    Field initialized =
        ScriptEngineUtil.class.getDeclaredField("SCRIPT_ENGINE_CREATOR_INITIALIZED");
    initialized.setAccessible(true);
    assertThat(initialized.getBoolean(null)).isFalse();
  }

  @Test
  void allowItemGrants() {
    assertDecision(
        user("alice", "analysts"), column("orders", "id"), true, 1, "allowed by policy 1");
  }

  @Test
  void allowExceptionCancelsTheAllowItem() {
    assertDecision(
        user("intern", "analysts"),
        column("orders", "id"),
        false,
        -1,
        "no policy allows select on sales.orders.id");
  }

  @Test
  void denyItemWinsOverAllowItemOfTheSamePolicy() {
    assertDecision(
        user("eve", "analysts", "contractors"),
        column("customers", "id"),
        false,
        1,
        "denied by policy 1");
  }

  @Test
  void denyExceptionCancelsTheDenyItem() {
    assertDecision(
        user("carol", "analysts", "contractors"),
        column("customers", "id"),
        true,
        1,
        "allowed by policy 1");
  }

  @Test
  void overridePolicyWinsOverNormalPolicyDeny() {
    Identity dan = user("dan", "analysts", "contractors");
    assertDecision(dan, column("orders", "id"), true, 2, "allowed by policy 2");
    assertDecision(dan, column("customers", "id"), false, 1, "denied by policy 1");
  }

  @Test
  void rolesFromTheIdentityAndFromThePoliciesRolesBothCount() {
    Identity fromProvider =
        Identity.of(
            "pat", Set.of(), Set.of("hr_reader"), Map.of(), AuthenticationMethod.OIDC_BEARER_TOKEN);
    assertDecision(
        fromProvider, Resource.column("hr", "salaries", "amount"), true, 3, "allowed by policy 3");
    assertDecision(
        user("hank", "hr"),
        Resource.column("hr", "salaries", "amount"),
        true,
        3,
        "allowed by policy 3");
    assertDecision(
        user("alice", "analysts"),
        Resource.column("hr", "salaries", "amount"),
        false,
        3,
        "denied by policy 3");
  }

  @Test
  void disabledPoliciesDoNotApply() {
    assertDecision(
        user("anyone", "public"),
        Resource.column("misc", "t", "c"),
        false,
        -1,
        "no policy allows select on misc.t.c");
  }

  @Test
  void anyAccessMakesASchemaVisibleToWhoeverMayUseSomethingInIt() {
    assertThat(
            control.check(user("dan"), Resource.schema("sales"), AccessType.ANY, CONTEXT).allowed())
        .isTrue();
    assertThat(control.check(user("dan"), Resource.schema("hr"), AccessType.ANY, CONTEXT).allowed())
        .isFalse();
  }

  @Test
  void superUserIsAllowedEverythingAndSeesRawData() {
    Identity admin = user("admin");
    assertThat(control.isSuperUser(admin)).isTrue();
    assertThat(
            control.check(
                admin, Resource.column("hr", "salaries", "amount"), AccessType.DROP, CONTEXT))
        .isEqualTo(new AccessDecision(true, OptionalLong.empty(), "super-user"));
    assertThat(control.rowFilter(admin, table("orders"), CONTEXT)).isEmpty();
    assertThat(control.columnMask(admin, column("orders", "card"), CONTEXT)).isEmpty();
  }

  @Test
  void superGroupsAreConfigurable() {
    RangerAccessControlConfig config =
        RangerAccessControlConfig.defaults().withSuperUsers(Set.of("root"), Set.of("dba"));
    try (RangerAccessControl custom =
        new RangerAccessControl(config, TestingPolicySource.of(POLICIES))) {
      assertThat(custom.isSuperUser(user("root"))).isTrue();
      assertThat(custom.isSuperUser(user("mia", "dba"))).isTrue();
      assertThat(custom.isSuperUser(user("admin"))).isFalse();
      assertThat(
              custom
                  .check(user("admin"), column("orders", "id"), AccessType.SELECT, CONTEXT)
                  .allowed())
          .isFalse();
    }
  }

  @Test
  void withoutPoliciesOnlySuperUsersHaveAccess() {
    try (RangerAccessControl empty =
        new RangerAccessControl(
            RangerAccessControlConfig.defaults(),
            TestingPolicySource.of("{\"serviceName\": \"sales_hive\", \"policies\": []}"))) {
      assertThat(
              empty.check(
                  user("alice", "analysts"), column("orders", "id"), AccessType.SELECT, CONTEXT))
          .isEqualTo(
              new AccessDecision(
                  false,
                  OptionalLong.empty(),
                  "no policies are loaded: only super-users have access"));
      assertThat(
              empty
                  .check(user("admin"), column("orders", "id"), AccessType.SELECT, CONTEXT)
                  .allowed())
          .isTrue();
      assertThat(empty.rowFilter(user("alice", "analysts"), table("orders"), CONTEXT)).isEmpty();
      assertThat(empty.policyVersion()).isEqualTo(-1);
    }
  }

  @Test
  void firstMatchingRowFilterWinsAndFiltersAreNeverCombined() {
    Identity both = user("ella", Map.of("region", "APAC"), "analysts", "emea");
    assertThat(control.rowFilter(both, table("orders"), CONTEXT))
        .contains(new RowFilter("region = 'EMEA'", 10));
  }

  @Test
  void rowFilterMacroInsideALiteralIsEscaped() {
    Identity obrien = user("obrien", Map.of("region", "O'Brien\\"), "analysts");
    assertThat(control.rowFilter(obrien, table("orders"), CONTEXT))
        .contains(new RowFilter("region = 'O\\'Brien\\\\'", 10));
  }

  @Test
  void rowFilterMacroAsSqlBecomesLiteralsAndIsDroppedFromComments() {
    Identity french = user("fred", Map.of("country", "F'R"), "analysts");
    assertThat(control.rowFilter(french, table("customers"), CONTEXT))
        .contains(new RowFilter("country = 'F\\'R' -- ", 11));
    Identity stateless = user("sam", Map.of(), "analysts");
    assertThat(control.rowFilter(stateless, table("customers"), CONTEXT))
        .contains(new RowFilter("country = NULL -- ", 11));
  }

  @Test
  void quotedGroupListBecomesOneLiteralPerGroup() {
    Identity dave = user("dave", "sales-eu", "it's");
    assertThat(control.rowFilter(dave, table("orders"), CONTEXT))
        .contains(new RowFilter("customer IN ('it\\'s','sales-eu')", 10));
    assertThat(control.rowFilter(user("dave"), table("orders"), CONTEXT))
        .contains(new RowFilter("customer IN (NULL)", 10));
  }

  @Test
  void unknownMacroFailsClosedNamingThePolicy() {
    AccessDecision decision =
        control.check(user("alice", "analysts"), table("returns"), AccessType.SELECT, CONTEXT);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo(
            "policy 12 (unknown macro)'s row filter cannot be applied: it uses the macro ${{FOO.bar}},"
                + " which Sluice does not resolve: 'FOO' is not a macro Sluice resolves");
    assertThat(control.rowFilter(user("alice", "analysts"), table("returns"), CONTEXT))
        .contains(new RowFilter("FALSE", 12));
    // Where the filter does not apply, the table is readable as before.
    assertThat(
            control
                .check(
                    user("carol", "analysts", "contractors"),
                    table("orders"),
                    AccessType.SELECT,
                    CONTEXT)
                .allowed())
        .isTrue();
  }

  @Test
  void macroThatWouldRunJavaIsNeverRun() {
    AccessDecision decision =
        control.check(user("alice", "analysts"), table("payments"), AccessType.SELECT, CONTEXT);
    Optional<RowFilter> filter =
        control.rowFilter(user("alice", "analysts"), table("payments"), CONTEXT);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason()).startsWith("policy 13 (script)'s row filter cannot be applied");
    assertThat(filter).contains(new RowFilter("FALSE", 13));
    assertThat(System.getProperty("sluice.test.pwned")).isNull();
  }

  @Test
  void masksOfSeveralTypesFirstMatchWins() {
    assertThat(control.columnMask(user("alice", "analysts"), column("orders", "email"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_NULL, Optional.empty(), 21));
    assertThat(control.columnMask(user("bob", "analysts"), column("orders", "email"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK, Optional.empty(), 21));
    assertThat(control.columnMask(user("carol"), column("orders", "email"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_NONE, Optional.empty(), 21));
    assertThat(control.columnMask(user("bob", "analysts"), column("orders", "card"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_SHOW_LAST_4, Optional.empty(), 20));
    assertThat(control.columnMask(user("bob", "analysts"), column("orders", "id"), CONTEXT))
        .isEmpty();
  }

  @Test
  void customMaskKeepsColumnPlaceholderAndResolvesMacros() {
    assertThat(control.columnMask(user("dave", "analysts"), column("orders", "card"), CONTEXT))
        .contains(
            new ColumnMask(
                MaskType.CUSTOM, Optional.of("concat('dave:', substr({col}, 1, 2))"), 20));
  }

  @Test
  void customMaskWithoutExpressionIsNull() {
    assertThat(control.columnMask(user("bob", "analysts"), column("orders", "cost"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_NULL, Optional.empty(), 23));
  }

  @Test
  void maskWithUnsupportedMacroRefusesTheColumn() {
    AccessDecision decision =
        control.check(
            user("bob", "analysts"), column("orders", "notes"), AccessType.SELECT, CONTEXT);
    assertThat(decision.allowed()).isFalse();
    assertThat(decision.reason())
        .isEqualTo(
            "policy 22 (notes)'s mask cannot be applied: it uses the macro ${{TAG.level}}, which"
                + " Sluice does not resolve: tag macros are not supported: Sluice has no tag source");
    assertThat(control.columnMask(user("bob", "analysts"), column("orders", "notes"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_NULL, Optional.empty(), 22));
    assertThat(
            control
                .check(
                    user("bob", "analysts"), column("orders", "email"), AccessType.SELECT, CONTEXT)
                .allowed())
        .isTrue();
  }

  @Test
  void scriptConditionFailsClosedInsteadOfRunning() throws Exception {
    PolicySnapshot snapshot =
        TestingPolicySource.parse(
            """
            {"serviceName": "sales_hive", "policyVersion": 1,
             "policies": [
               {"id": 40, "name": "scripted", "isEnabled": true, "policyType": 0,
                "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                              "column": {"values": ["*"]}},
                "policyItems": [
                  {"accesses": [SELECT], "users": ["alice"],
                   "conditions": [{"type": "_expression", "values":
                     ["Java.type('java.lang.System').setProperty('sluice.test.pwned', 'yes'); true"]}]},
                  {"accesses": [SELECT], "users": ["bob"]}]}]}
            """
                .replace("SELECT", SELECT));
    RangerServiceDef serviceDef = hiveServiceDefWithScriptCondition();
    snapshot.policies().setServiceDef(serviceDef);
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    try (RangerAccessControl scripted =
        new RangerAccessControl(RangerAccessControlConfig.defaults(), source)) {
      source.publish(snapshot);
      AccessDecision decision =
          scripted.check(user("alice"), column("orders", "id"), AccessType.SELECT, CONTEXT);
      assertThat(decision)
          .isEqualTo(
              new AccessDecision(
                  false,
                  OptionalLong.of(40),
                  "policy 40 (scripted): its condition '_expression' cannot be evaluated: it is a"
                      + " script, which Sluice does not run"));
      assertThat(
              scripted
                  .check(user("bob"), column("orders", "id"), AccessType.SELECT, CONTEXT)
                  .allowed())
          .isTrue();
      assertThat(System.getProperty("sluice.test.pwned")).isNull();
    }
  }

  @Test
  void resourceMacrosFailClosedForTheUsersOfThePolicy() throws Exception {
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    try (RangerAccessControl control =
        new RangerAccessControl(RangerAccessControlConfig.defaults(), source)) {
      source.publish(
          TestingPolicySource.parse(
              """
              {"serviceName": "sales_hive", "policyVersion": 2,
               "policies": [
                 {"id": 50, "name": "own schema", "isEnabled": true, "policyType": 0,
                  "resources": {"database": {"values": ["home_${{USER.dept}}"]},
                                "table": {"values": ["*"]}, "column": {"values": ["*"]}},
                  "policyItems": [{"accesses": [SELECT], "groups": ["staff"]}]}]}
              """
                  .replace("SELECT", SELECT)));
      AccessDecision decision =
          control.check(
              user("sue", "staff"),
              Resource.column("home_x", "t", "c"),
              AccessType.SELECT,
              CONTEXT);
      assertThat(decision.allowed()).isFalse();
      assertThat(decision.reason())
          .isEqualTo(
              "policy 50 (own schema): its resources use ${{...}} macros, which Sluice does not"
                  + " resolve");
      assertThat(
              control
                  .check(user("sue", "staff"), column("orders", "id"), AccessType.SELECT, CONTEXT)
                  .reason())
          .isEqualTo("no policy allows select on sales.orders.id");
    }
  }

  @Test
  void userTokenInResourcesIsResolvedByRangerItself() throws Exception {
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    try (RangerAccessControl control =
        new RangerAccessControl(RangerAccessControlConfig.defaults(), source)) {
      source.publish(
          TestingPolicySource.parse(
              """
              {"serviceName": "sales_hive", "policyVersion": 3,
               "policies": [
                 {"id": 70, "name": "own schema", "isEnabled": true, "policyType": 0,
                  "resources": {"database": {"values": ["home_{USER}"]},
                                "table": {"values": ["*"]}, "column": {"values": ["*"]}},
                  "policyItems": [{"accesses": [SELECT], "users": ["{USER}"]}]}]}
              """
                  .replace("SELECT", SELECT)));
      assertThat(
              control.check(
                  user("sue"), Resource.column("home_sue", "t", "c"), AccessType.SELECT, CONTEXT))
          .isEqualTo(new AccessDecision(true, OptionalLong.of(70), "allowed by policy 70"));
      assertThat(
              control
                  .check(
                      user("sue"),
                      Resource.column("home_bob", "t", "c"),
                      AccessType.SELECT,
                      CONTEXT)
                  .allowed())
          .isFalse();
    }
  }

  @Test
  void reloadSwapsPoliciesWithoutBlockingChecks() throws Exception {
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    String grantBob =
        """
        {"serviceName": "sales_hive", "policyVersion": 8,
         "policies": [
           {"id": 60, "name": "bob only", "isEnabled": true, "policyType": 0,
            "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                          "column": {"values": ["*"]}},
            "policyItems": [{"accesses": [SELECT], "users": ["bob"]}]}]}
        """
            .replace("SELECT", SELECT);
    try (RangerAccessControl reloading =
        new RangerAccessControl(RangerAccessControlConfig.defaults(), source)) {
      Identity alice = user("alice", "analysts");
      Identity bob = user("bob");
      Set<AccessDecision> possible =
          Set.of(
              new AccessDecision(true, OptionalLong.of(1), "allowed by policy 1"),
              new AccessDecision(true, OptionalLong.of(60), "allowed by policy 60"),
              new AccessDecision(
                  false, OptionalLong.empty(), "no policy allows select on sales.orders.id"));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicReference<Object> unexpected = new AtomicReference<>();
      AtomicLong checks = new AtomicLong();
      CountDownLatch checking = new CountDownLatch(1);
      Thread checker =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    for (Identity identity : List.of(alice, bob)) {
                      AccessDecision decision =
                          reloading.check(
                              identity, column("orders", "id"), AccessType.SELECT, CONTEXT);
                      if (!possible.contains(decision)) {
                        unexpected.compareAndSet(null, decision);
                      }
                      checks.incrementAndGet();
                    }
                    checking.countDown();
                  }
                } catch (RuntimeException e) {
                  unexpected.compareAndSet(null, e);
                }
              });
      checker.start();
      checking.await();
      long checksBefore = checks.get();
      List<Long> versions = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        source.publish(TestingPolicySource.parse(i % 2 == 0 ? grantBob : POLICIES));
        versions.add(reloading.policyVersion());
      }
      long checksDuringReloads = checks.get() - checksBefore;
      stop.set(true);
      checker.join();
      assertThat(unexpected.get()).isNull();
      // Ten engines were built while the checker kept going.
      assertThat(checksDuringReloads).isPositive();
      assertThat(versions).containsExactly(8L, 7L, 8L, 7L, 8L, 7L, 8L, 7L, 8L, 7L);
      assertThat(reloading.check(bob, column("orders", "id"), AccessType.SELECT, CONTEXT).allowed())
          .isFalse();
    }
  }

  @Test
  void everyReloadIsANewGenerationEvenWithTheSameVersion() throws Exception {
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    try (RangerAccessControl reloading =
        new RangerAccessControl(RangerAccessControlConfig.defaults(), source)) {
      PolicyEpoch first = reloading.policyEpoch();
      source.publish(TestingPolicySource.parse(POLICIES));
      PolicyEpoch second = reloading.policyEpoch();

      assertThat(reloading.policyVersion()).isEqualTo(7);
      assertThat(second.generation()).isNotEqualTo(first.generation());
      assertThat(second.identityOnly()).isEqualTo(first.identityOnly());
    }
    String template =
        """
        {"serviceName": "sales_hive", "policyVersion": 3,
         "policies": [
           {"id": 61, "name": "office only", "isEnabled": true, "policyType": 0,
            "resources": {"database": {"values": ["sales"]}, "table": {"values": ["*"]},
                          "column": {"values": ["*"]}},
            "policyItems": [{"accesses": [SELECT], "users": ["bob"] CONDITIONS}]}]}
        """
            .replace("SELECT", SELECT);
    String conditional =
        template.replace(
            "CONDITIONS", ", \"conditions\": [{\"type\": \"ip-range\", \"values\": [\"10.*\"]}]");
    String plain = template.replace("CONDITIONS", "");
    try (RangerAccessControl withConditions =
            new RangerAccessControl(
                RangerAccessControlConfig.defaults(), TestingPolicySource.of(conditional));
        RangerAccessControl withoutConditions =
            new RangerAccessControl(
                RangerAccessControlConfig.defaults(), TestingPolicySource.of(plain))) {
      assertThat(withConditions.policyEpoch().identityOnly()).isFalse();
      assertThat(withoutConditions.policyEpoch().identityOnly()).isTrue();
    }
  }

  @Test
  void closeStopsTheSource() {
    TestingPolicySource source = TestingPolicySource.of(POLICIES);
    new RangerAccessControl(RangerAccessControlConfig.defaults(), source).close();
    assertThat(source.isClosed()).isTrue();
  }

  private void assertDecision(
      Identity identity, Resource resource, boolean allowed, long policyId, String reason) {
    assertThat(control.check(identity, resource, AccessType.SELECT, CONTEXT))
        .as("%s reading %s", identity.user(), resource)
        .isEqualTo(
            new AccessDecision(
                allowed, policyId >= 0 ? OptionalLong.of(policyId) : OptionalLong.empty(), reason));
  }

  private static RangerServiceDef hiveServiceDefWithScriptCondition() {
    try (var in =
        RangerServiceDef.class.getResourceAsStream("/service-defs/ranger-servicedef-hive.json")) {
      RangerServiceDef serviceDef =
          org.apache.ranger.authorization.utils.JsonUtils.getMapper()
              .readValue(in, RangerServiceDef.class);
      List<RangerPolicyConditionDef> conditions = new ArrayList<>();
      conditions.add(
          new RangerPolicyConditionDef(
              1L,
              "_expression",
              "org.apache.ranger.plugin.conditionevaluator.RangerScriptConditionEvaluator",
              Map.of("engineName", "JavaScript")));
      serviceDef.setPolicyConditions(conditions);
      return serviceDef;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  static Resource table(String table) {
    return Resource.table("sales", table);
  }

  static Resource column(String table, String column) {
    return Resource.column("sales", table, column);
  }

  static Identity user(String name, String... groups) {
    return user(name, Map.of(), groups);
  }

  static Identity user(String name, Map<String, String> attributes, String... groups) {
    return Identity.of(
        name, Set.of(groups), Set.of(), attributes, AuthenticationMethod.PASSWORD_FILE);
  }
}
