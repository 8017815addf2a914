package io.sluice.engine.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.cluster.local.SparkThriftServerCommand.StateLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSparkThriftServerCommand {
  private static final Path STATE = Path.of("/srv/sluice/local");
  private final LocalClusterConfig config =
      LocalClusterConfig.defaults("dev", STATE, Path.of("/opt/spark-jars"));

  @Test
  void defaultsKeepEverythingInTheStateDirectory() {
    assertThat(config.catalogName()).isEqualTo("lakehouse");
    assertThat(config.catalogUri()).isEqualTo("jdbc:sqlite:/srv/sluice/local/catalog.db");
    assertThat(config.warehouseDirectory()).isEqualTo(STATE.resolve("warehouse"));
    assertThat(config.driverHeapMegabytes()).isEqualTo(2048);
    assertThat(config.idleTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.startTimeout()).isEqualTo(Duration.ofSeconds(120));
    assertThat(config.thriftPort()).isZero();
  }

  @Test
  void sparkConfNamesTheIcebergCatalogAndBindsToLoopback() {
    Map<String, String> conf =
        SparkThriftServerCommand.sparkConf(
            config.withSparkConf(
                Map.of("spark.sql.shuffle.partitions", "8", "spark.ui.enabled", "true")),
            new StateLayout(STATE));
    assertThat(conf)
        .containsEntry("spark.sql.catalog.lakehouse", "org.apache.iceberg.spark.SparkCatalog")
        .containsEntry("spark.sql.catalog.lakehouse.type", "jdbc")
        .containsEntry(
            "spark.sql.catalog.lakehouse.uri", "jdbc:sqlite:/srv/sluice/local/catalog.db")
        .containsEntry("spark.sql.catalog.lakehouse.jdbc.schema-version", "V1")
        .containsEntry(
            "spark.sql.catalog.lakehouse.warehouse", "file:///srv/sluice/local/warehouse")
        .containsEntry("spark.sql.defaultCatalog", "lakehouse")
        .containsEntry("spark.sql.thriftServer.incrementalCollect", "true")
        .containsEntry("spark.sql.variable.substitute", "false")
        .containsEntry("spark.sql.catalogImplementation", "in-memory")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.local.dir", "/srv/sluice/local/local")
        // Configured settings win over Sluice's.
        .containsEntry("spark.ui.enabled", "true")
        .containsEntry("spark.sql.shuffle.partitions", "8");
  }

  @Test
  void commandStartsTheThriftServerThroughTheChildLauncher() {
    List<String> command =
        SparkThriftServerCommand.build(config, new StateLayout(STATE), 10123, "/jdk/bin/java");
    assertThat(command.get(0)).isEqualTo("/jdk/bin/java");
    assertThat(command)
        .contains("-Xmx2048m", "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED")
        .containsSubsequence(
            "-cp",
            "/opt/spark-jars/*:/srv/sluice/local/launcher",
            ChildProcessMain.class.getName(),
            SparkThriftServerCommand.THRIFT_SERVER_MAIN_CLASS,
            "--hiveconf",
            "hive.server2.thrift.bind.host=127.0.0.1",
            "--hiveconf",
            "hive.server2.thrift.port=10123");
  }

  @Test
  void secretsAreHiddenInTheLoggedCommand() {
    String line =
        SparkThriftServerCommand.describe(
            List.of(
                "java",
                "-Dspark.hadoop.fs.s3a.secret.key=abc",
                "-Dspark.sql.catalog.lakehouse.jdbc.password=def",
                "-Dspark.app.name=x"));
    assertThat(line)
        .isEqualTo(
            "java -Dspark.hadoop.fs.s3a.secret.key=*** -Dspark.sql.catalog.lakehouse.jdbc.password=***"
                + " -Dspark.app.name=x");
  }

  @Test
  void invalidSettingsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> config.withSparkConf(Map.of("hive.exec.dynamic.partition", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "Spark setting 'hive.exec.dynamic.partition' of local cluster dev must start with"
                + " 'spark.'");
    assertThatThrownBy(() -> config.withCatalog("lake house", "jdbc:sqlite:x", STATE))
        .hasMessageContaining("must be an identifier");
    assertThatThrownBy(() -> config.withIdleTimeout(Duration.ZERO))
        .hasMessage("The idle timeout of local cluster dev must be positive: PT0S");
    assertThatThrownBy(() -> config.withThriftPort(70000))
        .hasMessage("The Thrift port of local cluster dev must be 0 to 65535: 70000");
  }
}
