package io.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.QualifiedName;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.calcite.linq4j.function.Predicate1;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.lookup.LikePattern;
import org.apache.calcite.schema.lookup.Lookup;
import org.apache.calcite.schema.lookup.Named;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * The Calcite view of a {@link CatalogManager}: the root schema's children are the catalogs, a
 * catalog's children are its namespaces and a namespace holds the tables. Every lookup goes to the
 * manager, whose cache decides how fresh a table's columns are; nothing is copied into Calcite.
 *
 * <p>A namespace is not checked when it is looked up, only the table in it: Calcite tries each
 * candidate prefix of a name against the default schema path (for {@code lakehouse.tpch.lineitem}
 * it also tries a namespace called {@code lakehouse}), and checking those would cost a catalog
 * round trip per query.
 */
public final class CatalogRootSchema extends ReadOnlySchema {
  private final CatalogManager catalogs;
  private final ConcurrentHashMap<QualifiedName, CatalogTable> calciteTables =
      new ConcurrentHashMap<>();

  public CatalogRootSchema(CatalogManager catalogs) {
    this.catalogs = requireNonNull(catalogs, "catalogs");
  }

  @Override
  public Lookup<? extends Schema> subSchemas() {
    return new NameLookup<>() {
      @Override
      public @Nullable CatalogSchema get(String name) {
        String catalog = CatalogManager.normalize(name);
        return catalogs.catalogExists(catalog) ? new CatalogSchema(catalog) : null;
      }

      @Override
      public Set<String> getNames(LikePattern pattern) {
        return matching(catalogs.catalogNames(), pattern);
      }
    };
  }

  /** Reuses the Calcite table, and so its row type, while the manager returns the same schema. */
  private @Nullable CatalogTable table(QualifiedName name) {
    CatalogManager.LoadedTable loaded = catalogs.loadedTable(name).orElse(null);
    if (loaded == null) {
      return null;
    }
    CatalogTable existing = calciteTables.get(name);
    if (existing != null && existing.loaded() == loaded) {
      return existing;
    }
    CatalogTable table = new CatalogTable(loaded);
    calciteTables.put(name, table);
    return table;
  }

  private final class CatalogSchema extends ReadOnlySchema {
    private final String catalog;

    CatalogSchema(String catalog) {
      this.catalog = catalog;
    }

    @Override
    public Lookup<? extends Schema> subSchemas() {
      return new NameLookup<>() {
        @Override
        public @Nullable NamespaceSchema get(String name) {
          return name.isEmpty()
              ? null
              : new NamespaceSchema(catalog, CatalogManager.normalize(name));
        }

        @Override
        public Set<String> getNames(LikePattern pattern) {
          return matching(catalogs.schemaNames(catalog), pattern);
        }
      };
    }
  }

  private final class NamespaceSchema extends ReadOnlySchema {
    private final String catalog;
    private final String schema;

    NamespaceSchema(String catalog, String schema) {
      this.catalog = catalog;
      this.schema = schema;
    }

    @Override
    public Lookup<Table> tables() {
      return new NameLookup<>() {
        @Override
        public @Nullable Table get(String name) {
          if (name.isEmpty()) {
            return null;
          }
          int separator = name.indexOf(CatalogManager.VARIANT_SEPARATOR);
          if (separator > 0) {
            // A metadata table, branch or tag, as the validator's copy names it.
            return catalogs
                .loadedVariant(
                    new QualifiedName(catalog, schema, name.substring(0, separator)),
                    name.substring(separator + 1))
                .map(CatalogTable::new)
                .orElse(null);
          }
          return table(new QualifiedName(catalog, schema, name));
        }

        @Override
        public Set<String> getNames(LikePattern pattern) {
          return matching(catalogs.tableNames(catalog, schema), pattern);
        }
      };
    }
  }

  /**
   * A lookup over names that are all lower case, so that a case-insensitive lookup is a lookup of
   * the lower-case name.
   */
  private abstract static class NameLookup<T> implements Lookup<T> {
    @Override
    public @Nullable Named<T> getIgnoreCase(String name) {
      String normalized = CatalogManager.normalize(name);
      T entity = get(normalized);
      return entity == null ? null : new Named<>(normalized, entity);
    }

    static Set<String> matching(List<String> names, LikePattern pattern) {
      Predicate1<String> matcher = pattern.matcher();
      Set<String> matches = new TreeSet<>();
      for (String name : names) {
        if (matcher.apply(name)) {
          matches.add(name);
        }
      }
      return matches;
    }
  }
}
