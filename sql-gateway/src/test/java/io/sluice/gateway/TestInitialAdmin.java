package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.ListenerConfig;
import io.sluice.security.authn.password.InitialAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

/** The first start without a user file creates an admin whose password only the operator sees. */
class TestInitialAdmin {
  @Test
  void firstStartCreatesAnAdminWithARandomPasswordStoredOnlyAsAHash() throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-admin-");
    GatewayConfig config =
        GatewayConfig.defaults()
            .withDataDirectory(directory)
            .withFlightSql(new ListenerConfig("127.0.0.1", 0))
            .withHttp(new ListenerConfig("127.0.0.1", 0));
    try {
      InitialAdmin admin;
      try (GatewayServer server = GatewayServer.start(config)) {
        admin = server.initialAdmin().orElseThrow();
        assertThat(admin.user()).isEqualTo("admin");
        assertThat(admin.password()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(Files.readString(directory.resolve("users.yaml")))
            .contains("admin")
            .contains("$argon2id$")
            .doesNotContain(admin.password());
        try (Connection connection =
                DriverManager.getConnection(
                    "jdbc:sluice://127.0.0.1:"
                        + server.httpPort()
                        + "?user=admin&password="
                        + admin.password());
            ResultSet catalogs = connection.getMetaData().getCatalogs()) {
          assertThat(catalogs.next()).isTrue();
        }
      }
      try (GatewayServer again = GatewayServer.start(config)) {
        assertThat(again.initialAdmin()).isEmpty();
      }
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }
}
