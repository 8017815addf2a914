package io.sluice.security.access.ranger;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.security.access.Resource;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemCondition;
import org.apache.ranger.plugin.model.RangerValiditySchedule;
import org.junit.jupiter.api.Test;

/** Answers are remembered only when they cannot depend on anything but identity and resource. */
class TestDecisionMemo {
  private static final Identity ALICE =
      Identity.of(
          "alice", Set.of("analysts"), Set.of(), Map.of(), AuthenticationMethod.OIDC_BEARER_TOKEN);
  private static final Identity BOB =
      Identity.of("bob", Set.of(), Set.of(), Map.of(), AuthenticationMethod.OIDC_BEARER_TOKEN);

  @Test
  void plainPoliciesAreMemoizedPerIdentityResourceAndQuestion() {
    DecisionMemo memo = DecisionMemo.forPolicies(List.of(plainPolicy()), false);
    assertThat(memo.enabled()).isTrue();
    AtomicInteger evaluations = new AtomicInteger();
    Resource phone = Resource.column("tpch", "customer", "c_phone");
    for (int call = 0; call < 3; call++) {
      assertThat(memo.answer(ALICE, phone, "check:SELECT", evaluations::incrementAndGet))
          .isEqualTo(1);
    }
    memo.answer(BOB, phone, "check:SELECT", evaluations::incrementAndGet);
    memo.answer(ALICE, phone, "columnMask", evaluations::incrementAndGet);
    memo.answer(
        ALICE,
        Resource.column("tpch", "customer", "c_name"),
        "check:SELECT",
        evaluations::incrementAndGet);
    assertThat(evaluations).hasValue(4);
  }

  @Test
  void conditionsSchedulesOrUnenforceablePoliciesTurnItOff() {
    RangerPolicy withItemCondition = plainPolicy();
    withItemCondition
        .getPolicyItems()
        .get(0)
        .setConditions(List.of(new RangerPolicyItemCondition("ip-range", List.of("10.*"))));
    RangerPolicy withSchedule = plainPolicy();
    withSchedule.setValiditySchedules(List.of(new RangerValiditySchedule()));
    RangerPolicy withPolicyCondition = plainPolicy();
    withPolicyCondition.setConditions(
        List.of(new RangerPolicyItemCondition("_expression", List.of("true"))));

    assertThat(DecisionMemo.forPolicies(List.of(withItemCondition), false).enabled()).isFalse();
    assertThat(DecisionMemo.forPolicies(List.of(withSchedule), false).enabled()).isFalse();
    assertThat(DecisionMemo.forPolicies(List.of(withPolicyCondition), false).enabled()).isFalse();
    assertThat(DecisionMemo.forPolicies(List.of(plainPolicy()), true).enabled()).isFalse();

    DecisionMemo off = DecisionMemo.off();
    AtomicInteger evaluations = new AtomicInteger();
    Resource table = Resource.table("tpch", "orders");
    off.answer(ALICE, table, "rowFilter", evaluations::incrementAndGet);
    off.answer(ALICE, table, "rowFilter", evaluations::incrementAndGet);
    assertThat(evaluations).hasValue(2);
  }

  private static RangerPolicy plainPolicy() {
    RangerPolicy policy = new RangerPolicy();
    policy.setId(1L);
    RangerPolicyItem item = new RangerPolicyItem();
    item.setGroups(List.of("analysts"));
    policy.setPolicyItems(new java.util.ArrayList<>(List.of(item)));
    return policy;
  }
}
