package io.sluice.gateway.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.GatewayServer;
import io.sluice.gateway.TestingGateway;
import io.sluice.gateway.cli.SluiceCli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Test;

class TestTpchDemoLoader {
  @Test
  void loadsTheEightTablesOnceAndReplacesThemAtAnotherScaleFactor() throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-demo-");
    try (GatewayServer server = GatewayServer.start(TestingGateway.config(directory))) {
      Catalog catalog = server.icebergCatalog();
      TpchDemoLoader loader = new TpchDemoLoader(catalog, "tpch");

      List<TpchDemoLoader.TableLoad> first = loader.load(0.001);
      assertThat(first).hasSize(8).allMatch(TpchDemoLoader.TableLoad::written);
      assertThat(first)
          .filteredOn(load -> load.table().endsWith("nation"))
          .singleElement()
          .extracting(TpchDemoLoader.TableLoad::rows)
          .isEqualTo(25L);
      long lineitems = rows(catalog, "lineitem");
      assertThat(lineitems).isEqualTo(rowsReported(first, "lineitem")).isPositive();

      List<TpchDemoLoader.TableLoad> second = loader.load(0.001);
      assertThat(second).noneMatch(TpchDemoLoader.TableLoad::written);
      assertThat(rows(catalog, "lineitem")).isEqualTo(lineitems);
      assertThat(catalog.loadTable(TableIdentifier.of("tpch", "lineitem")).snapshots()).hasSize(1);

      loader.load(0.002);
      assertThat(rows(catalog, "lineitem")).isGreaterThan(lineitems);
      Table region = catalog.loadTable(TableIdentifier.of("tpch", "region"));
      assertThat(region.properties()).containsEntry(TpchDemoLoader.SCALE_FACTOR_PROPERTY, "0.002");
      assertThat(rows(catalog, "region")).isEqualTo(5);
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  @Test
  void refusesAScaleFactorThatIsNotPositive() {
    Path directory = TestingGateway.temporaryDirectory("sluice-demo-");
    try (GatewayServer server = GatewayServer.start(TestingGateway.config(directory))) {
      assertThatThrownBy(() -> new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0))
          .hasMessageContaining("scale factor 0.0: it must be greater than 0");
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  @Test
  void demoCommandLoadsWithTheConfigurationFileAndExits() throws Exception {
    Path directory = TestingGateway.temporaryDirectory("sluice-cli-");
    try {
      Path config = directory.resolve("sluice.yaml");
      Files.writeString(
          config,
          "dataDirectory: "
              + directory.resolve("data")
              + "\nflightSql:\n  port: 0\nhttp:\n  port: 0\n");
      int exit =
          new picocli.CommandLine(new SluiceCli())
              .execute(
                  "demo", "--config", config.toString(), "--scale-factor", "0.001", "--load-only");
      assertThat(exit).isZero();
      assertThat(directory.resolve("data/catalog/iceberg.db")).exists();
      assertThat(directory.resolve("data/warehouse/tpch")).isDirectory();
    } finally {
      TestingGateway.deleteRecursively(directory);
    }
  }

  private static long rows(Catalog catalog, String table) throws Exception {
    long count = 0;
    try (CloseableIterable<Record> records =
        IcebergGenerics.read(catalog.loadTable(TableIdentifier.of("tpch", table))).build()) {
      for (Record ignored : records) {
        count++;
      }
    }
    return count;
  }

  private static long rowsReported(List<TpchDemoLoader.TableLoad> loads, String table) {
    return loads.stream()
        .filter(load -> load.table().endsWith(table))
        .findFirst()
        .orElseThrow()
        .rows();
  }
}
