package io.sluice.gateway.demo;

import static java.util.Objects.requireNonNull;

import io.trino.tpch.TpchColumn;
import io.trino.tpch.TpchEntity;
import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
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
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the eight TPC-H tables into an Iceberg catalog with Iceberg's own Parquet writers, from
 * the TPC-H generator, so the demo needs no engine to load. Loading is idempotent: a table already
 * holding the requested scale factor is left alone; one holding another is replaced. Each table
 * appears atomically with all its data, or not at all.
 */
public final class TpchDemoLoader {
  /** Table property recording the scale factor a table was generated at. */
  public static final String SCALE_FACTOR_PROPERTY = "sluice.tpch.scale-factor";

  private static final Logger log = LoggerFactory.getLogger(TpchDemoLoader.class);
  private static final int ROWS_PER_FILE = 2_000_000;
  private static final Types.DecimalType MONEY = Types.DecimalType.of(15, 2);

  private final Catalog catalog;
  private final Namespace namespace;

  public TpchDemoLoader(Catalog catalog, String schema) {
    this.catalog = requireNonNull(catalog, "catalog");
    this.namespace = Namespace.of(requireNonNull(schema, "schema"));
  }

  /** What one load did to each table. */
  public record TableLoad(String table, long rows, boolean written) {}

  public List<TableLoad> load(double scaleFactor) {
    if (!(scaleFactor > 0)) {
      throw new IllegalArgumentException(
          "Cannot load TPC-H at scale factor " + scaleFactor + ": it must be greater than 0");
    }
    if (catalog instanceof SupportsNamespaces namespaces
        && !namespaces.namespaceExists(namespace)) {
      namespaces.createNamespace(namespace);
    }
    List<TableLoad> loads = new ArrayList<>();
    for (TpchTable<?> table : TpchTable.getTables()) {
      loads.add(loadTable(table, scaleFactor));
    }
    return loads;
  }

  private <E extends TpchEntity> TableLoad loadTable(TpchTable<E> tpchTable, double scaleFactor) {
    TableIdentifier identifier = TableIdentifier.of(namespace, tpchTable.getTableName());
    String scale = BigDecimal.valueOf(scaleFactor).stripTrailingZeros().toPlainString();
    if (catalog.tableExists(identifier)) {
      Table existing = catalog.loadTable(identifier);
      if (scale.equals(existing.properties().get(SCALE_FACTOR_PROPERTY))
          && existing.currentSnapshot() != null) {
        log.info("TPC-H table {} already holds scale factor {}", identifier, scale);
        return new TableLoad(identifier.toString(), -1, false);
      }
      log.info("Replacing TPC-H table {}: it holds another scale factor", identifier);
      catalog.dropTable(identifier, true);
    }
    Schema schema = schema(tpchTable);
    Transaction transaction =
        catalog.newCreateTableTransaction(
            identifier,
            schema,
            PartitionSpec.unpartitioned(),
            Map.of(
                TableProperties.FORMAT_VERSION,
                "2",
                TableProperties.DEFAULT_FILE_FORMAT,
                "parquet",
                SCALE_FACTOR_PROPERTY,
                scale));
    Table table = transaction.table();
    List<TpchColumn<E>> columns = tpchTable.getColumns();
    long rows = 0;
    DataWriter<Record> writer = null;
    List<DataFile> files = new ArrayList<>();
    try {
      for (E entity : tpchTable.createGenerator(scaleFactor, 1, 1)) {
        if (writer == null) {
          writer = newWriter(table, schema);
        }
        GenericRecord record = GenericRecord.create(schema);
        for (int index = 0; index < columns.size(); index++) {
          record.set(index, value(columns.get(index), entity));
        }
        writer.write(record);
        rows++;
        if (rows % ROWS_PER_FILE == 0) {
          writer.close();
          files.add(writer.toDataFile());
          writer = null;
        }
      }
      if (writer != null) {
        writer.close();
        files.add(writer.toDataFile());
      }
    } catch (IOException | RuntimeException failure) {
      if (writer != null) {
        try {
          writer.close();
        } catch (IOException | RuntimeException closeFailure) {
          failure.addSuppressed(closeFailure);
        }
      }
      throw new UncheckedIOException(
          "Cannot write TPC-H table " + identifier + ": " + failure.getMessage(),
          failure instanceof IOException io ? io : new IOException(failure));
    }
    var append = transaction.newAppend();
    files.forEach(append::appendFile);
    append.commit();
    transaction.commitTransaction();
    log.info("Loaded TPC-H table {}: {} rows at scale factor {}", identifier, rows, scale);
    return new TableLoad(identifier.toString(), rows, true);
  }

  private static DataWriter<Record> newWriter(Table table, Schema schema) throws IOException {
    OutputFile file =
        table
            .io()
            .newOutputFile(
                table
                    .locationProvider()
                    .newDataLocation(
                        FileFormat.PARQUET.addExtension(UUID.randomUUID().toString())));
    return Parquet.writeData(file)
        .schema(schema)
        .createWriterFunc(GenericParquetWriter::create)
        .withSpec(PartitionSpec.unpartitioned())
        .overwrite()
        .build();
  }

  /** TPC-H's column types: identifiers as bigint, money and quantities as decimal(15,2). */
  static <E extends TpchEntity> Schema schema(TpchTable<E> table) {
    List<Types.NestedField> fields = new ArrayList<>();
    int id = 1;
    for (TpchColumn<E> column : table.getColumns()) {
      fields.add(Types.NestedField.required(id++, column.getColumnName(), icebergType(column)));
    }
    return new Schema(fields);
  }

  private static Type icebergType(TpchColumn<?> column) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> Types.LongType.get();
      case INTEGER -> Types.IntegerType.get();
      case DATE -> Types.DateType.get();
      case DOUBLE -> MONEY;
      case VARCHAR -> Types.StringType.get();
    };
  }

  private static <E extends TpchEntity> Object value(TpchColumn<E> column, E entity) {
    return switch (column.getType().getBase()) {
      case IDENTIFIER -> column.getIdentifier(entity);
      case INTEGER -> column.getInteger(entity);
      case DATE -> LocalDate.ofEpochDay(column.getDate(entity));
      case DOUBLE ->
          BigDecimal.valueOf(column.getDouble(entity))
              .setScale(MONEY.scale(), RoundingMode.HALF_UP);
      case VARCHAR -> column.getString(entity);
    };
  }
}
