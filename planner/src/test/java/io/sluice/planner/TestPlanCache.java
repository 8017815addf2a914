package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessDecision;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.RowFilter;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

/**
 * Remembered plans: a repeated query skips planning only while its text, schema, identity, policies
 * and tables are what it was planned under.
 */
class TestPlanCache extends PlannerTestBase {
  private static final SessionContext TPCH = TestingCatalog.TPCH_SESSION;
  private static final String QUERY = "SELECT n_name, n_comment FROM nation WHERE n_nationkey = 7";

  @Test
  void repeatedQueryIsPlannedOnce() {
    TestingAccessControl access = masked().identityOnly().build();
    Planner planner = new Planner(catalog.catalogManager(Duration.ZERO), access);

    PlannedStatement first = planner.plan(QUERY, TPCH);
    int questions = access.checks().size();
    PlannedStatement second = planner.plan(QUERY, TPCH);

    assertThat(second).isSameAs(first);
    assertThat(access.checks()).hasSize(questions);
    assertThat(second.engineSql().orElseThrow()).contains("'xxx'");
  }

  @Test
  void anotherIdentitySchemaOrTextIsPlannedAgain() {
    TestingAccessControl access = masked().identityOnly().build();
    Planner planner = new Planner(catalog.catalogManager(Duration.ZERO), access);
    PlannedStatement first = planner.plan(QUERY, TPCH);

    SessionContext inGroup =
        TPCH.withIdentity(
            Identity.of(
                USER,
                Set.of("auditors"),
                Set.of(),
                Map.of(),
                AuthenticationMethod.OIDC_BEARER_TOKEN));
    assertThat(planner.plan(QUERY, inGroup)).isNotSameAs(first);
    SessionContext otherSchema = TPCH.withNamespace(TestingCatalog.CATALOG, "default");
    assertThat(planner.plan(QUERY.replace("FROM nation", "FROM tpch.nation"), otherSchema))
        .isNotSameAs(first);
    assertThat(planner.plan(QUERY + " ", TPCH)).isNotSameAs(first);
    assertThat(planner.rememberedPlans()).isEqualTo(4);
  }

  @Test
  void nothingIsRememberedUnderPoliciesWithConditions() {
    TestingAccessControl access = masked().build();
    Planner planner = new Planner(catalog.catalogManager(Duration.ZERO), access);

    PlannedStatement first = planner.plan(QUERY, TPCH);

    assertThat(planner.plan(QUERY, TPCH)).isNotSameAs(first).isEqualTo(first);
    assertThat(planner.rememberedPlans()).isZero();
  }

  @Test
  void aPolicyChangeIsSeenAtTheNextStatement() {
    SwitchableAccessControl access = new SwitchableAccessControl(masked().identityOnly().build());
    Planner planner = new Planner(catalog.catalogManager(Duration.ZERO), access);
    assertThat(planner.plan(QUERY, TPCH).engineSql().orElseThrow()).contains("'xxx'");

    access.replace(TestingAccessControl.allowAll(), 2);

    assertThat(planner.plan(QUERY, TPCH).engineSql().orElseThrow()).doesNotContain("'xxx'");
  }

  @Test
  void aDenialIsDecidedEachTime() {
    SwitchableAccessControl access =
        new SwitchableAccessControl(
            TestingAccessControl.builder()
                .identityOnly()
                .allow(USER, AccessType.SELECT, "tpch.nation.n_name", 1)
                .build());
    Planner planner = new Planner(catalog.catalogManager(Duration.ZERO), access);

    for (int attempt = 0; attempt < 2; attempt++) {
      assertThatThrownBy(() -> planner.plan(QUERY, TPCH))
          .isInstanceOfSatisfying(
              SluiceException.class,
              e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.ACCESS_DENIED));
    }
    assertThat(planner.rememberedPlans()).isZero();
  }

  @Test
  void aTableChangedInTheCatalogIsPlannedAgain() {
    catalog.catalog().createNamespace(Namespace.of("changing"));
    TableIdentifier identifier = TableIdentifier.of("changing", "events");
    Table table =
        catalog
            .catalog()
            .createTable(
                identifier,
                new org.apache.iceberg.Schema(
                    Types.NestedField.required(1, "id", Types.LongType.get())));
    Planner planner =
        new Planner(
            catalog.catalogManager(Duration.ZERO),
            TestingAccessControl.builder().identityOnly().allowEverything().build());
    String query = "SELECT * FROM changing.events";
    PlannedStatement before = planner.plan(query, TPCH);
    assertThat(planner.plan(query, TPCH)).isSameAs(before);

    table.updateSchema().addColumn("kind", Types.StringType.get()).commit();

    PlannedStatement after = planner.plan(query, TPCH);
    assertThat(after.resultColumns()).hasSize(2);
    assertThat(after).isNotSameAs(before);
    catalog.catalog().dropTable(identifier);
    assertThatThrownBy(() -> planner.plan(query, TPCH))
        .isInstanceOfSatisfying(
            SluiceException.class, e -> assertThat(e.getMessage()).contains("events"));
  }

  @Test
  void aZeroSizedCacheRemembersNothing() {
    Planner planner =
        new Planner(
            catalog.catalogManager(Duration.ZERO),
            TestingAccessControl.builder().identityOnly().allowEverything().build(),
            0);

    PlannedStatement first = planner.plan(QUERY, TPCH);

    assertThat(planner.plan(QUERY, TPCH)).isNotSameAs(first);
  }

  private static TestingAccessControl.Builder masked() {
    return TestingAccessControl.builder()
        .allow(USER, AccessType.SELECT, "tpch.nation", 1)
        .customMask(USER, "tpch.nation.n_comment", "'xxx'", 2);
  }

  /** Delegates to one access control until the test installs another, with a new generation. */
  private static final class SwitchableAccessControl implements AccessControl {
    private volatile AccessControl delegate;
    private volatile long generation = 1;

    SwitchableAccessControl(AccessControl delegate) {
      this.delegate = delegate;
    }

    void replace(AccessControl next, long nextGeneration) {
      delegate = next;
      generation = nextGeneration;
    }

    @Override
    public AccessDecision check(
        Identity identity, Resource resource, AccessType action, RequestContext context) {
      return delegate.check(identity, resource, action, context);
    }

    @Override
    public Optional<RowFilter> rowFilter(
        Identity identity, Resource table, RequestContext context) {
      return delegate.rowFilter(identity, table, context);
    }

    @Override
    public Optional<ColumnMask> columnMask(
        Identity identity, Resource column, RequestContext context) {
      return delegate.columnMask(identity, column, context);
    }

    @Override
    public boolean isSuperUser(Identity identity) {
      return delegate.isSuperUser(identity);
    }

    @Override
    public long policyVersion() {
      return 1;
    }

    @Override
    public PolicyEpoch policyEpoch() {
      return new PolicyEpoch(generation, true);
    }
  }
}
