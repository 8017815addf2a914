package io.sluice.planner;

import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.security.authn.Identity;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An access control that answers from maps, for tests: grants and denials per user, action and
 * resource ({@code schema}, {@code schema.table} or {@code schema.table.column}; a grant or denial
 * on a schema or table covers what is in it, a denial wins over a grant), row filters per table,
 * masks per column, super-users. Every question it answers is recorded.
 */
public final class TestingAccessControl implements AccessControl {
  private final boolean allowEverything;
  private final boolean identityOnly;
  private final Set<String> superUsers;
  private final Map<Key, Long> grants;
  private final Map<Key, Long> denials;
  private final Map<String, RowFilter> rowFilters;
  private final Map<String, ColumnMask> masks;
  private final ConcurrentLinkedQueue<String> questions = new ConcurrentLinkedQueue<>();

  private TestingAccessControl(Builder builder) {
    this.allowEverything = builder.allowEverything;
    this.identityOnly = builder.identityOnly;
    this.superUsers = Set.copyOf(builder.superUsers);
    this.grants = Map.copyOf(builder.grants);
    this.denials = Map.copyOf(builder.denials);
    this.rowFilters = Map.copyOf(builder.rowFilters);
    this.masks = Map.copyOf(builder.masks);
  }

  /** Allows every access to everyone, with no row filters and no masks; nobody is a super-user. */
  public static TestingAccessControl allowAll() {
    Builder builder = builder();
    builder.allowEverything = true;
    return builder.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public AccessDecision check(
      Identity identity, Resource resource, AccessType action, RequestContext context) {
    questions.add(action.rangerName() + " " + resource);
    for (String name : coveringNames(resource)) {
      Long denial = denials.get(new Key(identity.user(), action, name));
      if (denial != null) {
        return new AccessDecision(false, OptionalLong.of(denial), "denied by policy " + denial);
      }
    }
    if (allowEverything) {
      return new AccessDecision(true, OptionalLong.empty(), "allowed by the test");
    }
    for (String name : coveringNames(resource)) {
      Long grant = grants.get(new Key(identity.user(), action, name));
      if (grant == null && action == AccessType.ANY) {
        // Any access to the resource, to something in it, or to what contains it; not to its
        // siblings.
        grant =
            name.equals(resource.toString())
                ? anyGrantWithin(identity.user(), name)
                : anyGrantOn(identity.user(), name);
      }
      if (grant != null) {
        return new AccessDecision(true, OptionalLong.of(grant), "allowed by policy " + grant);
      }
    }
    return new AccessDecision(false, OptionalLong.empty(), "no policy allows it");
  }

  @Override
  public Optional<RowFilter> rowFilter(Identity identity, Resource table, RequestContext context) {
    questions.add("row filter " + table);
    return Optional.ofNullable(rowFilters.get(identity.user() + " " + table));
  }

  @Override
  public Optional<ColumnMask> columnMask(
      Identity identity, Resource column, RequestContext context) {
    questions.add("mask " + column);
    return Optional.ofNullable(masks.get(identity.user() + " " + column));
  }

  @Override
  public boolean isSuperUser(Identity identity) {
    return superUsers.contains(identity.user());
  }

  @Override
  public long policyVersion() {
    return 1;
  }

  /**
   * Generation 1; answers count as depending on identity and resource only when the builder said
   * so, so that tests counting questions see every statement asked about by default.
   */
  @Override
  public PolicyEpoch policyEpoch() {
    return new PolicyEpoch(1, identityOnly);
  }

  /** The access checks asked so far ({@code select tpch.orders.o_comment}), in order. */
  public List<String> checks() {
    List<String> checks = new ArrayList<>();
    for (String question : questions) {
      if (!question.startsWith("row filter ") && !question.startsWith("mask ")) {
        checks.add(question);
      }
    }
    return checks;
  }

  /** Every question asked so far, checks, row filters and masks, in order. */
  public List<String> questions() {
    return List.copyOf(questions);
  }

  private Long anyGrantWithin(String user, String name) {
    for (Map.Entry<Key, Long> grant : grants.entrySet()) {
      if (grant.getKey().user().equals(user)
          && (grant.getKey().resource().equals(name)
              || grant.getKey().resource().startsWith(name + "."))) {
        return grant.getValue();
      }
    }
    return null;
  }

  private Long anyGrantOn(String user, String name) {
    for (Map.Entry<Key, Long> grant : grants.entrySet()) {
      if (grant.getKey().user().equals(user) && grant.getKey().resource().equals(name)) {
        return grant.getValue();
      }
    }
    return null;
  }

  /** The resource's own name and its schema's and table's. */
  private static List<String> coveringNames(Resource resource) {
    List<String> names = new ArrayList<>();
    names.add(resource.toString());
    resource.table().ifPresent(table -> names.add(resource.schema() + "." + table));
    names.add(resource.schema());
    return names;
  }

  private record Key(String user, AccessType action, String resource) {}

  public static final class Builder {
    private boolean allowEverything;
    private boolean identityOnly;
    private final Set<String> superUsers = new HashSet<>();
    private final Map<Key, Long> grants = new HashMap<>();
    private final Map<Key, Long> denials = new HashMap<>();
    private final Map<String, RowFilter> rowFilters = new HashMap<>();
    private final Map<String, ColumnMask> masks = new HashMap<>();

    private Builder() {}

    /** Allows every access to everyone, with the row filters and masks given. */
    public Builder allowEverything() {
      allowEverything = true;
      return this;
    }

    /** Declares every answer a function of identity and resource: plans may be remembered. */
    public Builder identityOnly() {
      identityOnly = true;
      return this;
    }

    public Builder superUser(String user) {
      superUsers.add(user);
      return this;
    }

    /** Grants an action on a schema, a table or a column, by a policy. */
    public Builder allow(String user, AccessType action, String resource, long policyId) {
      grants.put(new Key(user, action, resource), policyId);
      return this;
    }

    /** Denies an action on a schema, a table or a column, by a policy; denials win. */
    public Builder deny(String user, AccessType action, String resource, long policyId) {
      denials.put(new Key(user, action, resource), policyId);
      return this;
    }

    /** The row filter of a table ({@code schema.table}) for a user. */
    public Builder rowFilter(String user, String table, String expression, long policyId) {
      rowFilters.put(user + " " + table, new RowFilter(expression, policyId));
      return this;
    }

    /** A built-in mask of a column ({@code schema.table.column}) for a user. */
    public Builder mask(String user, String column, ColumnMask.MaskType type, long policyId) {
      masks.put(user + " " + column, new ColumnMask(type, Optional.empty(), policyId));
      return this;
    }

    /** A CUSTOM mask of a column for a user; {@code {col}} stands for the column. */
    public Builder customMask(String user, String column, String expression, long policyId) {
      masks.put(
          user + " " + column,
          new ColumnMask(ColumnMask.MaskType.CUSTOM, Optional.of(expression), policyId));
      return this;
    }

    public TestingAccessControl build() {
      return new TestingAccessControl(this);
    }
  }
}
