package io.sluice.security.access.ranger;

import java.util.List;
import org.apache.ranger.plugin.conditionevaluator.RangerAbstractConditionEvaluator;
import org.apache.ranger.plugin.policyengine.RangerAccessRequest;

/**
 * Stands in for a policy condition that Sluice will not evaluate: a script ({@code _expression} and
 * the other JavaScript conditions, which would run any Java in the gateway), an evaluator that is
 * not on the classpath, or a condition the service definition does not define. Ranger itself would
 * skip such a condition or treat it as met; Sluice fails closed instead. The condition's value
 * holds the reason, naming the policy, and a request that reaches it is refused with it.
 *
 * <p>Public only because Ranger instantiates condition evaluators by class name.
 */
public final class UnenforceableConditionEvaluator extends RangerAbstractConditionEvaluator {
  /** The condition type that the policies refer to after compilation. */
  static final String CONDITION_NAME = "__sluice_unenforceable";

  @Override
  public boolean isMatched(RangerAccessRequest request) {
    List<String> values = condition == null ? null : condition.getValues();
    if (values == null || values.size() < 2) {
      throw new UnenforceablePolicyException("a policy has a condition Sluice cannot evaluate", -1);
    }
    throw new UnenforceablePolicyException(values.get(0), Long.parseLong(values.get(1)));
  }
}
