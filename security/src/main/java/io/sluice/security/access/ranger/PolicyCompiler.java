package io.sluice.security.access.ranger;

import io.sluice.security.access.ranger.source.InvalidPoliciesException;
import io.sluice.security.access.ranger.source.PolicyJson;
import io.sluice.security.access.ranger.source.PolicySnapshot;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import org.apache.ranger.authorization.hadoop.config.RangerPluginConfig;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.conditionevaluator.RangerConditionEvaluator;
import org.apache.ranger.plugin.model.RangerPolicy;
import org.apache.ranger.plugin.model.RangerPolicy.RangerDataMaskPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItem;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemCondition;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemDataMaskInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyItemRowFilterInfo;
import org.apache.ranger.plugin.model.RangerPolicy.RangerPolicyResource;
import org.apache.ranger.plugin.model.RangerPolicy.RangerRowFilterPolicyItem;
import org.apache.ranger.plugin.model.RangerServiceDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerPolicyConditionDef;
import org.apache.ranger.plugin.model.RangerServiceDef.RangerResourceDef;
import org.apache.ranger.plugin.service.RangerBasePlugin;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a snapshot into a {@link CompiledPolicies}: Ranger's engine over a copy of the policies
 * from which everything that would reach a script engine has been taken out.
 *
 * <ul>
 *   <li>Row filter and custom mask expressions are replaced by opaque keys before Ranger sees them,
 *       so Ranger never resolves their {@code ${{...}}} macros; Sluice resolves them after
 *       evaluation, from the key, with {@link PolicyExpression}. An expression with a macro Sluice
 *       does not resolve is kept as unenforceable: a request it applies to is refused.
 *   <li>Conditions that Ranger would evaluate as JavaScript, whose evaluator is not on the
 *       classpath, or that the service definition does not define, and resource values with {@code
 *       ${{...}}} macros (their macros widened to {@code *}), are turned into a condition that
 *       refuses every request it is evaluated for, naming the policy.
 *   <li>Context enrichers and tag policies are dropped: Sluice has no tag or user store source.
 * </ul>
 */
final class PolicyCompiler {
  private static final Logger LOG = LoggerFactory.getLogger(PolicyCompiler.class);

  /** Every compiled set gets its own generation, whatever version number its source gave it. */
  private static final AtomicLong GENERATIONS = new AtomicLong();

  static final String SERVICE_TYPE = "hive";
  private static final String APP_ID = "sluice";
  private static final String EXPRESSION_KEY_PREFIX = "\u0000sluice-expression-";
  private static final String MACRO_START = "${{";
  private static final Pattern RESOURCE_MACRO = Pattern.compile("\\$\\{\\{.*?\\}\\}");
  private static final Set<String> REQUIRED_RESOURCES = Set.of("database", "table", "column");

  private final RangerAccessControlConfig config;
  private final Map<String, CompiledPolicies.Expression> expressions = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();
  private final Map<String, String> unenforceableConditionTypes = new HashMap<>();
  private Set<String> definedConditionTypes = Set.of();
  private boolean hasUnenforceable;

  private PolicyCompiler(RangerAccessControlConfig config) {
    this.config = config;
  }

  static CompiledPolicies compile(PolicySnapshot snapshot, RangerAccessControlConfig config)
      throws InvalidPoliciesException {
    try {
      return new PolicyCompiler(config).compileSnapshot(snapshot);
    } catch (RuntimeException e) {
      throw new InvalidPoliciesException(
          "Cannot use the policies from "
              + snapshot.origin()
              + ": Ranger's policy engine failed on them ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  private CompiledPolicies compileSnapshot(PolicySnapshot snapshot)
      throws InvalidPoliciesException {
    long started = System.nanoTime();
    String origin = snapshot.origin();
    ServicePolicies policies = PolicyJson.copy(snapshot.policies());
    if (policies.getPolicyDeltas() != null && !policies.getPolicyDeltas().isEmpty()) {
      throw new InvalidPoliciesException(
          "Cannot use the policies from "
              + origin
              + ": they are policy deltas; Sluice needs complete policy sets"
              + " (supportsPolicyDeltas=false)");
    }
    policies.setPolicyDeltas(null);
    if (policies.getPolicies() == null) {
      policies.setPolicies(new ArrayList<>());
    }
    String serviceName =
        policies.getServiceName() == null || policies.getServiceName().isBlank()
            ? config.serviceName()
            : policies.getServiceName();
    policies.setServiceName(serviceName);

    RangerServiceDef serviceDef =
        policies.getServiceDef() != null ? policies.getServiceDef() : embeddedHiveServiceDef();
    checkHiveType(serviceDef, origin);
    policies.setServiceDef(serviceDef);
    if (serviceDef.getContextEnrichers() != null && !serviceDef.getContextEnrichers().isEmpty()) {
      warnings.add(
          "context enrichers (tags, user store) are not used: Sluice has no source for them");
      serviceDef.setContextEnrichers(new ArrayList<>());
    }
    if (policies.getTagPolicies() != null
        && policies.getTagPolicies().getPolicies() != null
        && !policies.getTagPolicies().getPolicies().isEmpty()) {
      warnings.add(
          policies.getTagPolicies().getPolicies().size()
              + " tag-based policies are not enforced: Sluice has no tag source");
    }
    policies.setTagPolicies(null);
    compileConditionDefs(serviceDef);

    int count = 0;
    for (RangerPolicy policy : policies.getPolicies()) {
      compilePolicy(policy);
      count++;
    }
    if (policies.getSecurityZones() != null) {
      for (ServicePolicies.SecurityZoneInfo zone : policies.getSecurityZones().values()) {
        if (zone.getPolicies() != null) {
          for (RangerPolicy policy : zone.getPolicies()) {
            compilePolicy(policy);
            count++;
          }
        }
      }
    }

    Optional<RangerRoles> roles = snapshot.roles().map(PolicyJson::copy);
    // Without any policy Ranger's engine would deny everything anyway (and warn about it).
    RangerBasePlugin plugin = count == 0 ? null : buildPlugin(serviceName, policies, roles, origin);
    long millis = (System.nanoTime() - started) / 1_000_000;
    return new CompiledPolicies(
        plugin,
        Map.copyOf(expressions),
        hasUnenforceable,
        snapshot.version(),
        GENERATIONS.incrementAndGet(),
        snapshot.rolesVersion(),
        origin,
        count,
        List.copyOf(warnings),
        millis,
        memo(policies, hasUnenforceable));
  }

  private static DecisionMemo memo(ServicePolicies policies, boolean hasUnenforceable) {
    List<RangerPolicy> all = new ArrayList<>(policies.getPolicies());
    if (policies.getSecurityZones() != null) {
      for (ServicePolicies.SecurityZoneInfo zone : policies.getSecurityZones().values()) {
        if (zone.getPolicies() != null) {
          all.addAll(zone.getPolicies());
        }
      }
    }
    return DecisionMemo.forPolicies(all, hasUnenforceable);
  }

  private RangerBasePlugin buildPlugin(
      String serviceName, ServicePolicies policies, Optional<RangerRoles> roles, String origin)
      throws InvalidPoliciesException {
    String prefix = "ranger.plugin." + SERVICE_TYPE;
    Properties properties = new Properties();
    // Sluice's own sources deliver policies; Ranger must not poll, cache or enrich on its own.
    properties.setProperty(prefix + ".policyengine.option.disable.policy.refresher", "true");
    properties.setProperty(prefix + ".policyengine.option.disable.tag.retriever", "true");
    properties.setProperty(prefix + ".policyengine.option.disable.userstore.retriever", "true");
    properties.setProperty(prefix + ".enable.implicit.userstore.enricher", "false");
    properties.setProperty(prefix + ".access.cluster.name", config.clusterName());
    RangerPluginConfig pluginConfig =
        new RangerPluginConfig(SERVICE_TYPE, serviceName, APP_ID, properties);
    // Not init(): it would only start Ranger's audit machinery (a thread and a shutdown hook that
    // logs an error at every exit) and its policy refresher, and Sluice audits on its own.
    RangerBasePlugin plugin = new RangerBasePlugin(pluginConfig);
    // Ranger reports a failure to build its engine only in its log, and keeps no engine.
    plugin.setPolicies(policies);
    if (plugin.getCurrentRangerAuthContext() == null) {
      throw new InvalidPoliciesException(
          "Cannot use the policies from "
              + origin
              + ": Ranger's policy engine refused them (see the log of org.apache.ranger)");
    }
    roles.ifPresent(plugin::setRoles);
    return plugin;
  }

  private static void checkHiveType(RangerServiceDef serviceDef, String origin)
      throws InvalidPoliciesException {
    Set<String> resources = new HashSet<>();
    if (serviceDef.getResources() != null) {
      for (RangerResourceDef resource : serviceDef.getResources()) {
        resources.add(resource.getName());
      }
    }
    if (!resources.containsAll(REQUIRED_RESOURCES)) {
      throw new InvalidPoliciesException(
          "Cannot use the policies from "
              + origin
              + ": their service type '"
              + serviceDef.getName()
              + "' has no database, table and column resources; Sluice enforces Hive-type"
              + " policies");
    }
  }

  /** Marks the condition types Sluice will not evaluate and adds its refusing condition. */
  private void compileConditionDefs(RangerServiceDef serviceDef) {
    List<RangerPolicyConditionDef> definitions =
        serviceDef.getPolicyConditions() == null
            ? new ArrayList<>()
            : new ArrayList<>(serviceDef.getPolicyConditions());
    long maxItemId = 0;
    Set<String> defined = new HashSet<>();
    for (RangerPolicyConditionDef definition : definitions) {
      defined.add(definition.getName());
      if (definition.getItemId() != null) {
        maxItemId = Math.max(maxItemId, definition.getItemId());
      }
      String problem = unenforceableEvaluator(definition.getEvaluator());
      if (problem != null) {
        unenforceableConditionTypes.put(definition.getName(), problem);
        definition.setEvaluator(UnenforceableConditionEvaluator.class.getName());
      }
    }
    definitions.add(
        new RangerPolicyConditionDef(
            maxItemId + 1,
            UnenforceableConditionEvaluator.CONDITION_NAME,
            UnenforceableConditionEvaluator.class.getName(),
            new HashMap<>()));
    serviceDef.setPolicyConditions(definitions);
    definedConditionTypes = defined;
  }

  /** Why a condition evaluator cannot be used, or null when it can. */
  private static String unenforceableEvaluator(String className) {
    if (className == null || className.isBlank()) {
      return "it has no evaluator";
    }
    if (className.contains("Script")) {
      return "it is a script, which Sluice does not run";
    }
    try {
      Class<?> evaluator = Class.forName(className, false, PolicyCompiler.class.getClassLoader());
      if (!RangerConditionEvaluator.class.isAssignableFrom(evaluator)) {
        return "its evaluator " + className + " is not a condition evaluator";
      }
      return null;
    } catch (ClassNotFoundException | LinkageError e) {
      return "its evaluator " + className + " is not available";
    }
  }

  private void compilePolicy(RangerPolicy policy) {
    if (Boolean.FALSE.equals(policy.getIsEnabled())) {
      return;
    }
    String label = label(policy);
    List<String> problems = new ArrayList<>();

    if (widenResourceMacros(policy.getResources())) {
      problems.add("its resources use ${{...}} macros, which Sluice does not resolve");
    }
    if (policy.getAdditionalResources() != null) {
      for (Map<String, RangerPolicyResource> resources : policy.getAdditionalResources()) {
        if (widenResourceMacros(resources)) {
          problems.add("its resources use ${{...}} macros, which Sluice does not resolve");
        }
      }
    }
    long policyId = policy.getId() == null ? -1 : policy.getId();
    compileConditions(policy.getConditions(), label, policyId);
    for (List<? extends RangerPolicyItem> items : items(policy)) {
      for (RangerPolicyItem item : items) {
        compileConditions(item.getConditions(), label, policyId);
      }
    }
    if (policy.getRowFilterPolicyItems() != null) {
      for (RangerRowFilterPolicyItem item : policy.getRowFilterPolicyItems()) {
        RangerPolicyItemRowFilterInfo info = item.getRowFilterInfo();
        if (info != null && info.getFilterExpr() != null && !info.getFilterExpr().isBlank()) {
          info.setFilterExpr(register(policy, label, "row filter", info.getFilterExpr(), true));
        }
      }
    }
    if (policy.getDataMaskPolicyItems() != null) {
      for (RangerDataMaskPolicyItem item : policy.getDataMaskPolicyItems()) {
        RangerPolicyItemDataMaskInfo info = item.getDataMaskInfo();
        if (info == null) {
          continue;
        }
        if (info.getConditionExpr() != null && !info.getConditionExpr().isBlank()) {
          warnings.add(label + ": its mask condition is ignored; the mask always applies");
        }
        info.setConditionExpr(null);
        if (info.getValueExpr() != null && !info.getValueExpr().isBlank()) {
          info.setValueExpr(register(policy, label, "mask", info.getValueExpr(), false));
        }
      }
    }
    if (!problems.isEmpty()) {
      hasUnenforceable = true;
      String reason = label + ": " + problems.get(0);
      warnings.add(reason + "; requests it applies to are refused");
      for (List<? extends RangerPolicyItem> items : items(policy)) {
        for (RangerPolicyItem item : items) {
          List<RangerPolicyItemCondition> conditions =
              item.getConditions() == null
                  ? new ArrayList<>()
                  : new ArrayList<>(item.getConditions());
          conditions.add(
              new RangerPolicyItemCondition(
                  UnenforceableConditionEvaluator.CONDITION_NAME,
                  List.of(reason, Long.toString(policyId))));
          item.setConditions(conditions);
        }
      }
    }
  }

  private void compileConditions(
      List<RangerPolicyItemCondition> conditions, String label, long policyId) {
    if (conditions == null) {
      return;
    }
    for (RangerPolicyItemCondition condition : conditions) {
      String type = condition.getType();
      String problem = unenforceableConditionTypes.get(type);
      if (problem == null && !definedConditionTypes.contains(type)) {
        problem = "the service definition does not define it";
      }
      if (problem != null) {
        hasUnenforceable = true;
        String reason = label + ": its condition '" + type + "' cannot be evaluated: " + problem;
        warnings.add(reason + "; requests it applies to are refused");
        condition.setType(UnenforceableConditionEvaluator.CONDITION_NAME);
        condition.setValues(List.of(reason, Long.toString(policyId)));
      }
    }
  }

  /** Replaces each macro in resource values by {@code *}; whether there was any. */
  private static boolean widenResourceMacros(Map<String, RangerPolicyResource> resources) {
    boolean widened = false;
    if (resources == null) {
      return false;
    }
    for (RangerPolicyResource resource : resources.values()) {
      if (resource == null || resource.getValues() == null) {
        continue;
      }
      List<String> values = new ArrayList<>(resource.getValues().size());
      for (String value : resource.getValues()) {
        if (value != null && value.contains(MACRO_START)) {
          values.add(RESOURCE_MACRO.matcher(value).replaceAll("*"));
          widened = true;
        } else {
          values.add(value);
        }
      }
      resource.setValues(values);
    }
    return widened;
  }

  /** Keeps an expression for Sluice to resolve and gives Ranger an opaque key in its place. */
  private String register(
      RangerPolicy policy, String label, String kind, String text, boolean rowFilter) {
    String key = EXPRESSION_KEY_PREFIX + expressions.size();
    long policyId = policy.getId() == null ? -1 : policy.getId();
    try {
      expressions.put(
          key,
          CompiledPolicies.Expression.enforceable(
              policyId, PolicyExpression.parse(text, rowFilter)));
    } catch (PolicyExpression.UnenforceableExpressionException e) {
      hasUnenforceable = true;
      String reason = label + "'s " + kind + " cannot be applied: " + e.getMessage();
      warnings.add(reason + "; requests it applies to are refused");
      expressions.put(key, CompiledPolicies.Expression.unenforceable(policyId, reason));
    }
    return key;
  }

  private static List<List<? extends RangerPolicyItem>> items(RangerPolicy policy) {
    List<List<? extends RangerPolicyItem>> lists = new ArrayList<>();
    for (List<? extends RangerPolicyItem> items :
        Arrays.asList(
            policy.getPolicyItems(),
            policy.getDenyPolicyItems(),
            policy.getAllowExceptions(),
            policy.getDenyExceptions(),
            policy.getRowFilterPolicyItems(),
            policy.getDataMaskPolicyItems())) {
      if (items != null) {
        lists.add(items);
      }
    }
    return lists;
  }

  private static String label(RangerPolicy policy) {
    return "policy "
        + policy.getId()
        + (policy.getName() == null ? "" : " (" + policy.getName().strip() + ")");
  }

  private static RangerServiceDef embeddedHiveServiceDef() throws InvalidPoliciesException {
    String resource = "/service-defs/ranger-servicedef-" + SERVICE_TYPE + ".json";
    try (InputStream in = RangerBasePlugin.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new InvalidPoliciesException(
            "Ranger's Hive service definition is missing: " + resource);
      }
      return JsonUtils.getMapper().readValue(in, RangerServiceDef.class);
    } catch (IOException e) {
      throw new InvalidPoliciesException("Cannot read Ranger's Hive service definition", e);
    }
  }

  static void logWarnings(CompiledPolicies compiled) {
    for (String warning : compiled.warnings()) {
      LOG.warn("Policies from {}: {}", compiled.origin(), warning);
    }
  }
}
