package io.sluice.planner;

import io.sluice.planner.authorize.StatementAuthorizer;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.planner.catalog.TableMetadata;
import io.sluice.planner.parse.ast.SqlDescribeCommand;
import io.sluice.planner.parse.ast.SqlShowCommand;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.security.access.Resource;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Plans SHOW and DESCRIBE: the engine answers them (so the output is exactly Spark's), with every
 * name qualified by the session's catalog and schema, after the caller is authorized to see what is
 * described; listings of schemas, tables and columns come with a {@link RowVisibility} so that the
 * gateway drops the rows the caller may not see, as the protocols' metadata calls do.
 */
final class MetadataCommandPlanner {
  private final CatalogManager catalogs;
  private final StatementAuthorizer authorizer;
  private final SparkCommandPlanner.QueryPlanner queries;

  MetadataCommandPlanner(
      CatalogManager catalogs,
      StatementAuthorizer authorizer,
      SparkCommandPlanner.QueryPlanner queries) {
    this.catalogs = catalogs;
    this.authorizer = authorizer;
    this.queries = queries;
  }

  static boolean plans(SqlNode statement) {
    return statement instanceof SqlShowCommand || statement instanceof SqlDescribeCommand;
  }

  PlannedStatement plan(SqlNode statement, String sql, SessionContext session, boolean superUser) {
    Plan plan =
        statement instanceof SqlShowCommand show
            ? show(show, session, superUser)
            : describe((SqlDescribeCommand) statement, session, superUser);
    return new PlannedStatement(
        StatementKind.METADATA_COMMAND,
        sql,
        Optional.of(plan.engineSql),
        plan.columns,
        plan.tables,
        Optional.empty(),
        plan.policyIds,
        superUser ? Optional.empty() : plan.visibility);
  }

  /** What a metadata command becomes. */
  private record Plan(
      String engineSql,
      List<ColumnMetadata> columns,
      Set<QualifiedName> tables,
      Set<Long> policyIds,
      Optional<RowVisibility> visibility) {}

  private Plan show(SqlShowCommand show, SessionContext session, boolean superUser) {
    SqlParserPos pos = show.getParserPosition();
    Set<Long> policyIds = new LinkedHashSet<>();
    switch (show.target) {
      case CATALOGS, FUNCTIONS -> {
        String column = show.target == SqlShowCommand.Target.CATALOGS ? "catalog" : "function";
        return new Plan(
            SparkSqlUnparser.unparse(show),
            List.of(string(column)),
            Set.of(),
            policyIds,
            Optional.empty());
      }
      case CURRENT_NAMESPACE -> {
        // The engine connection's namespace is not the session's: the session answers.
        return new Plan(
            "SELECT "
                + quote(session.catalog())
                + " AS `catalog`, "
                + quote(session.schema())
                + " AS `namespace`",
            List.of(string("catalog"), string("namespace")),
            Set.of(),
            policyIds,
            Optional.empty());
      }
      case NAMESPACES -> {
        SqlIdentifier in = namespaceOrCatalog(show.namespace, session, pos);
        return new Plan(
            unparse(show, in, null),
            List.of(string("namespace")),
            Set.of(),
            policyIds,
            Optional.of(RowVisibility.schemas(0)));
      }
      case TABLES, VIEWS, TABLE_EXTENDED -> {
        SqlIdentifier in = namespace(show.namespace, session, pos);
        List<ColumnMetadata> columns = new ArrayList<>();
        columns.add(string("namespace"));
        columns.add(string(show.target == SqlShowCommand.Target.VIEWS ? "viewName" : "tableName"));
        columns.add(new ColumnMetadata("isTemporary", ColumnTypes.BOOLEAN, false, null));
        if (show.target == SqlShowCommand.Target.TABLE_EXTENDED) {
          columns.add(string("information"));
        }
        return new Plan(
            unparse(show, in, null),
            columns,
            Set.of(),
            policyIds,
            Optional.of(RowVisibility.tables(0, 1)));
      }
      case COLUMNS -> {
        QualifiedName table = table(show.table, show.namespace, session);
        policyIds.addAll(see(tableResource(table), session, superUser));
        requireColumnsKnown(table, superUser);
        return new Plan(
            unparse(show, null, identifier(table, pos)),
            List.of(string("col_name")),
            Set.of(table),
            policyIds,
            Optional.of(RowVisibility.columns(table, 0)));
      }
      case TBLPROPERTIES -> {
        QualifiedName table = table(show.table, null, session);
        policyIds.addAll(see(tableResource(table), session, superUser));
        return new Plan(
            unparse(show, null, identifier(table, pos)),
            List.of(string("key"), string("value")),
            Set.of(table),
            policyIds,
            Optional.empty());
      }
      case CREATE_TABLE -> {
        QualifiedName table = table(show.table, null, session);
        policyIds.addAll(see(tableResource(table), session, superUser));
        if (!superUser) {
          // The statement names every column: the user must be able to see them all.
          for (ColumnMetadata column : existingTable(table).columns()) {
            policyIds.addAll(
                authorizer.authorizeAny(
                    Resource.column(table.schema(), table.table(), column.name()), "see", session));
          }
        }
        return new Plan(
            unparse(show, null, identifier(table, pos)),
            List.of(string("createtab_stmt")),
            Set.of(table),
            policyIds,
            Optional.empty());
      }
      case PARTITIONS -> {
        QualifiedName table = table(show.table, null, session);
        policyIds.addAll(see(tableResource(table), session, superUser));
        return new Plan(
            unparse(show, null, identifier(table, pos)),
            List.of(string("partition")),
            Set.of(table),
            policyIds,
            Optional.empty());
      }
    }
    throw new IllegalStateException("Unknown SHOW command: " + show.target);
  }

  private Plan describe(SqlDescribeCommand describe, SessionContext session, boolean superUser) {
    SqlParserPos pos = describe.getParserPosition();
    Set<Long> policyIds = new LinkedHashSet<>();
    switch (describe.target) {
      case TABLE -> {
        QualifiedName table = table(describe.name, null, session);
        policyIds.addAll(see(tableResource(table), session, superUser));
        requireColumnsKnown(table, superUser);
        SqlDescribeCommand qualified =
            new SqlDescribeCommand(
                pos,
                describe.target,
                describe.word,
                describe.option,
                identifier(table, pos),
                describe.partition,
                describe.column,
                null);
        if (describe.column != null) {
          String column = lower(describe.column.names.get(describe.column.names.size() - 1));
          if (!superUser) {
            policyIds.addAll(
                describe.option == null
                    ? authorizer.authorizeAny(
                        Resource.column(table.schema(), table.table(), column), "describe", session)
                    : authorizer.authorizeUnrestrictedRead(
                        table, column, "DESCRIBE " + describe.option, session));
          }
          return new Plan(
              SparkSqlUnparser.unparse(qualified),
              List.of(string("info_name"), string("info_value")),
              Set.of(table),
              policyIds,
              Optional.empty());
        }
        return new Plan(
            SparkSqlUnparser.unparse(qualified),
            List.of(string("col_name"), string("data_type"), string("comment")),
            Set.of(table),
            policyIds,
            Optional.of(RowVisibility.columns(table, 0)));
      }
      case QUERY -> {
        SparkCommandPlanner.PlannedQuery query = queries.plan(describe.query, session, true);
        SqlDescribeCommand planned =
            new SqlDescribeCommand(
                pos, describe.target, describe.word, null, null, null, null, query.query());
        return new Plan(
            SparkSqlUnparser.unparse(planned),
            List.of(string("col_name"), string("data_type"), string("comment")),
            query.tables(),
            query.policyIds(),
            Optional.empty());
      }
      case NAMESPACE -> {
        SqlIdentifier name = namespace(describe.name, session, pos);
        String schema = name.names.get(name.names.size() - 1);
        policyIds.addAll(see(Resource.schema(schema), session, superUser));
        SqlDescribeCommand qualified =
            new SqlDescribeCommand(
                pos, describe.target, describe.word, describe.option, name, null, null, null);
        return new Plan(
            SparkSqlUnparser.unparse(qualified),
            List.of(string("info_name"), string("info_value")),
            Set.of(),
            policyIds,
            Optional.empty());
      }
      case FUNCTION -> {
        return new Plan(
            SparkSqlUnparser.unparse(describe),
            List.of(string("function_desc")),
            Set.of(),
            policyIds,
            Optional.empty());
      }
    }
    throw new IllegalStateException("Unknown DESCRIBE command: " + describe.target);
  }

  /** Authorizes describing a schema, table or column; super-users may describe anything. */
  private Set<Long> see(Resource resource, SessionContext session, boolean superUser) {
    return superUser ? Set.of() : authorizer.authorizeAny(resource, "describe", session);
  }

  private static String unparse(SqlShowCommand show, SqlIdentifier namespace, SqlIdentifier table) {
    return SparkSqlUnparser.unparse(
        new SqlShowCommand(
            show.getParserPosition(),
            show.target,
            show.words,
            namespace,
            table,
            show.pattern,
            show.propertyKey,
            show.asSerde,
            show.functionScope));
  }

  /** A schema given as schema or catalog.schema, else the session's; as catalog.schema. */
  private SqlIdentifier namespace(SqlIdentifier given, SessionContext session, SqlParserPos pos) {
    if (given == null) {
      return new SqlIdentifier(List.of(session.catalog(), session.schema()), pos);
    }
    List<String> parts = given.names;
    if (parts.size() == 1) {
      return new SqlIdentifier(List.of(session.catalog(), lower(parts.get(0))), pos);
    }
    if (parts.size() == 2) {
      TableNames.requireCatalog(lower(parts.get(0)), catalogs);
      return new SqlIdentifier(List.of(lower(parts.get(0)), lower(parts.get(1))), pos);
    }
    throw new SluiceException(
        ErrorCode.SCHEMA_NOT_FOUND,
        "Cannot use schema name '"
            + String.join(".", parts)
            + "': a schema name has at most two parts (catalog, schema)");
  }

  /** For SHOW NAMESPACES: a catalog's name stays as it is, a schema is qualified. */
  private SqlIdentifier namespaceOrCatalog(
      SqlIdentifier given, SessionContext session, SqlParserPos pos) {
    if (given == null) {
      return new SqlIdentifier(session.catalog(), pos);
    }
    if (given.names.size() == 1 && catalogs.catalogExists(given.names.get(0))) {
      return new SqlIdentifier(lower(given.names.get(0)), pos);
    }
    return namespace(given, session, pos);
  }

  private QualifiedName table(SqlIdentifier name, SqlIdentifier namespace, SessionContext session) {
    List<String> parts = new ArrayList<>(name.names);
    if (namespace != null) {
      if (parts.size() != 1) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR,
            "Cannot name the table '"
                + String.join(".", name.names)
                + "' and its schema separately; write SHOW COLUMNS IN schema.table");
      }
      parts.addAll(0, namespace.names);
    }
    return TableNames.qualify(parts, session, catalogs);
  }

  /**
   * The gateway hides the columns a caller may not see by their names in the catalog: without the
   * table's or view's metadata (dropped meanwhile) it could not, so the statement is refused for
   * everyone but super-users rather than shown whole.
   */
  private void requireColumnsKnown(QualifiedName table, boolean superUser) {
    if (superUser || catalogs.table(table).isPresent()) {
      return;
    }
    existingTable(table);
  }

  private TableMetadata existingTable(QualifiedName table) {
    return catalogs
        .table(table)
        .orElseThrow(
            () ->
                new SluiceException(
                    ErrorCode.TABLE_NOT_FOUND,
                    "Table '" + table + "' not found; check the name, or qualify it"));
  }

  private static SqlIdentifier identifier(QualifiedName table, SqlParserPos pos) {
    return new SqlIdentifier(table.parts(), pos);
  }

  private static Resource tableResource(QualifiedName table) {
    return Resource.table(table.schema(), table.table());
  }

  private static ColumnMetadata string(String name) {
    return new ColumnMetadata(name, ColumnTypes.STRING, true, null);
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
