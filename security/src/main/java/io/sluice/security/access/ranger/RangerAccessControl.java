package io.sluice.security.access.ranger;

import static java.util.Objects.requireNonNull;

import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.ColumnMask.MaskType;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.security.access.ranger.source.InvalidPoliciesException;
import io.sluice.security.access.ranger.source.PolicySnapshot;
import io.sluice.security.access.ranger.source.PolicySource;
import io.sluice.security.authn.Identity;
import java.util.Date;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.ranger.plugin.policyengine.RangerAccessRequest.ResourceMatchingScope;
import org.apache.ranger.plugin.policyengine.RangerAccessRequestImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResourceImpl;
import org.apache.ranger.plugin.policyengine.RangerAccessResult;
import org.apache.ranger.plugin.policyengine.RangerPolicyEngine;
import org.apache.ranger.plugin.util.RangerAccessRequestUtil;
import org.apache.ranger.plugin.util.RangerUserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranger policies, enforced by Ranger's own policy engine embedded in the gateway (Hive service
 * type: a {@link Resource}'s schema, table and column are Ranger's database, table and column).
 * Priorities, deny items, exceptions, roles, and first-match row filters and masks are Ranger's,
 * exactly, because Ranger's engine decides them.
 *
 * <p>What Ranger would hand to a JavaScript engine, Sluice does itself or refuses: {@code ${{...}}}
 * macros in row filters and custom masks are resolved from the identity with proper SQL quoting
 * after Ranger has chosen the filter or mask ({@link PolicyExpression}); script conditions and
 * unknown macros make the requests they apply to fail closed, with a reason naming the policy. No
 * script engine is ever created.
 *
 * <p>Policies come from a {@link PolicySource}; each new set is compiled into a new engine on the
 * source's thread and swapped in with one volatile write, so a reload never blocks a check, and a
 * check sees either the old or the new policies, whole. Until a source delivers policies, and when
 * it has none, only super-users have access.
 */
public final class RangerAccessControl implements AccessControl, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RangerAccessControl.class);

  /** A row filter that lets no row through, where a filter applies but cannot be enforced. */
  private static final String NO_ROWS = "FALSE";

  private final RangerAccessControlConfig config;
  private final PolicySource source;
  private final Object installLock = new Object();
  private volatile CompiledPolicies current;

  /**
   * Enforces the policies {@code source} delivers; starts it, and closes it on {@link #close()}.
   */
  public RangerAccessControl(RangerAccessControlConfig config, PolicySource source) {
    this.config = requireNonNull(config, "config");
    this.source = requireNonNull(source, "source");
    warnIfRangerLogsAtDebug();
    try {
      this.current = PolicyCompiler.compile(PolicySnapshot.empty("(no policies yet)"), config);
    } catch (InvalidPoliciesException e) {
      throw new IllegalStateException("Cannot build Ranger's engine without policies", e);
    }
    source.start(this::install);
  }

  private void install(PolicySnapshot snapshot) throws InvalidPoliciesException {
    synchronized (installLock) {
      CompiledPolicies compiled = PolicyCompiler.compile(snapshot, config);
      PolicyCompiler.logWarnings(compiled);
      long previousVersion = current.version();
      current = compiled;
      LOG.info(
          "Policies version {} from {} in force: {} policies{}, engine built in {} ms"
              + " (version {} before)",
          compiled.version(),
          compiled.origin(),
          compiled.policyCount(),
          compiled.rolesVersion() >= 0 ? ", roles version " + compiled.rolesVersion() : "",
          compiled.compileMillis(),
          previousVersion);
    }
  }

  @Override
  public AccessDecision check(
      Identity identity, Resource resource, AccessType action, RequestContext context) {
    requireNonNull(identity, "identity");
    requireNonNull(resource, "resource");
    requireNonNull(action, "action");
    if (isSuperUser(identity)) {
      return new AccessDecision(true, OptionalLong.empty(), "super-user");
    }
    CompiledPolicies policies = current;
    if (policies.isEmpty()) {
      return new AccessDecision(
          false, OptionalLong.empty(), "no policies are loaded: only super-users have access");
    }
    return policies
        .memo()
        .answer(
            identity,
            resource,
            "check:" + action.name(),
            () -> evaluate(policies, identity, resource, action, context));
  }

  private AccessDecision evaluate(
      CompiledPolicies policies,
      Identity identity,
      Resource resource,
      AccessType action,
      RequestContext context) {
    Set<String> roles = roles(policies, identity);
    RangerAccessRequestImpl request =
        request(identity, roles, resource, accessType(action), context);
    if (action == AccessType.ANY) {
      // Visibility in listings: a schema is visible to whoever may use anything inside it.
      request.setResourceMatchingScope(ResourceMatchingScope.SELF_OR_DESCENDANTS);
    }
    RangerAccessResult result;
    try {
      result = policies.plugin().isAccessAllowed(request, null);
    } catch (UnenforceablePolicyException e) {
      return denied(e);
    }
    long policyId = result == null ? -1 : result.getPolicyId();
    if (result == null || !result.getIsAllowed()) {
      return new AccessDecision(
          false,
          policyId >= 0 ? OptionalLong.of(policyId) : OptionalLong.empty(),
          policyId >= 0
              ? "denied by policy " + policyId
              : "no policy allows " + action.rangerName() + " on " + resource);
    }
    if (policies.hasUnenforceable()
        && action == AccessType.SELECT
        && resource.table().isPresent()) {
      Optional<String> refusal =
          unenforceableReadRefusal(policies, identity, roles, resource, context);
      if (refusal.isPresent()) {
        return new AccessDecision(false, OptionalLong.empty(), refusal.get());
      }
    }
    return new AccessDecision(
        true,
        policyId >= 0 ? OptionalLong.of(policyId) : OptionalLong.empty(),
        policyId >= 0 ? "allowed by policy " + policyId : "allowed");
  }

  @Override
  public Optional<RowFilter> rowFilter(Identity identity, Resource table, RequestContext context) {
    requireNonNull(identity, "identity");
    requireNonNull(table, "table");
    if (table.table().isEmpty() || table.column().isPresent()) {
      throw new IllegalArgumentException("A row filter applies to a table, not to " + table);
    }
    if (isSuperUser(identity)) {
      return Optional.empty();
    }
    CompiledPolicies policies = current;
    if (policies.isEmpty()) {
      return Optional.empty();
    }
    return policies
        .memo()
        .answer(
            identity,
            table,
            "rowFilter",
            () ->
                Optional.ofNullable(
                    rowFilter(policies, identity, roles(policies, identity), table, context)
                        .value()));
  }

  @Override
  public Optional<ColumnMask> columnMask(
      Identity identity, Resource column, RequestContext context) {
    requireNonNull(identity, "identity");
    requireNonNull(column, "column");
    if (column.column().isEmpty()) {
      throw new IllegalArgumentException("A mask applies to a column, not to " + column);
    }
    if (isSuperUser(identity)) {
      return Optional.empty();
    }
    CompiledPolicies policies = current;
    if (policies.isEmpty()) {
      return Optional.empty();
    }
    return policies
        .memo()
        .answer(
            identity,
            column,
            "columnMask",
            () ->
                Optional.ofNullable(
                    columnMask(policies, identity, roles(policies, identity), column, context)
                        .value()));
  }

  @Override
  public boolean isSuperUser(Identity identity) {
    if (config.superUsers().contains(identity.user())) {
      return true;
    }
    if (!config.superGroups().isEmpty()) {
      for (String group : identity.groups()) {
        if (config.superGroups().contains(group)) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public long policyVersion() {
    return current.version();
  }

  @Override
  public PolicyEpoch policyEpoch() {
    CompiledPolicies policies = current;
    return new PolicyEpoch(policies.generation(), policies.memo().enabled());
  }

  /** Stops the policy source. */
  @Override
  public void close() {
    source.close();
  }

  /**
   * The row filter, or, when the filter that applies cannot be enforced, a filter that lets no row
   * through together with the reason.
   */
  private Outcome<RowFilter> rowFilter(
      CompiledPolicies policies,
      Identity identity,
      Set<String> roles,
      Resource table,
      RequestContext context) {
    RangerAccessRequestImpl request =
        request(identity, roles, table, AccessType.SELECT.rangerName(), context);
    RangerAccessResult result;
    try {
      result = policies.plugin().evalRowFilterPolicies(request, null);
    } catch (UnenforceablePolicyException e) {
      return Outcome.refused(new RowFilter(NO_ROWS, e.policyId()), e.getMessage());
    }
    if (result == null || !result.isRowFilterEnabled()) {
      return Outcome.of(null);
    }
    long policyId = result.getPolicyId();
    CompiledPolicies.Expression expression = policies.expressions().get(result.getFilterExpr());
    if (expression == null) {
      // Every filter is compiled into a key; a text that is not one is a bug, so fail closed.
      return Outcome.refused(
          new RowFilter(NO_ROWS, policyId),
          "the row filter of policy " + policyId + " was not compiled");
    }
    if (expression.expression() == null) {
      return Outcome.refused(new RowFilter(NO_ROWS, policyId), expression.unenforceableReason());
    }
    String sql = expression.expression().resolve(subject(identity, roles));
    return Outcome.of(new RowFilter(sql, policyId));
  }

  /** The mask, or, when the mask that applies cannot be enforced, {@code MASK_NULL} and why. */
  private Outcome<ColumnMask> columnMask(
      CompiledPolicies policies,
      Identity identity,
      Set<String> roles,
      Resource column,
      RequestContext context) {
    RangerAccessRequestImpl request =
        request(identity, roles, column, AccessType.SELECT.rangerName(), context);
    RangerAccessResult result;
    try {
      result = policies.plugin().evalDataMaskPolicies(request, null);
    } catch (UnenforceablePolicyException e) {
      return Outcome.refused(nullMask(e.policyId()), e.getMessage());
    }
    if (result == null || result.getPolicyId() < 0 || result.getMaskType() == null) {
      return Outcome.of(null);
    }
    long policyId = result.getPolicyId();
    MaskType type;
    try {
      type = MaskType.valueOf(result.getMaskType());
    } catch (IllegalArgumentException e) {
      return Outcome.refused(
          nullMask(policyId),
          "policy "
              + policyId
              + " masks with '"
              + result.getMaskType()
              + "', a mask type Sluice does not know");
    }
    if (type != MaskType.CUSTOM) {
      return Outcome.of(new ColumnMask(type, Optional.empty(), policyId));
    }
    String key = result.getMaskedValue();
    if (key == null || key.isBlank()) {
      // Ranger's CUSTOM mask without an expression is NULL.
      return Outcome.of(nullMask(policyId));
    }
    CompiledPolicies.Expression expression = policies.expressions().get(key);
    if (expression == null) {
      return Outcome.refused(
          nullMask(policyId), "the mask of policy " + policyId + " was not compiled");
    }
    if (expression.expression() == null) {
      return Outcome.refused(nullMask(policyId), expression.unenforceableReason());
    }
    String sql = expression.expression().resolve(subject(identity, roles));
    return Outcome.of(new ColumnMask(MaskType.CUSTOM, Optional.of(sql), policyId));
  }

  /**
   * Why a read that the policies allow must still be refused: the row filter or mask that applies
   * to it cannot be enforced. Only looked for when some policy has such a part.
   */
  private Optional<String> unenforceableReadRefusal(
      CompiledPolicies policies,
      Identity identity,
      Set<String> roles,
      Resource resource,
      RequestContext context) {
    Outcome<?> outcome =
        resource.column().isPresent()
            ? columnMask(policies, identity, roles, resource, context)
            : rowFilter(
                policies,
                identity,
                roles,
                Resource.table(resource.schema(), resource.table().orElseThrow()),
                context);
    return Optional.ofNullable(outcome.refusal());
  }

  private RangerAccessRequestImpl request(
      Identity identity,
      Set<String> roles,
      Resource resource,
      String accessType,
      RequestContext context) {
    RangerAccessResourceImpl rangerResource = new RangerAccessResourceImpl();
    rangerResource.setValue("database", resource.schema());
    resource.table().ifPresent(table -> rangerResource.setValue("table", table));
    resource.column().ifPresent(column -> rangerResource.setValue("column", column));
    RangerAccessRequestImpl request =
        new RangerAccessRequestImpl(
            rangerResource, accessType, identity.user(), identity.groups(), roles);
    request.setAccessTime(new Date());
    request.setClusterName(config.clusterName());
    if (context != null) {
      request.setClientIPAddress(context.clientAddress());
      request.setRemoteIPAddress(context.clientAddress());
      request.setClientType(context.protocol());
      request.setSessionId(context.sessionId());
    }
    if (!identity.attributes().isEmpty()) {
      // Ranger's user store for this request: the identity's attributes, no group attributes.
      RangerUserStore userStore = new RangerUserStore();
      userStore.setUserAttrMapping(Map.of(identity.user(), identity.attributes()));
      userStore.setGroupAttrMapping(Map.of());
      RangerAccessRequestUtil.setRequestUserStoreInContext(request.getContext(), userStore);
    }
    return request;
  }

  /**
   * The identity's roles (from its provider) and those the policies' roles grant to the user or the
   * user's groups. Ranger consults its roles only when a request brings none, so Sluice joins them
   * itself.
   */
  private static Set<String> roles(CompiledPolicies policies, Identity identity) {
    Set<String> granted =
        policies.plugin().getRolesFromUserAndGroups(identity.user(), identity.groups());
    if (granted == null || granted.isEmpty()) {
      return identity.roles();
    }
    SortedSet<String> roles = new TreeSet<>(identity.roles());
    roles.addAll(granted);
    return roles;
  }

  private static MacroSubject subject(Identity identity, Set<String> roles) {
    return new MacroSubject(
        identity.user(), identity.groups(), new TreeSet<>(roles), identity.attributes());
  }

  private static String accessType(AccessType action) {
    return action == AccessType.ANY ? RangerPolicyEngine.ANY_ACCESS : action.rangerName();
  }

  private static AccessDecision denied(UnenforceablePolicyException e) {
    return new AccessDecision(
        false,
        e.policyId() >= 0 ? OptionalLong.of(e.policyId()) : OptionalLong.empty(),
        e.getMessage());
  }

  private static ColumnMask nullMask(long policyId) {
    return new ColumnMask(MaskType.MASK_NULL, Optional.empty(), policyId);
  }

  private static void warnIfRangerLogsAtDebug() {
    if (LoggerFactory.getLogger("org.apache.ranger").isDebugEnabled()) {
      LOG.warn(
          "Ranger's loggers (org.apache.ranger) are at DEBUG: every access check costs about 70"
              + " times more. Set them to WARN.");
    }
  }

  /** A filter or mask (null for none), and why it had to replace one that cannot be enforced. */
  private record Outcome<T>(T value, String refusal) {
    static <T> Outcome<T> of(T value) {
      return new Outcome<>(value, null);
    }

    static <T> Outcome<T> refused(T value, String refusal) {
      return new Outcome<>(value, refusal);
    }
  }
}
