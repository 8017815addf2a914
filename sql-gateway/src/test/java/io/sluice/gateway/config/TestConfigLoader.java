package io.sluice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestConfigLoader {
  @Test
  void emptyConfigurationGivesTheEmbeddedDefaults() {
    GatewayConfig config = ConfigLoader.parse("", "test.yaml");

    assertThat(config.dataDirectory()).isEqualTo(Path.of("sluice-data").toAbsolutePath());
    assertThat(config.flightSql()).isEqualTo(new ListenerConfig("127.0.0.1", 31337));
    assertThat(config.http()).isEqualTo(new ListenerConfig("127.0.0.1", 8765));
    assertThat(config.catalog().name()).isEqualTo("lakehouse");
    assertThat(config.catalog().uri())
        .isEqualTo("jdbc:sqlite:" + Path.of("sluice-data/catalog/iceberg.db").toAbsolutePath());
    assertThat(config.catalog().warehouse())
        .isEqualTo(Path.of("sluice-data/warehouse").toAbsolutePath());
    assertThat(config.cluster().idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.audit().syncInterval()).isEqualTo(Duration.ofMillis(100));
    assertThat(config.session().defaultSchema()).isEqualTo("default");
  }

  @Test
  void readsEveryTypedValue() {
    GatewayConfig config =
        ConfigLoader.parse(
            """
            dataDirectory: /tmp/sluice-x
            flightSql:
              port: 0
            http:
              host: localhost
              port: 9000
            session:
              defaultSchema: tpch
              idleTimeout: 30m
            cluster:
              idleTimeout: 90s
              startTimeout: PT3M
              driverMemory: 3g
              sparkConf:
                spark.sql.shuffle.partitions: "8"
              thriftPort: 10099
            """,
            "test.yaml");

    assertThat(config.dataDirectory()).isEqualTo(Path.of("/tmp/sluice-x"));
    assertThat(config.catalog().warehouse()).isEqualTo(Path.of("/tmp/sluice-x/warehouse"));
    assertThat(config.flightSql().port()).isZero();
    assertThat(config.http()).isEqualTo(new ListenerConfig("localhost", 9000));
    assertThat(config.session().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.session().defaultSchema()).isEqualTo("tpch");
    assertThat(config.cluster().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.cluster().startTimeout()).isEqualTo(Duration.ofMinutes(3));
    assertThat(config.cluster().driverMemory()).isEqualTo("3g");
    assertThat(config.cluster().sparkConf()).containsEntry("spark.sql.shuffle.partitions", "8");
    assertThat(config.cluster().thriftPort()).isEqualTo(10099);
  }

  @Test
  void unknownKeyStopsStartUpNamingTheKeyAndTheClosestKnownOne() {
    assertThatThrownBy(() -> ConfigLoader.parse("flightSql:\n  prot: 1234\n", "sluice.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("Unknown configuration key 'flightSql.prot' in sluice.yaml")
        .hasMessageContaining("line 2")
        .hasMessageContaining("did you mean 'port'?");
    assertThatThrownBy(() -> ConfigLoader.parse("listeners: {}\n", "sluice.yaml"))
        .hasMessageContaining("Unknown configuration key 'listeners'");
  }

  @Test
  void mistypedValueNamesTheKey() {
    assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  idleTimeout: soon\n", "s.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("cluster.idleTimeout")
        .hasMessageContaining("write it like 500ms, 30s, 10m");
    assertThatThrownBy(() -> ConfigLoader.parse("http:\n  port: eighty\n", "s.yaml"))
        .hasMessageContaining("http.port");
  }

  @Test
  void refusesToListenBeyondLoopbackWithoutTlsUnlessToldItIsInsecure() {
    assertThatThrownBy(() -> ConfigLoader.parse("http:\n  host: 0.0.0.0\n", "s.yaml"))
        .hasMessageContaining("http.host is 0.0.0.0, not a loopback address")
        .hasMessageContaining("tls.certificate")
        .hasMessageContaining("insecure: true");
    GatewayConfig insecure =
        ConfigLoader.parse("insecure: true\nhttp:\n  host: 0.0.0.0\n", "s.yaml");
    assertThat(insecure.insecure()).isTrue();
    assertThat(insecure.http().host()).isEqualTo("0.0.0.0");
  }

  @Test
  void tlsNeedsBothFilesAndTheyMustExist() {
    assertThatThrownBy(() -> ConfigLoader.parse("tls:\n  certificate: /tmp/x.pem\n", "s.yaml"))
        .hasMessageContaining("tls needs both certificate and privateKey")
        .hasMessageContaining("privateKey is missing");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "tls:\n  certificate: /no/such/c.pem\n  privateKey: /no/such/k.pem\n",
                    "s.yaml"))
        .hasMessageContaining("tls.certificate is /no/such/c.pem: no readable file there");
  }

  @Test
  void authentication() {
    GatewayConfig defaults = ConfigLoader.parse("dataDirectory: /tmp/sluice-y\n", "s.yaml");
    assertThat(defaults.auth().passwordFile().enabled()).isTrue();
    assertThat(defaults.auth().passwordFile().file())
        .isEqualTo(Path.of("/tmp/sluice-y/users.yaml"));
    assertThat(defaults.auth().oidc().enabled()).isFalse();
    GatewayConfig oidc =
        ConfigLoader.parse(
            """
            auth:
              passwordFile:
                enabled: false
              oidc:
                issuer: http://127.0.0.1:8080/realms/sluice
                audience: sluice-gateway
                clientId: sluice-gateway
                clientSecretEnv: SLUICE_OIDC_SECRET
                attributeClaims:
                  region: region
              tokenLifetime: 30m
            """,
            "s.yaml");
    assertThat(oidc.auth().oidc().issuer().toString())
        .isEqualTo("http://127.0.0.1:8080/realms/sluice");
    assertThat(oidc.auth().oidc().attributeClaims()).containsEntry("region", "region");
    assertThat(oidc.auth().tokenLifetime()).isEqualTo(Duration.ofMinutes(30));
    assertThatThrownBy(
            () -> ConfigLoader.parse("auth:\n  passwordFile:\n    enabled: false\n", "s.yaml"))
        .hasMessageContaining("auth has no way to log in");
    assertThatThrownBy(
            () ->
                ConfigLoader.parse(
                    "auth:\n  oidc:\n    issuer: http://127.0.0.1:1/realms/x\n", "s.yaml"))
        .hasMessageContaining("auth.oidc.audience is missing");
  }

  @Test
  void zeroNeedsNoUnitButOtherNumbersDo() {
    assertThat(ConfigLoader.parse("audit:\n  syncInterval: 0\n", "s.yaml").audit().syncInterval())
        .isEqualTo(Duration.ZERO);
    assertThat(ConfigLoader.parseDuration("00")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> ConfigLoader.parse("audit:\n  syncInterval: 250\n", "s.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("audit.syncInterval")
        .hasMessageContaining("'250' has no unit; write it like 250ms, 250s or 250m");
  }

  @Test
  void durationsMustBeLongerThanZero() {
    assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  idleTimeout: 0s\n", "s.yaml"))
        .hasMessageContaining("cluster.idleTimeout is PT0S: it must be longer than zero");
    assertThatThrownBy(() -> ConfigLoader.parse("session:\n  idleTimeout: 0m\n", "s.yaml"))
        .hasMessageContaining("session.idleTimeout");
  }

  @Test
  void relativeSqliteCatalogIsMadeAbsoluteSoSparkOpensTheSameFile() {
    GatewayConfig config =
        ConfigLoader.parse("catalog:\n  uri: jdbc:sqlite:data/cat.db\n", "s.yaml");

    assertThat(config.catalog().uri())
        .isEqualTo("jdbc:sqlite:" + Path.of("data/cat.db").toAbsolutePath());
  }

  @Test
  void sparkSettingWithoutValueIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.parse("cluster:\n  sparkConf:\n    spark.x:\n", "s.yaml"))
        .hasMessageContaining("cluster.sparkConf key 'spark.x' has no value");
  }

  @Test
  void portOutOfRangeIsRefused() {
    assertThatThrownBy(() -> ConfigLoader.parse("flightSql:\n  port: 70000\n", "s.yaml"))
        .hasMessageContaining("flightSql.port must be between 0 and 65535");
  }

  @Test
  void movingTheDataDirectoryMovesDefaultPathsAndKeepsExplicitOnes() {
    GatewayConfig defaults = GatewayConfig.defaults().withDataDirectory(Path.of("/srv/a"));
    GatewayConfig moved = defaults.withDataDirectory(Path.of("/srv/b"));
    assertThat(moved.catalog().warehouse()).isEqualTo(Path.of("/srv/b/warehouse"));
    assertThat(moved.auth().passwordFile().file()).isEqualTo(Path.of("/srv/b/users.yaml"));
    assertThat(moved.audit().directory()).isEqualTo(Path.of("/srv/b/audit"));
    assertThat(moved.policies().file()).isEqualTo(Path.of("/srv/b/policies.json"));

    GatewayConfig explicit =
        ConfigLoader.parse(
            """
            dataDirectory: /srv/a
            auth:
              passwordFile:
                file: /etc/sluice/users.yaml
            audit:
              directory: /var/log/sluice
              rotateDaily: false
              syncInterval: 20ms
            policies:
              file: /etc/sluice/policies.json
              superUsers: [root]
            """,
            "s.yaml");
    GatewayConfig kept = explicit.withDataDirectory(Path.of("/srv/b"));
    assertThat(kept.auth().passwordFile().file()).isEqualTo(Path.of("/etc/sluice/users.yaml"));
    assertThat(kept.audit().directory()).isEqualTo(Path.of("/var/log/sluice"));
    assertThat(kept.audit().rotateDaily()).isFalse();
    assertThat(kept.audit().syncInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(kept.policies().file()).isEqualTo(Path.of("/etc/sluice/policies.json"));
    assertThat(kept.policies().superUsers()).containsExactly("root");
    assertThat(kept.catalog().warehouse()).isEqualTo(Path.of("/srv/b/warehouse"));
  }
}
