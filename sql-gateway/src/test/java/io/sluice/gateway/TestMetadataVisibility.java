package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.security.testing.TestingKeycloak;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Catalog listings show a caller only what the policies let it access, over both protocols: with
 * the demo policies, Keycloak's alice (group analysts) sees the tpch tables, bob (no groups) sees
 * none of them.
 */
class TestMetadataVisibility {
  private static GatewayServer server;

  @BeforeAll
  static void policies() throws Exception {
    server = TestingGateway.shared();
    DemoGovernance.writePolicies(server.config());
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.accessControl().policyVersion() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(server.accessControl().policyVersion()).isPositive();
  }

  @ParameterizedTest
  @ValueSource(strings = {"flight", "sluice"})
  void analystsSeeTpchAndOthersSeeNothing(String protocol) throws Exception {
    assertThat(tables(protocol, TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD))
        .contains(
            "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
    assertThat(tables(protocol, TestingKeycloak.BOB, TestingKeycloak.BOB_PASSWORD)).isEmpty();
    assertThat(schemas(protocol, TestingKeycloak.BOB, TestingKeycloak.BOB_PASSWORD))
        .doesNotContain("tpch");
    assertThat(schemas(protocol, TestingKeycloak.ALICE, TestingKeycloak.ALICE_PASSWORD))
        .contains("tpch");
  }

  private static List<String> tables(String protocol, String user, String password)
      throws Exception {
    try (Connection connection = connect(protocol, user, password);
        ResultSet tables = connection.getMetaData().getTables(null, "tpch", "%", null)) {
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        names.add(tables.getString("TABLE_NAME"));
      }
      return names;
    }
  }

  private static List<String> schemas(String protocol, String user, String password)
      throws Exception {
    try (Connection connection = connect(protocol, user, password);
        ResultSet schemas = connection.getMetaData().getSchemas()) {
      List<String> names = new ArrayList<>();
      while (schemas.next()) {
        names.add(schemas.getString("TABLE_SCHEM"));
      }
      return names;
    }
  }

  private static Connection connect(String protocol, String user, String password)
      throws Exception {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    return DriverManager.getConnection(
        protocol.equals("flight")
            ? "jdbc:arrow-flight-sql://127.0.0.1:"
                + server.flightSqlPort()
                + "/?useEncryption=false"
            : "jdbc:sluice://127.0.0.1:" + server.httpPort(),
        properties);
  }
}
