package io.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.MetadataTableType;
import org.apache.iceberg.MetadataTableUtils;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SnapshotRef;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.catalog.ViewCatalog;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;
import org.apache.iceberg.types.TypeUtil;
import org.apache.iceberg.types.Types;
import org.apache.iceberg.view.SQLViewRepresentation;
import org.apache.iceberg.view.View;
import org.apache.iceberg.view.ViewVersion;

/**
 * The Iceberg catalogs Sluice plans against, with a cache of table schemas.
 *
 * <p>Catalog, schema (Iceberg namespace, one level) and table names are case-insensitive: they are
 * compared in lower case, as Spark's Iceberg catalog stores them. A table's schema is cached
 * together with its loaded Iceberg {@link Table}; once the entry is older than the freshness
 * interval, the next lookup refreshes the table, which costs one catalog round trip when nothing
 * changed, and rebuilds the columns only when the table's metadata file changed. A lookup of a
 * table that is not cached always asks the catalog, so tables created by the engine appear at once.
 *
 * <p>Thread-safe.
 */
public final class CatalogManager {
  /** Spark reports every Iceberg table as a plain table; views are not planned yet. */
  private static final String TABLE_TYPE = "TABLE";

  private static final String VIEW_TYPE = "VIEW";

  private final AtomicLong changes = new AtomicLong();
  private final Map<String, Catalog> catalogs;
  private final List<String> catalogNames;
  private final long freshnessNanos;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<QualifiedName, CachedTable> tables = new ConcurrentHashMap<>();

  /**
   * Creates a manager over the given catalogs.
   *
   * @param catalogs catalog name to Iceberg catalog; each must also implement {@link
   *     SupportsNamespaces}
   * @param freshness how long a cached table schema is used before the table is refreshed; zero
   *     refreshes on every lookup
   * @throws SluiceException with {@link ErrorCode#INVALID_CONFIGURATION} when a catalog does not
   *     support namespaces or two names differ only in case
   */
  public CatalogManager(Map<String, Catalog> catalogs, Duration freshness) {
    this(catalogs, freshness, System::nanoTime);
  }

  CatalogManager(Map<String, Catalog> catalogs, Duration freshness, LongSupplier nanoClock) {
    requireNonNull(catalogs, "catalogs");
    requireNonNull(freshness, "freshness");
    if (freshness.isNegative()) {
      throw new SluiceException(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot use catalog freshness " + freshness + ": it must not be negative");
    }
    Map<String, Catalog> byName = new TreeMap<>();
    catalogs.forEach(
        (name, catalog) -> {
          String normalized = normalize(name);
          if (!(catalog instanceof SupportsNamespaces)) {
            throw new SluiceException(
                ErrorCode.INVALID_CONFIGURATION,
                "Cannot use catalog '"
                    + name
                    + "': "
                    + catalog.getClass().getName()
                    + " does not support namespaces; configure an Iceberg catalog that does"
                    + " (JDBC, REST, Hive)");
          }
          if (byName.put(normalized, catalog) != null) {
            throw new SluiceException(
                ErrorCode.INVALID_CONFIGURATION,
                "Cannot use catalog '"
                    + name
                    + "': another catalog has the same name in lower case; names are"
                    + " case-insensitive");
          }
        });
    this.catalogs = Map.copyOf(byName);
    this.catalogNames = List.copyOf(byName.keySet());
    this.freshnessNanos = freshness.toNanos();
    this.nanoClock = requireNonNull(nanoClock, "nanoClock");
  }

  /** The catalog names in lower case, sorted. */
  public List<String> catalogNames() {
    return catalogNames;
  }

  /** Whether a catalog of this name (any case) is configured. */
  public boolean catalogExists(String catalog) {
    return catalogs.containsKey(normalize(catalog));
  }

  /**
   * The schemas (top-level namespaces) of a catalog, sorted.
   *
   * @throws SluiceException with {@link ErrorCode#CATALOG_NOT_FOUND} for an unknown catalog
   */
  public List<String> schemaNames(String catalog) {
    SupportsNamespaces namespaces = (SupportsNamespaces) requireCatalog(catalog);
    List<String> names = new ArrayList<>();
    for (Namespace namespace : namespaces.listNamespaces(Namespace.empty())) {
      if (namespace.length() == 1) {
        names.add(normalize(namespace.level(0)));
      }
    }
    names.sort(null);
    return List.copyOf(names);
  }

  /**
   * The tables of a schema, sorted.
   *
   * @throws SluiceException with {@link ErrorCode#CATALOG_NOT_FOUND} or {@link
   *     ErrorCode#SCHEMA_NOT_FOUND}
   */
  public List<String> tableNames(String catalog, String schema) {
    Catalog icebergCatalog = requireCatalog(catalog);
    List<TableIdentifier> identifiers;
    try {
      identifiers = icebergCatalog.listTables(Namespace.of(normalize(schema)));
    } catch (NoSuchNamespaceException e) {
      throw schemaNotFound(catalog, schema, e);
    }
    List<String> names = new ArrayList<>(identifiers.size());
    for (TableIdentifier identifier : identifiers) {
      names.add(normalize(identifier.name()));
    }
    names.sort(null);
    return List.copyOf(names);
  }

  /** Whether the schema exists; always asks the catalog. False for an unknown catalog. */
  public boolean schemaExists(String catalog, String schema) {
    Catalog icebergCatalog = catalogs.get(normalize(catalog));
    if (icebergCatalog == null) {
      return false;
    }
    return ((SupportsNamespaces) icebergCatalog).namespaceExists(Namespace.of(normalize(schema)));
  }

  /**
   * The table's metadata, from the cache while it is fresh. Empty when the catalog or the table
   * does not exist.
   */
  public Optional<TableMetadata> table(QualifiedName name) {
    return loadedTable(name).map(LoadedTable::metadata);
  }

  /** Forgets the cached schema of a table, for example after the engine altered or dropped it. */
  public void invalidate(QualifiedName name) {
    tables.remove(requireNonNull(name, "name"));
    changes.incrementAndGet();
  }

  /**
   * A number that grows whenever a cached table's metadata is replaced or forgotten (a first load
   * replaces nothing): equal before and after some work means that no table that work looked up
   * changed under it.
   */
  public long changes() {
    return changes.get();
  }

  /** The table's metadata and Iceberg schema, for the Calcite schema adapter. */
  Optional<LoadedTable> loadedTable(QualifiedName name) {
    requireNonNull(name, "name");
    Catalog catalog = catalogs.get(name.catalog());
    if (catalog == null) {
      return Optional.empty();
    }
    CachedTable cached = tables.get(name);
    if (cached == null) {
      // Loading under computeIfAbsent makes concurrent first lookups of one table share one load.
      cached = tables.computeIfAbsent(name, key -> load(catalog, key));
      return cached == null ? loadedView(catalog, name) : Optional.of(cached.loaded());
    }
    if (nanoClock.getAsLong() - cached.checkedAtNanos() < freshnessNanos) {
      return Optional.of(cached.loaded());
    }
    return refresh(name, cached);
  }

  /**
   * A view, with its columns and the Spark SQL that defines it; read from the catalog at each
   * lookup (views are looked up only where a statement names one), so a replaced view is seen at
   * once.
   */
  private static Optional<LoadedTable> loadedView(Catalog catalog, QualifiedName name) {
    if (!(catalog instanceof ViewCatalog views)) {
      return Optional.empty();
    }
    View view;
    try {
      view = views.loadView(TableIdentifier.of(Namespace.of(name.schema()), name.table()));
    } catch (NoSuchViewException | NoSuchNamespaceException e) {
      return Optional.empty();
    }
    SQLViewRepresentation sql = view.sqlFor("spark");
    ViewVersion version = view.currentVersion();
    Namespace namespace = version.defaultNamespace();
    LoadedTable described = describe(name, view.schema(), VIEW_TYPE);
    return Optional.of(
        new LoadedTable(
            described.metadata(),
            described.schema(),
            Optional.of(
                new ViewDefinition(
                    sql == null ? null : sql.sql(),
                    version.defaultCatalog() == null ? name.catalog() : version.defaultCatalog(),
                    namespace == null || namespace.isEmpty()
                        ? name.schema()
                        : String.join(".", namespace.levels())))));
  }

  /**
   * A table's Iceberg metadata table ({@code snapshots}, {@code files}, ...) or one of its branches
   * ({@code branch_<name>}) or tags ({@code tag_<name>}), as Spark's Iceberg catalog names them
   * after the table's name. A branch or tag has the table's current columns, as time travel does; a
   * metadata table has its own. Empty when the table, metadata table, branch or tag does not exist.
   */
  /**
   * Joins a table's name and its metadata table's, branch's or tag's name into the one name the
   * validator looks the variant up by ({@code t.snapshots} is {@code t<separator>snapshots}): a
   * character no SQL name holds.
   */
  public static final char VARIANT_SEPARATOR = '\u0001';

  /** Whether a name can name a metadata table, branch or tag of a table. */
  public static boolean isVariantName(String name) {
    String lower = normalize(name);
    return lower.startsWith("branch_")
        || lower.startsWith("tag_")
        || MetadataTableType.from(lower) != null;
  }

  Optional<LoadedTable> loadedVariant(QualifiedName table, String variant) {
    if (loadedTable(table).isEmpty()) {
      return Optional.empty();
    }
    CachedTable cached = tables.get(table);
    if (cached == null) {
      return Optional.empty();
    }
    Table iceberg = cached.table();
    String name = normalize(variant);
    Schema schema;
    if (name.startsWith("branch_") || name.startsWith("tag_")) {
      boolean branch = name.startsWith("branch_");
      SnapshotRef ref = iceberg.refs().get(name.substring(branch ? 7 : 4));
      if (ref == null || ref.isBranch() != branch) {
        return Optional.empty();
      }
      schema = cached.loaded().schema();
    } else {
      MetadataTableType type = MetadataTableType.from(name);
      if (type == null) {
        return Optional.empty();
      }
      schema = MetadataTableUtils.createMetadataTableInstance(iceberg, type).schema();
    }
    LoadedTable described =
        describe(
            new QualifiedName(table.catalog(), table.schema(), table.table() + "." + name),
            schema,
            TABLE_TYPE);
    return Optional.of(new LoadedTable(described.metadata(), schema, Optional.empty()));
  }

  /**
   * What the table's earlier schemas say about its columns (see {@link ColumnHistory}).
   *
   * @throws SluiceException when the table is gone, or changed while the statement was planned
   */
  public ColumnHistory columnHistory(QualifiedName name) {
    Optional<LoadedTable> loaded = loadedTable(name);
    if (loaded.isPresent() && loaded.get().view().isPresent()) {
      // A view has no data files or snapshots of its own; reading one AS OF is refused elsewhere.
      return new ColumnHistory(List.of(), List.of(), true);
    }
    CachedTable cached = tables.get(name);
    if (cached == null) {
      throw new SluiceException(
          ErrorCode.TABLE_NOT_FOUND,
          "Cannot read the history of table "
              + name
              + ": it was dropped or changed while the statement was planned; run it again");
    }
    return cached.history();
  }

  /**
   * The columns a table had in its earlier schemas, as far as its metadata still holds them.
   *
   * @param earlierColumns the names, in order, that earlier schemas had and the current one has not
   *     (dropped, or renamed since): data files written before still carry their statistics
   * @param reboundColumns the current names that named another column (another field id) in an
   *     earlier schema, in order: Spark resolves them against a snapshot's schema
   * @param complete whether every field id the table ever assigned is in a schema it still holds;
   *     false once schemas were removed (expire_snapshots with clean_expired_metadata), when the
   *     columns of old data files can no longer be named
   */
  public record ColumnHistory(
      List<String> earlierColumns, List<String> reboundColumns, boolean complete) {
    public ColumnHistory {
      earlierColumns = List.copyOf(earlierColumns);
      reboundColumns = List.copyOf(reboundColumns);
    }
  }

  private static ColumnHistory history(Table table, Schema current) {
    Map<String, Integer> currentIds = new HashMap<>();
    for (Types.NestedField field : current.columns()) {
      currentIds.put(normalize(field.name()), field.fieldId());
    }
    SortedSet<String> earlier = new TreeSet<>();
    SortedSet<String> rebound = new TreeSet<>();
    Set<Integer> ids = new HashSet<>();
    for (Schema schema : table.schemas().values()) {
      ids.addAll(TypeUtil.indexById(schema.asStruct()).keySet());
      for (Types.NestedField field : schema.columns()) {
        String column = normalize(field.name());
        Integer currentId = currentIds.get(column);
        if (currentId == null) {
          earlier.add(column);
        } else if (currentId != field.fieldId()) {
          rebound.add(column);
        }
      }
    }
    boolean complete = false;
    if (table instanceof HasTableOperations withOperations) {
      int lastColumnId = withOperations.operations().current().lastColumnId();
      complete = true;
      for (int id = 1; id <= lastColumnId; id++) {
        complete &= ids.contains(id);
      }
    }
    return new ColumnHistory(List.copyOf(earlier), List.copyOf(rebound), complete);
  }

  /** The definition of a view that the catalog holds, or empty for a table or no such name. */
  public Optional<ViewDefinition> view(QualifiedName name) {
    return loadedTable(name).flatMap(LoadedTable::view);
  }

  private CachedTable load(Catalog catalog, QualifiedName name) {
    Table table;
    try {
      table = catalog.loadTable(TableIdentifier.of(Namespace.of(name.schema()), name.table()));
    } catch (NoSuchTableException | NoSuchNamespaceException e) {
      return null;
    }
    return new CachedTable(
        table,
        metadataLocation(table),
        describe(name, table.schema(), TABLE_TYPE),
        history(table, table.schema()),
        nanoClock.getAsLong());
  }

  private Optional<LoadedTable> refresh(QualifiedName name, CachedTable stale) {
    synchronized (stale) {
      CachedTable current = tables.get(name);
      if (current != stale) {
        // Another thread refreshed, replaced or invalidated the entry while this one waited.
        return current == null ? loadedTable(name) : Optional.of(current.loaded());
      }
      try {
        stale.table().refresh();
      } catch (NoSuchTableException e) {
        tables.remove(name, stale);
        changes.incrementAndGet();
        return Optional.empty();
      }
      String location = metadataLocation(stale.table());
      LoadedTable loaded;
      ColumnHistory history;
      if (location != null && location.equals(stale.metadataLocation())) {
        loaded = stale.loaded();
        history = stale.history();
      } else {
        changes.incrementAndGet();
        loaded = describe(name, stale.table().schema(), TABLE_TYPE);
        history = history(stale.table(), stale.table().schema());
      }
      CachedTable refreshed =
          new CachedTable(stale.table(), location, loaded, history, nanoClock.getAsLong());
      tables.replace(name, stale, refreshed);
      return Optional.of(loaded);
    }
  }

  /**
   * The location of the table's current metadata file, which changes with every commit; null when
   * the table does not expose its operations, in which case every refresh rebuilds the columns.
   */
  private static String metadataLocation(Table table) {
    if (table instanceof HasTableOperations withOperations) {
      return withOperations.operations().current().metadataFileLocation();
    }
    return null;
  }

  private static LoadedTable describe(QualifiedName name, Schema schema, String type) {
    List<ColumnMetadata> columns = new ArrayList<>(schema.columns().size());
    for (Types.NestedField field : schema.columns()) {
      columns.add(
          new ColumnMetadata(
              normalize(field.name()),
              ColumnTypes.fromIceberg(field.type()),
              field.isOptional(),
              field.doc()));
    }
    return new LoadedTable(new TableMetadata(name, type, columns), schema, Optional.empty());
  }

  private Catalog requireCatalog(String catalog) {
    Catalog icebergCatalog = catalogs.get(normalize(catalog));
    if (icebergCatalog == null) {
      throw new SluiceException(
          ErrorCode.CATALOG_NOT_FOUND,
          "Cannot find catalog '"
              + catalog
              + "': it is not configured; the catalogs are "
              + String.join(", ", catalogNames()));
    }
    return icebergCatalog;
  }

  private static SluiceException schemaNotFound(
      String catalog, String schema, RuntimeException cause) {
    return new SluiceException(
        ErrorCode.SCHEMA_NOT_FOUND,
        "Cannot find schema '"
            + normalize(catalog)
            + "."
            + normalize(schema)
            + "': it does not exist; list the schemas of catalog '"
            + normalize(catalog)
            + "' with your client's metadata calls",
        cause);
  }

  static String normalize(String name) {
    return requireNonNull(name, "name").toLowerCase(Locale.ROOT);
  }

  /**
   * A table as the planner sees it: Sluice's description and the Iceberg schema it came from; for a
   * view, also its definition.
   */
  record LoadedTable(TableMetadata metadata, Schema schema, Optional<ViewDefinition> view) {}

  /**
   * A view's definition: its Spark SQL (null when the view has none for Spark) and the catalog and
   * namespace its names are resolved in.
   */
  public record ViewDefinition(String sql, String catalog, String namespace) {}

  private record CachedTable(
      Table table,
      String metadataLocation,
      LoadedTable loaded,
      ColumnHistory history,
      long checkedAtNanos) {}
}
