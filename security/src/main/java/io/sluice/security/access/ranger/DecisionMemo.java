package io.sluice.security.access.ranger;

import io.sluice.security.access.Resource;
import io.sluice.security.authn.Identity;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;

/**
 * Remembers the answers of one compiled policy set, per identity and resource: the planner asks
 * about every column of every statement, a Ranger evaluation costs a few microseconds, and the same
 * analyst asks the same questions all day. It belongs to one {@link CompiledPolicies}, so a policy
 * reload starts from nothing.
 *
 * <p>On only when every answer depends on nothing but the identity (user, groups, roles,
 * attributes) and the resource: a policy set with validity schedules, policy or item conditions
 * (client address, time, scripts) or anything Sluice cannot enforce is never memoized. Bounded:
 * when full it starts over.
 */
final class DecisionMemo {
  private static final int MAXIMUM_ENTRIES = 100_000;

  private final boolean enabled;
  private final Map<Key, Object> answers = new ConcurrentHashMap<>();

  private DecisionMemo(boolean enabled) {
    this.enabled = enabled;
  }

  static DecisionMemo off() {
    return new DecisionMemo(false);
  }

  /** A memo for these policies, on only when their answers depend on identity and resource. */
  static DecisionMemo forPolicies(List<RangerPolicy> policies, boolean hasUnenforceable) {
    if (hasUnenforceable) {
      return off();
    }
    for (RangerPolicy policy : policies) {
      if (!contextFree(policy)) {
        return off();
      }
    }
    return new DecisionMemo(true);
  }

  boolean enabled() {
    return enabled;
  }

  /** The answer to a question, computed once per identity, resource and question. */
  @SuppressWarnings("unchecked")
  <T> T answer(Identity identity, Resource resource, String question, Supplier<T> compute) {
    if (!enabled) {
      return compute.get();
    }
    Key key = new Key(identity, resource, question);
    Object known = answers.get(key);
    if (known != null) {
      return (T) known;
    }
    T answer = compute.get();
    if (answers.size() >= MAXIMUM_ENTRIES) {
      answers.clear();
    }
    answers.put(key, answer);
    return answer;
  }

  private static boolean contextFree(RangerPolicy policy) {
    if (policy.getValiditySchedules() != null && !policy.getValiditySchedules().isEmpty()) {
      return false;
    }
    if (policy.getConditions() != null && !policy.getConditions().isEmpty()) {
      return false;
    }
    return itemsContextFree(policy.getPolicyItems())
        && itemsContextFree(policy.getDenyPolicyItems())
        && itemsContextFree(policy.getAllowExceptions())
        && itemsContextFree(policy.getDenyExceptions())
        && itemsContextFree(policy.getDataMaskPolicyItems())
        && itemsContextFree(policy.getRowFilterPolicyItems());
  }

  private static boolean itemsContextFree(List<? extends RangerPolicyItem> items) {
    if (items == null) {
      return true;
    }
    for (RangerPolicyItem item : items) {
      if (item.getConditions() != null && !item.getConditions().isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private record Key(Identity identity, Resource resource, String question) {}
}
