package io.sluice.planner;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.security.authn.Identity;
import io.sluice.spi.QualifiedName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers query plans, so that the same query from the same identity in the same current schema
 * is not parsed, validated, authorized and rewritten again: dashboards and BI tools send the same
 * statements all day, and planning is most of what the gateway adds to a small query.
 *
 * <p>A remembered plan is used only while everything it was decided from still holds:
 *
 * <ul>
 *   <li>the same text, current catalog and schema, and identity (user, groups, roles, attributes);
 *   <li>the same policy generation, under policies whose answers depend on nothing but identity and
 *       resource (with conditions on the client address or the time, or validity schedules, nothing
 *       is remembered);
 *   <li>every table it reads has the same metadata in the catalog as when it was planned (looked up
 *       as planning would, so a table changed or dropped by another engine is noticed just as
 *       soon).
 * </ul>
 *
 * <p>Only queries are remembered, never refusals: a denied statement is decided again each time.
 * Bounded: when full it starts over. Thread-safe.
 */
final class PlanCache {
  /** Statements longer than this are planned each time: BI tools' giant queries rarely repeat. */
  static final int LONGEST_REMEMBERED_SQL = 16 * 1024;

  private final CatalogManager catalogs;
  private final int capacity;
  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  PlanCache(CatalogManager catalogs, int capacity) {
    this.catalogs = catalogs;
    this.capacity = capacity;
  }

  /** The plan remembered for this statement in this session, if it still holds. */
  Optional<PlannedStatement> lookup(String sql, SessionContext session, PolicyEpoch epoch) {
    if (capacity == 0 || !epoch.identityOnly()) {
      return Optional.empty();
    }
    Key key = Key.of(sql, session);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (entry.generation() != epoch.generation() || !tablesUnchanged(entry)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.statement());
  }

  /**
   * Remembers a query's plan, with the metadata of each table it reads.
   *
   * @param epoch the policies as they were read before planning began: if they changed while the
   *     statement was planned, the entry is stale at its first lookup
   * @param catalogChanges {@link CatalogManager#changes()} before planning began: when any table's
   *     metadata changed since, the plan may have seen another version than the one recorded now,
   *     so it is not remembered
   */
  void remember(
      String sql,
      SessionContext session,
      PolicyEpoch epoch,
      PlannedStatement statement,
      long catalogChanges) {
    if (capacity == 0
        || !epoch.identityOnly()
        || statement.kind() != StatementKind.QUERY
        || sql.length() > LONGEST_REMEMBERED_SQL) {
      return;
    }
    Optional<List<TableStamp>> tables = stamps(statement.tables());
    if (tables.isEmpty() || catalogs.changes() != catalogChanges) {
      return;
    }
    if (entries.size() >= capacity) {
      entries.clear();
    }
    entries.put(Key.of(sql, session), new Entry(statement, epoch.generation(), tables.get()));
  }

  /** The current metadata of each table; empty when one is missing. */
  private Optional<List<TableStamp>> stamps(Iterable<QualifiedName> tables) {
    List<TableStamp> stamps = new ArrayList<>();
    for (QualifiedName table : tables) {
      Optional<TableMetadata> metadata = catalogs.table(table);
      if (metadata.isEmpty()) {
        return Optional.empty();
      }
      stamps.add(new TableStamp(table, metadata.get()));
    }
    return Optional.of(List.copyOf(stamps));
  }

  int size() {
    return entries.size();
  }

  private boolean tablesUnchanged(Entry entry) {
    for (TableStamp stamp : entry.tables()) {
      Optional<TableMetadata> current = catalogs.table(stamp.name());
      // The catalog keeps the same metadata object until the table's metadata file changes.
      if (current.isEmpty() || current.get() != stamp.metadata()) {
        return false;
      }
    }
    return true;
  }

  /** A table and the metadata a plan was made against. */
  record TableStamp(QualifiedName name, TableMetadata metadata) {}

  private record Key(String sql, String catalog, String schema, Identity identity) {
    static Key of(String sql, SessionContext session) {
      return new Key(sql, session.catalog(), session.schema(), session.identity());
    }
  }

  private record Entry(PlannedStatement statement, long generation, List<TableStamp> tables) {}
}
