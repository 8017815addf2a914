package io.sluice.planner;

import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.authorize.StatementAuthorizer;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.parse.ast.SparkSqlCall;
import io.sluice.planner.parse.ast.SqlAlterNamespace;
import io.sluice.planner.parse.ast.SqlAlterSparkTable;
import io.sluice.planner.parse.ast.SqlCreateNamespace;
import io.sluice.planner.parse.ast.SqlCreateSparkTable;
import io.sluice.planner.parse.ast.SqlCreateSparkView;
import io.sluice.planner.parse.ast.SqlDropNamespace;
import io.sluice.planner.parse.ast.SqlDropSparkTable;
import io.sluice.planner.parse.ast.SqlProperty;
import io.sluice.planner.parse.ast.SqlTruncateSparkTable;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.security.access.AccessType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;

/**
 * Plans Spark's DDL (namespaces, tables, views, their alterations) and TRUNCATE: each name fully
 * qualified, each access authorized as Ranger's Hive service defines it ({@code create}, {@code
 * drop}, {@code alter} on the object, {@code update} to truncate), and a query inside (CREATE TABLE
 * AS, CREATE VIEW) planned like any query.
 *
 * <p>Fails closed for users who are not super-users: a table's LOCATION, a {@code path} option and
 * properties that move data or metadata files are refused, since files outside the warehouse are
 * beyond the policies; temporary views are refused for everyone, since they live in one engine
 * session that Sluice shares among its clients.
 */
final class SparkCommandPlanner {
  /** How a query inside a DDL statement is planned. */
  interface QueryPlanner {
    /**
     * Validates, qualifies and authorizes the query for the session's user.
     *
     * @param applyPolicies whether the user's row filters and masks replace the tables it reads
     *     (CREATE TABLE AS copies what the user may see), or not (a view's text stays as written,
     *     and its readers' policies apply when it is read)
     */
    PlannedQuery plan(SqlNode query, SessionContext session, boolean applyPolicies);
  }

  /** A query inside a statement: the tree to print, what it reads, and the deciding policies. */
  record PlannedQuery(SqlNode query, Set<QualifiedName> tables, Set<Long> policyIds) {}

  private final CatalogManager catalogs;
  private final StatementAuthorizer authorizer;
  private final QueryPlanner queries;

  SparkCommandPlanner(
      CatalogManager catalogs, StatementAuthorizer authorizer, QueryPlanner queries) {
    this.catalogs = catalogs;
    this.authorizer = authorizer;
    this.queries = queries;
  }

  /** Whether this planner plans the statement. */
  static boolean plans(SqlNode statement) {
    return statement instanceof SqlCreateNamespace
        || statement instanceof SqlAlterNamespace
        || statement instanceof SqlDropNamespace
        || statement instanceof SqlCreateSparkTable
        || statement instanceof SqlDropSparkTable
        || statement instanceof SqlAlterSparkTable
        || statement instanceof SqlCreateSparkView
        || statement instanceof SqlTruncateSparkTable;
  }

  PlannedStatement plan(
      SparkSqlCall statement, String sql, SessionContext session, boolean superUser) {
    Set<QualifiedName> tables = new LinkedHashSet<>();
    Set<Long> policyIds = new LinkedHashSet<>();
    if (statement instanceof SqlCreateNamespace create) {
      String schema = qualifyNamespace(create.name, session);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeSchema(schema, AccessType.CREATE, session));
        refuseFileLocation(create.location, session, create.name);
        refuseFileProperties(create.properties, session, create.name);
      }
    } else if (statement instanceof SqlAlterNamespace alter) {
      String schema = qualifyNamespace(alter.name, session);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeSchema(schema, AccessType.ALTER, session));
        refuseFileLocation(alter.location, session, alter.name);
        refuseFileProperties(alter.properties, session, alter.name);
      }
    } else if (statement instanceof SqlDropNamespace drop) {
      String schema = qualifyNamespace(drop.name, session);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeSchema(schema, AccessType.DROP, session));
      }
    } else if (statement instanceof SqlCreateSparkTable create) {
      QualifiedName table = qualifyTable(create.name, session);
      tables.add(table);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeCreate(table, session));
        if (create.replace) {
          // Replacing a table drops its data first.
          policyIds.addAll(authorizer.authorizeTable(table, AccessType.DROP, session));
        }
        refuseFileLocation(create.location, session, create.name);
        refuseFileProperties(create.properties, session, create.name);
        refuseFileProperties(create.options, session, create.name);
      }
      if (create.query() != null) {
        PlannedQuery query = queries.plan(create.query(), session, true);
        create.setQuery(query.query());
        tables.addAll(query.tables());
        policyIds.addAll(query.policyIds());
      }
    } else if (statement instanceof SqlCreateSparkView view) {
      if (view.temporary != null) {
        throw new SluiceException(
            ErrorCode.UNSUPPORTED_STATEMENT,
            "Cannot run CREATE "
                + view.temporary
                + " VIEW: a temporary view lives in one engine session, which Sluice shares"
                + " among its clients; create a view in a schema (CREATE VIEW schema.name AS"
                + " ...), or use a WITH clause");
      }
      QualifiedName name = qualifyTable(view.name, session);
      tables.add(name);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeCreate(name, session));
        if (view.orReplace) {
          policyIds.addAll(authorizer.authorizeTable(name, AccessType.DROP, session));
        }
      }
      PlannedQuery query = queries.plan(view.query, session, false);
      tables.addAll(query.tables());
      policyIds.addAll(query.policyIds());
    } else if (statement instanceof SqlDropSparkTable drop) {
      QualifiedName table = qualifyTable(drop.name, session);
      tables.add(table);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeTable(table, AccessType.DROP, session));
      }
    } else if (statement instanceof SqlTruncateSparkTable truncate) {
      QualifiedName table = qualifyTable(truncate.name, session);
      tables.add(table);
      if (!superUser) {
        policyIds.addAll(authorizer.authorizeTable(table, AccessType.UPDATE, session));
        authorizer.refuseWhenRowsAreHidden(table, "TRUNCATE TABLE", session);
      }
    } else if (statement instanceof SqlAlterSparkTable alter) {
      planAlter(alter, session, superUser, tables, policyIds);
    } else {
      throw new IllegalArgumentException(
          "Not a statement of this planner: " + statement.statementName());
    }
    return new PlannedStatement(
        statement.statementKind(),
        sql,
        Optional.of(SparkSqlUnparser.unparse(statement)),
        List.of(),
        tables,
        Optional.empty(),
        policyIds,
        Optional.empty());
  }

  private void planAlter(
      SqlAlterSparkTable alter,
      SessionContext session,
      boolean superUser,
      Set<QualifiedName> tables,
      Set<Long> policyIds) {
    QualifiedName table = qualifyTable(alter.name, session);
    tables.add(table);
    if (!superUser) {
      policyIds.addAll(authorizer.authorizeTable(table, AccessType.ALTER, session));
    }
    switch (alter.action) {
      case RENAME_TO -> {
        // Spark renames within the table's catalog: the new name is schema.table.
        SqlIdentifier newName = (SqlIdentifier) alter.operand;
        QualifiedName renamed = qualifyTable(newName, session);
        if (!renamed.catalog().equals(table.catalog())) {
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Cannot rename "
                  + table
                  + " to "
                  + renamed
                  + ": a table stays in its catalog; name the new table as schema.table");
        }
        newName.setNames(List.of(renamed.schema(), renamed.table()), null);
        tables.add(renamed);
        if (!superUser) {
          policyIds.addAll(authorizer.authorizeCreate(renamed, session));
        }
      }
      case SET_LOCATION -> {
        if (!superUser) {
          refuseFileLocation(alter.operand, session, alter.name);
        }
      }
      case SET_PROPERTIES -> {
        if (!superUser) {
          refuseFileProperties(alter.items, session, alter.name);
        }
      }
      case VIEW_QUERY -> {
        PlannedQuery query = queries.plan(alter.operand, session, false);
        tables.addAll(query.tables());
        policyIds.addAll(query.policyIds());
      }
      default -> {}
    }
  }

  /** Qualifies a table's (or view's) name in place, and returns it. */
  private QualifiedName qualifyTable(SqlIdentifier name, SessionContext session) {
    QualifiedName table = TableNames.qualify(name.names, session, catalogs);
    name.setNames(table.parts(), null);
    return table;
  }

  /** Qualifies a namespace's name in place as catalog.schema, and returns the schema. */
  private String qualifyNamespace(SqlIdentifier name, SessionContext session) {
    List<String> parts = name.names;
    if (parts.size() > 2) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot use schema name '"
              + String.join(".", parts)
              + "': Sluice's catalogs have one level of schemas, so a schema name has at most two"
              + " parts (catalog, schema)");
    }
    String catalog = TableNames.lower(parts.size() == 2 ? parts.get(0) : session.catalog());
    String schema = TableNames.lower(parts.get(parts.size() - 1));
    TableNames.requireCatalog(catalog, catalogs);
    name.setNames(List.of(catalog, schema), null);
    return schema;
  }

  private static void refuseFileLocation(
      SqlNode location, SessionContext session, SqlIdentifier object) {
    if (location != null) {
      throw AccessDenied.because(
          session.user(),
          "set the location of",
          String.join(".", object.names),
          "files outside the warehouse are beyond the policies; only super-users may choose"
              + " where data lives");
    }
  }

  /** Refuses properties and options that move data or metadata files, or name a path. */
  private static void refuseFileProperties(
      SqlNodeList properties, SessionContext session, SqlIdentifier object) {
    if (properties == null) {
      return;
    }
    for (SqlNode node : properties) {
      String key = ((SqlProperty) node).keyText().toLowerCase(Locale.ROOT);
      if (key.contains("path") || key.contains("location") || key.equals("external")) {
        throw AccessDenied.because(
            session.user(),
            "set property '" + key + "' of",
            String.join(".", object.names),
            "the property places files outside the warehouse, beyond the policies; only"
                + " super-users may set it");
      }
    }
  }
}
