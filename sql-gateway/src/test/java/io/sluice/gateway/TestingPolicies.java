package io.sluice.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.demo.DemoGovernance;
import io.sluice.security.authn.password.UserFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.data.parquet.GenericParquetWriter;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.parquet.Parquet;

/**
 * Policies, users and tables for governance tests on the shared gateway: installs a policy file and
 * waits until it is in force, puts it back afterwards, adds password users, and writes small
 * Iceberg tables with the rows a test expects to read back.
 */
final class TestingPolicies {
  static final String PASSWORD = "governed-password-1";

  private TestingPolicies() {}

  /** A Ranger export from the security module's test resources ({@code ranger/...}). */
  static String resource(String name) {
    try (InputStream in = TestingPolicies.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("Missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
  }

  /**
   * Makes the given policies (a JSON array of Ranger policies of the Hive service) the gateway's,
   * in the envelope of the Kyuubi export (its service definition), as {@link #install} does.
   */
  static AutoCloseable installPolicies(GatewayServer server, String policiesJsonArray)
      throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode export =
        (ObjectNode) json.readTree(resource("ranger/kyuubi-authz-policies-example.json"));
    export.set("policies", json.readTree(policiesJsonArray));
    return install(server, json.writeValueAsString(export));
  }

  /**
   * Makes {@code json} the gateway's policies and returns once they are in force; closing the
   * result puts back what was there (the demo policies when there was no file), again waiting.
   */
  static AutoCloseable install(GatewayServer server, String json) throws Exception {
    Path file = server.config().policies().file();
    byte[] previous = Files.exists(file) ? Files.readAllBytes(file) : null;
    replace(server, file, json.getBytes(StandardCharsets.UTF_8));
    return () -> {
      if (previous != null) {
        replace(server, file, previous);
      } else {
        long generation = server.accessControl().policyEpoch().generation();
        Files.delete(file);
        DemoGovernance.writePolicies(server.config());
        awaitNewGeneration(server, generation);
      }
    };
  }

  private static void replace(GatewayServer server, Path file, byte[] content) throws Exception {
    long generation = server.accessControl().policyEpoch().generation();
    Files.createDirectories(file.getParent());
    Path temporary = Files.createTempFile(file.getParent(), "policies", ".tmp");
    Files.write(temporary, content);
    Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
    awaitNewGeneration(server, generation);
  }

  private static void awaitNewGeneration(GatewayServer server, long generation)
      throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (server.accessControl().policyEpoch().generation() == generation) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("The gateway did not load the new policy file within 30 s");
      }
      Thread.sleep(25);
    }
  }

  /** Adds password users (with {@link #PASSWORD}) that are not there yet, each in its groups. */
  static void users(GatewayServer server, Map<String, Set<String>> groupsByUser) {
    UserFile users = UserFile.at(server.config().auth().passwordFile().file());
    Set<String> known = Set.copyOf(users.list().stream().map(user -> user.name()).toList());
    groupsByUser.forEach(
        (user, groups) -> {
          if (!known.contains(user)) {
            users.add(user, PASSWORD, groups, Map.of());
          }
        });
  }

  /**
   * Creates an Iceberg table holding exactly {@code rows} (each a list of values in column order),
   * unless it exists.
   *
   * @return whether the table was created
   */
  static boolean table(
      GatewayServer server, String schema, String name, Schema columns, List<List<Object>> rows)
      throws IOException {
    Catalog catalog = server.icebergCatalog();
    Namespace namespace = Namespace.of(schema);
    if (!((SupportsNamespaces) catalog).namespaceExists(namespace)) {
      ((SupportsNamespaces) catalog).createNamespace(namespace);
    }
    TableIdentifier identifier = TableIdentifier.of(namespace, name);
    if (catalog.tableExists(identifier)) {
      return false;
    }
    catalog.createTable(identifier, columns);
    append(server, schema, name, rows);
    return true;
  }

  /** Appends {@code rows} to a table in one commit (one snapshot); nothing when there are none. */
  static void append(GatewayServer server, String schema, String name, List<List<Object>> rows)
      throws IOException {
    if (rows.isEmpty()) {
      return;
    }
    Table table = server.icebergCatalog().loadTable(TableIdentifier.of(schema, name));
    Schema columns = table.schema();
    OutputFile file =
        table
            .io()
            .newOutputFile(
                table
                    .locationProvider()
                    .newDataLocation(
                        FileFormat.PARQUET.addExtension(name + "-" + UUID.randomUUID())));
    DataWriter<Record> writer =
        Parquet.writeData(file)
            .schema(columns)
            .createWriterFunc(GenericParquetWriter::create)
            .withSpec(PartitionSpec.unpartitioned())
            .overwrite()
            .build();
    try (writer) {
      for (List<Object> values : rows) {
        GenericRecord record = GenericRecord.create(columns);
        for (int index = 0; index < values.size(); index++) {
          record.set(index, values.get(index));
        }
        writer.write(record);
      }
    }
    DataFile data = writer.toDataFile();
    table.newAppend().appendFile(data).commit();
  }
}
