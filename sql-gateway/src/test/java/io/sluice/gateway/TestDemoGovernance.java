package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.ColumnMask;
import io.sluice.security.access.RequestContext;
import io.sluice.security.access.Resource;
import io.sluice.security.access.ranger.RangerAccessControl;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Identity;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo's policies, as the gateway loads them, do what the README says. */
class TestDemoGovernance {
  private static final RequestContext CONTEXT = new RequestContext("127.0.0.1", "test", "s1");

  @Test
  void analystsReadTpchThroughARowFilterAndTwoMasks() throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-demo-governance-");
    try {
      GatewayConfig config = TestingGateway.config(directory);
      assertThat(DemoGovernance.writePolicies(config)).isTrue();
      assertThat(DemoGovernance.writePolicies(config)).isFalse();
      assertThat(DemoGovernance.addAnalyst(config)).isPresent();
      assertThat(DemoGovernance.addAnalyst(config)).isEmpty();

      Identity analyst =
          Identity.of(
              "analyst",
              Set.of("analysts"),
              Set.of(),
              Map.of("segment", "BUILDING"),
              AuthenticationMethod.PASSWORD_FILE);
      Identity stranger =
          Identity.of("stranger", Set.of(), Set.of(), Map.of(), AuthenticationMethod.PASSWORD_FILE);
      try (RangerAccessControl access = GatewayServer.accessControl(config)) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (access.policyVersion() < 1 && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        Resource phone = Resource.column("tpch", "customer", "c_phone");
        assertThat(access.check(analyst, phone, AccessType.SELECT, CONTEXT).allowed()).isTrue();
        assertThat(access.check(stranger, phone, AccessType.SELECT, CONTEXT).allowed()).isFalse();
        assertThat(access.rowFilter(analyst, Resource.table("tpch", "customer"), CONTEXT))
            .get()
            .satisfies(
                filter -> assertThat(filter.expression()).isEqualTo("c_mktsegment = 'BUILDING'"));
        assertThat(access.columnMask(analyst, phone, CONTEXT))
            .get()
            .extracting(ColumnMask::type)
            .isEqualTo(ColumnMask.MaskType.MASK_SHOW_LAST_4);
        assertThat(
                access.columnMask(
                    analyst, Resource.column("tpch", "customer", "c_address"), CONTEXT))
            .get()
            .extracting(ColumnMask::type)
            .isEqualTo(ColumnMask.MaskType.MASK_HASH);
        assertThat(access.rowFilter(analyst, Resource.table("tpch", "orders"), CONTEXT)).isEmpty();
      }
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }
}
