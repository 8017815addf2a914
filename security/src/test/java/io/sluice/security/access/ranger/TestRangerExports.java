package io.sluice.security.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The two real Ranger exports (Ranger's own Hive agent test policies, and Kyuubi's authz test
 * policies), loaded unchanged, give the decisions their policies state.
 */
class TestRangerExports {
  private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", "test", "s1");

  private static RangerAccessControl hive;
  private static RangerAccessControl kyuubi;

  @BeforeAll
  static void load() {
    // Without the default super-user, so that policy 24 is what lets admin in.
    RangerAccessControlConfig config =
        RangerAccessControlConfig.defaults().withSuperUsers(Set.of(), Set.of());
    hive =
        new RangerAccessControl(
            config, TestingPolicySource.ofResource("ranger/hive-policies-example.json"));
    kyuubi =
        new RangerAccessControl(
            config, TestingPolicySource.ofResource("ranger/kyuubi-authz-policies-example.json"));
  }

  @AfterAll
  static void close() {
    hive.close();
    kyuubi.close();
  }

  @Test
  void hiveExportLoadsWithItsVersion() {
    assertThat(hive.policyVersion()).isEqualTo(19);
    assertThat(kyuubi.policyVersion()).isEqualTo(85);
  }

  @Test
  void hiveExportAllowsWhatItsPoliciesGrant() {
    assertAllowed(
        hive, user("bob"), Resource.column("rangerauthz", "words", "word"), AccessType.SELECT, 23);
    assertAllowed(hive, user("bob"), Resource.table("rangerauthz", "words"), AccessType.UPDATE, 23);
    assertAllowed(
        hive, user("bob"), Resource.table("anything", "new_table"), AccessType.CREATE, 24);
    assertAllowed(
        hive, user("admin"), Resource.column("sales", "orders", "total"), AccessType.DROP, 24);
    assertAllowed(
        hive,
        user("alice", "IT"),
        Resource.column("rangerauthz", "words", "count"),
        AccessType.SELECT,
        25);
    assertAllowed(
        hive,
        user("alice", "IT"),
        Resource.column("rangerauthz", "a_tmp_1", "x"),
        AccessType.SELECT,
        26);
    assertAllowed(hive, user("tom"), Resource.column("test1", "t", "c"), AccessType.ALTER, 15);
  }

  @Test
  void hiveExportDeniesWhatNoPolicyGrants() {
    assertDenied(
        hive, user("dave"), Resource.column("rangerauthz", "words", "word"), AccessType.UPDATE);
    assertDenied(
        hive,
        user("alice", "IT"),
        Resource.column("rangerauthz", "words", "word"),
        AccessType.SELECT);
    assertDenied(
        hive, user("tom"), Resource.column("rangerauthz", "words", "word"), AccessType.SELECT);
    assertDenied(hive, user("nobody"), Resource.schema("rangerauthz"), AccessType.SELECT);
  }

  @Test
  void hiveExportFiltersDavesRowsAndHashesJanesWords() {
    assertThat(hive.rowFilter(user("dave"), Resource.table("rangerauthz", "words"), CONTEXT))
        .contains(new RowFilter("count >= '80'", 27));
    assertThat(hive.rowFilter(user("bob"), Resource.table("rangerauthz", "words"), CONTEXT))
        .isEmpty();
    assertThat(
            hive.columnMask(user("jane"), Resource.column("rangerauthz", "words", "word"), CONTEXT))
        .contains(new ColumnMask(MaskType.MASK_HASH, Optional.empty(), 28));
    assertThat(
            hive.columnMask(
                user("jane"), Resource.column("rangerauthz", "words", "count"), CONTEXT))
        .isEmpty();
    assertThat(
            hive.columnMask(user("bob"), Resource.column("rangerauthz", "words", "word"), CONTEXT))
        .isEmpty();
  }

  @Test
  void kyuubiExportGivesColumnAndTableGrants() {
    assertAllowed(
        kyuubi, user("kent"), Resource.column("default", "src", "key"), AccessType.SELECT, 4);
    assertDenied(
        kyuubi, user("kent"), Resource.column("default", "src", "value1"), AccessType.SELECT);
    assertAllowed(
        kyuubi, user("bob"), Resource.column("default", "src", "value1"), AccessType.SELECT, 3);
    assertAllowed(
        kyuubi,
        user("bob"),
        Resource.column("default_bob", "table_select_1", "c"),
        AccessType.SELECT,
        6);
    assertDenied(
        kyuubi, user("bob"), Resource.table("default_bob", "table_select_1"), AccessType.UPDATE);
    assertAllowed(
        kyuubi, user("bob"), Resource.table("default_bob", "table_use_1"), AccessType.UPDATE, 5);
    assertAllowed(
        kyuubi,
        user("user_perm_view_only"),
        Resource.column("default", "perm_view", "key"),
        AccessType.SELECT,
        7);
    assertDenied(
        kyuubi,
        user("user_perm_view_only"),
        Resource.column("default", "src", "key"),
        AccessType.SELECT);
    assertAllowed(
        kyuubi,
        user("create_only_user"),
        Resource.table("default", "new_table"),
        AccessType.CREATE,
        3);
    assertDenied(
        kyuubi,
        user("create_only_user"),
        Resource.column("default", "src", "key"),
        AccessType.SELECT);
  }

  @Test
  void kyuubiExportFiltersRowsPerTable() {
    assertThat(kyuubi.rowFilter(user("bob"), Resource.table("default", "src"), CONTEXT))
        .contains(new RowFilter("key<20", 11));
    assertThat(
            kyuubi.rowFilter(
                user("perm_view_user"), Resource.table("default", "perm_view"), CONTEXT))
        .contains(new RowFilter("key<20", 12));
    assertThat(kyuubi.rowFilter(user("kent"), Resource.table("default", "src"), CONTEXT)).isEmpty();
  }

  @Test
  void kyuubiExportMasksEachColumnWithItsType() {
    Map<String, ColumnMask> expected =
        Map.of(
            "value1", new ColumnMask(MaskType.MASK_HASH, Optional.empty(), 13),
            "value2", new ColumnMask(MaskType.MASK, Optional.empty(), 15),
            "value3", new ColumnMask(MaskType.MASK_SHOW_FIRST_4, Optional.empty(), 16),
            "value4", new ColumnMask(MaskType.MASK_DATE_SHOW_YEAR, Optional.empty(), 17),
            "value5", new ColumnMask(MaskType.MASK_SHOW_LAST_4, Optional.empty(), 18));
    expected.forEach(
        (column, mask) ->
            assertThat(
                    kyuubi.columnMask(
                        user("bob"), Resource.column("default", "src", column), CONTEXT))
                .as(column)
                .contains(mask));
    assertThat(kyuubi.columnMask(user("bob"), Resource.column("default", "src", "key"), CONTEXT))
        .isEmpty();
    assertThat(
            kyuubi.columnMask(user("kent"), Resource.column("default", "src", "value1"), CONTEXT))
        .isEmpty();
  }

  static Identity user(String name, String... groups) {
    return Identity.of(
        name, Set.of(groups), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE);
  }

  static void assertAllowed(
      RangerAccessControl control,
      Identity identity,
      Resource resource,
      AccessType action,
      long policyId) {
    AccessDecision decision = control.check(identity, resource, action, CONTEXT);
    assertThat(decision)
        .as("%s %s %s", identity.user(), action, resource)
        .isEqualTo(
            new AccessDecision(true, OptionalLong.of(policyId), "allowed by policy " + policyId));
  }

  static void assertDenied(
      RangerAccessControl control, Identity identity, Resource resource, AccessType action) {
    AccessDecision decision = control.check(identity, resource, action, CONTEXT);
    assertThat(decision.allowed())
        .as("%s %s %s: %s", identity.user(), action, resource, decision)
        .isFalse();
  }
}
