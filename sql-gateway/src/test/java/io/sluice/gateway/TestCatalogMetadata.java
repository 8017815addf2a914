package io.sluice.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.cluster.ClusterState;
import io.sluice.gateway.demo.TpchDemoLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.flight.FlightClient;
import org.apache.arrow.flight.FlightStream;
import org.apache.arrow.flight.sql.FlightSqlClient;
import org.apache.arrow.flight.sql.impl.FlightSql;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VarCharVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Catalog metadata over both protocols comes from the Iceberg catalog, and neither metadata nor
 * preparing a statement starts the engine.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestCatalogMetadata {
  private Path directory;
  private GatewayServer server;

  @BeforeAll
  void start() {
    directory = TestingGateway.temporaryDirectory("sluice-metadata-");
    server = GatewayServer.start(TestingGateway.config(directory));
    new TpchDemoLoader(server.icebergCatalog(), "tpch").load(0.001);
  }

  @AfterAll
  void stop() {
    assertThat(server.cluster().state()).isEqualTo(ClusterState.STOPPED);
    server.close();
    TestingGateway.deleteRecursively(directory);
  }

  @Test
  void jdbcDatabaseMetaDataComesFromTheCatalog() throws SQLException {
    try (Connection connection = sluice()) {
      assertMetadata(connection.getMetaData());
      try (ResultSet types = connection.getMetaData().getTypeInfo()) {
        List<String> names = new ArrayList<>();
        while (types.next()) {
          names.add(types.getString("TYPE_NAME"));
        }
        assertThat(names).contains("bigint", "decimal", "string", "date", "timestamp");
      }
      assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("Sluice");
    }
  }

  @Test
  void flightSqlJdbcDriverMetaDataComesFromTheCatalog() throws SQLException {
    try (Connection connection = flightSql()) {
      assertMetadata(connection.getMetaData());
    }
  }

  private static void assertMetadata(DatabaseMetaData metadata) throws SQLException {
    assertThat(column(metadata.getCatalogs(), "TABLE_CAT")).containsExactly("lakehouse");
    assertThat(column(metadata.getSchemas(null, null), "TABLE_SCHEM"))
        .containsExactlyInAnyOrder("default", "tpch");
    assertThat(column(metadata.getSchemas("lakehouse", "tp%"), "TABLE_SCHEM"))
        .containsExactly("tpch");
    assertThat(column(metadata.getTables(null, "tpch", "%", null), "TABLE_NAME"))
        .containsExactlyInAnyOrder(
            "customer", "lineitem", "nation", "orders", "part", "partsupp", "region", "supplier");
    assertThat(column(metadata.getTables(null, "tpch", "part%", null), "TABLE_NAME"))
        .containsExactlyInAnyOrder("part", "partsupp");
    assertThat(column(metadata.getTableTypes(), "TABLE_TYPE")).contains("TABLE");

    try (ResultSet columns = metadata.getColumns(null, "tpch", "lineitem", "l_%")) {
      List<String> names = new ArrayList<>();
      while (columns.next()) {
        names.add(columns.getString("COLUMN_NAME"));
        if (columns.getString("COLUMN_NAME").equals("l_quantity")) {
          assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.DECIMAL);
          assertThat(columns.getInt("COLUMN_SIZE")).isEqualTo(15);
          assertThat(columns.getInt("DECIMAL_DIGITS")).isEqualTo(2);
        }
        if (columns.getString("COLUMN_NAME").equals("l_shipdate")) {
          assertThat(columns.getInt("DATA_TYPE")).isEqualTo(Types.DATE);
        }
      }
      assertThat(names).hasSize(16).startsWith("l_orderkey", "l_partkey", "l_suppkey");
    }
  }

  @Test
  void preparingAStatementPlansItWithoutTheEngineOverBothProtocols() throws SQLException {
    for (Connection connection : List.of(sluice(), flightSql())) {
      try (connection) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("USE tpch");
        }
        try (PreparedStatement prepared =
            connection.prepareStatement("SELECT n_name, n_regionkey FROM nation")) {
          ResultSetMetaData columns = prepared.getMetaData();
          assertThat(columns.getColumnCount()).isEqualTo(2);
          assertThat(columns.getColumnName(1)).isEqualToIgnoringCase("n_name");
          assertThat(columns.getColumnType(2)).isEqualTo(Types.BIGINT);
        }
        assertThatThrownBy(() -> connection.prepareStatement("SELECT * FROM no_such_table"))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("no_such_table");
      }
    }
  }

  @Test
  void useOfAnUnknownSchemaIsRefusedAndTheSessionKeepsItsSchema() throws SQLException {
    try (Connection connection = sluice();
        Statement statement = connection.createStatement()) {
      statement.execute("USE tpch");
      assertThatThrownBy(() -> statement.execute("USE no_such_schema"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("no_such_schema");
      try (PreparedStatement prepared = connection.prepareStatement("SELECT r_name FROM region")) {
        assertThat(prepared.getMetaData().getColumnCount()).isEqualTo(1);
      }
    }
  }

  @Test
  void flightSqlInfoAndTableTypesAreServed() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        FlightClient client = TestingGateway.flightClient(allocator, server);
        FlightSqlClient sql = new FlightSqlClient(client)) {
      var info =
          sql.getSqlInfo(
              FlightSql.SqlInfo.FLIGHT_SQL_SERVER_NAME,
              FlightSql.SqlInfo.FLIGHT_SQL_SERVER_VERSION);
      try (FlightStream stream = sql.getStream(info.getEndpoints().get(0).getTicket())) {
        assertThat(stream.next()).isTrue();
        assertThat(stream.getRoot().getRowCount()).isEqualTo(2);
        assertThat(stream.getRoot().contentToTSVString()).contains("Sluice");
      }
      var types = sql.getTableTypes();
      try (FlightStream stream = sql.getStream(types.getEndpoints().get(0).getTicket())) {
        assertThat(stream.next()).isTrue();
        VarCharVector names = (VarCharVector) stream.getRoot().getVector("table_type");
        assertThat(names.getObject(0).toString()).isEqualTo("TABLE");
      }
    }
  }

  private Connection sluice() throws SQLException {
    return DriverManager.getConnection(TestingGateway.sluiceUrl(server, null));
  }

  private Connection flightSql() throws SQLException {
    return DriverManager.getConnection(TestingGateway.flightSqlUrl(server));
  }

  private static List<String> column(ResultSet resultSet, String name) throws SQLException {
    try (resultSet) {
      List<String> values = new ArrayList<>();
      while (resultSet.next()) {
        values.add(resultSet.getString(name));
      }
      return values;
    }
  }
}
