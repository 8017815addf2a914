package io.sluice.planner;

import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.authorize.StatementAuthorizer;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.parse.ast.SparkSqlCall;
import io.sluice.planner.parse.ast.SqlAnalyzeTable;
import io.sluice.planner.parse.ast.SqlCacheTable;
import io.sluice.planner.parse.ast.SqlCallProcedure;
import io.sluice.planner.parse.ast.SqlClearCache;
import io.sluice.planner.parse.ast.SqlRefreshCommand;
import io.sluice.planner.parse.ast.SqlUncacheTable;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.security.access.AccessType;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Plans the engine's own commands: its cache (CACHE TABLE, UNCACHE TABLE, CLEAR CACHE), REFRESH,
 * ANALYZE TABLE, and Iceberg's procedures (CALL). They return no rows to the client.
 *
 * <p>For users who are not super-users: caching, uncaching and refreshing a table need {@code
 * select} on it; ANALYZE TABLE and Iceberg's table maintenance procedures need {@code alter} on the
 * table; what acts on the whole engine (CLEAR CACHE, ANALYZE TABLES, REFRESH of a function or a
 * path) or on files or other tables (the other procedures) is for super-users only. CACHE TABLE ...
 * AS query is refused for everyone: its name would be a temporary view in an engine session that
 * Sluice shares among its clients.
 */
final class EngineCommandPlanner {
  /**
   * Iceberg procedures that maintain one table, named by their {@code table} argument (or the first
   * argument): rewinding, publishing and compacting its snapshots and files.
   */
  private static final Set<String> TABLE_MAINTENANCE =
      Set.of(
          "rollback_to_snapshot",
          "rollback_to_timestamp",
          "set_current_snapshot",
          "cherrypick_snapshot",
          "publish_changes",
          "fast_forward",
          "expire_snapshots",
          "rewrite_data_files",
          "rewrite_manifests",
          "rewrite_position_delete_files");

  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_]+");

  private final CatalogManager catalogs;
  private final StatementAuthorizer authorizer;

  EngineCommandPlanner(CatalogManager catalogs, StatementAuthorizer authorizer) {
    this.catalogs = catalogs;
    this.authorizer = authorizer;
  }

  static boolean plans(SqlNode statement) {
    return statement instanceof SqlCacheTable
        || statement instanceof SqlUncacheTable
        || statement instanceof SqlClearCache
        || statement instanceof SqlRefreshCommand
        || statement instanceof SqlAnalyzeTable
        || statement instanceof SqlCallProcedure;
  }

  PlannedStatement plan(
      SparkSqlCall statement, String sql, SessionContext session, boolean superUser) {
    Set<QualifiedName> tables = new LinkedHashSet<>();
    Set<Long> policyIds = new LinkedHashSet<>();
    SparkSqlCall planned = statement;
    if (statement instanceof SqlCacheTable cache) {
      if (cache.query != null) {
        throw new SluiceException(
            ErrorCode.UNSUPPORTED_STATEMENT,
            "Cannot run CACHE TABLE ... AS: its name would be a temporary view in an engine session,"
                + " which Sluice shares among its clients; cache a table (CACHE TABLE schema.table),"
                + " or create one from the query");
      }
      QualifiedName table = qualify(cache.name, session);
      tables.add(table);
      policyIds.addAll(check(table, AccessType.SELECT, session, superUser));
      planned =
          new SqlCacheTable(
              cache.getParserPosition(), cache.lazy, identifier(table), cache.options, null);
    } else if (statement instanceof SqlUncacheTable uncache) {
      QualifiedName table = qualify(uncache.name, session);
      tables.add(table);
      policyIds.addAll(check(table, AccessType.SELECT, session, superUser));
      planned =
          new SqlUncacheTable(uncache.getParserPosition(), uncache.ifExists, identifier(table));
    } else if (statement instanceof SqlRefreshCommand refresh) {
      if (!"TABLE".equals(refresh.what)) {
        requireSuperUser(superUser, session, refresh.statementName(), "it acts on the engine");
      } else {
        QualifiedName table = qualify(refresh.name, session);
        tables.add(table);
        policyIds.addAll(check(table, AccessType.SELECT, session, superUser));
        planned =
            new SqlRefreshCommand(
                refresh.getParserPosition(), refresh.what, identifier(table), null);
      }
    } else if (statement instanceof SqlAnalyzeTable analyze) {
      if (analyze.tables) {
        requireSuperUser(
            superUser, session, "ANALYZE TABLES", "it acts on every table of a schema");
        planned = analyze;
      } else {
        QualifiedName table = qualify(analyze.name, session);
        tables.add(table);
        policyIds.addAll(check(table, AccessType.ALTER, session, superUser));
        planned =
            new SqlAnalyzeTable(
                analyze.getParserPosition(),
                false,
                identifier(table),
                analyze.partition,
                analyze.noscan,
                analyze.columns,
                analyze.allColumns);
      }
    } else if (statement instanceof SqlCallProcedure call) {
      planned = planCall(call, session, superUser, tables, policyIds);
    } else {
      requireSuperUser(superUser, session, statement.statementName(), "it acts on the engine");
    }
    return new PlannedStatement(
        StatementKind.ENGINE_COMMAND,
        sql,
        Optional.of(SparkSqlUnparser.unparse(planned)),
        List.of(),
        tables,
        Optional.empty(),
        policyIds,
        Optional.empty());
  }

  private SqlCallProcedure planCall(
      SqlCallProcedure call,
      SessionContext session,
      boolean superUser,
      Set<QualifiedName> tables,
      Set<Long> policyIds) {
    List<String> parts = call.name.names;
    if (parts.size() < 2
        || parts.size() > 3
        || !parts.get(parts.size() - 2).equalsIgnoreCase("system")) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot call '"
              + String.join(".", parts)
              + "': Iceberg's procedures are called as catalog.system.name or system.name");
    }
    String catalog = TableNames.lower(parts.size() == 3 ? parts.get(0) : session.catalog());
    TableNames.requireCatalog(catalog, catalogs);
    String procedure = TableNames.lower(parts.get(parts.size() - 1));
    SqlIdentifier qualifiedName =
        new SqlIdentifier(List.of(catalog, "system", procedure), call.name.getParserPosition());
    if (!TABLE_MAINTENANCE.contains(procedure)) {
      requireSuperUser(
          superUser,
          session,
          "CALL " + procedure,
          "only Iceberg's table maintenance procedures ("
              + String.join(", ", TABLE_MAINTENANCE.stream().sorted().toList())
              + ") are authorized by table; the others act on files or other tables");
      return new SqlCallProcedure(call.getParserPosition(), qualifiedName, call.arguments);
    }
    // The table argument: named "table", else the first one; a string naming schema.table.
    int tableArgument = -1;
    for (int index = 0; index < call.arguments.size(); index++) {
      if (argumentName(call.arguments.get(index)).filter("table"::equals).isPresent()) {
        tableArgument = index;
      }
    }
    if (tableArgument < 0
        && !call.arguments.isEmpty()
        && argumentName(call.arguments.get(0)).isEmpty()) {
      tableArgument = 0;
    }
    SqlNode value = tableArgument < 0 ? null : argumentValue(call.arguments.get(tableArgument));
    if (!(value instanceof SqlCharStringLiteral literal)) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot call " + procedure + ": name its table as a string, table => 'schema.table'");
    }
    String tableName = literal.getValueAs(String.class);
    List<String> tableParts = List.of(tableName.split("\\.", -1));
    if (tableParts.size() > 2
        || !tableParts.stream().allMatch(part -> PLAIN_NAME.matcher(part).matches())) {
      // Iceberg reads the string with Spark's identifier rules (quotes, spaces around dots): only
      // names that mean the same under both splits are authorized.
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR,
          "Cannot call "
              + procedure
              + " on '"
              + tableName
              + "': name the table as schema.table, within catalog "
              + catalog
              + ", with plain names (letters, digits and underscores), without quotes or spaces");
    }
    QualifiedName table =
        tableParts.size() == 1
            ? new QualifiedName(
                catalog, TableNames.lower(session.schema()), TableNames.lower(tableParts.get(0)))
            : new QualifiedName(
                catalog, TableNames.lower(tableParts.get(0)), TableNames.lower(tableParts.get(1)));
    tables.add(table);
    policyIds.addAll(check(table, AccessType.ALTER, session, superUser));
    for (SqlNode argument : call.arguments) {
      if (argumentName(argument).filter("where"::equals).isPresent()) {
        requireSuperUser(
            superUser,
            session,
            "CALL " + procedure + " with a where filter",
            "what it reports (files and bytes rewritten) depends on the values of the columns the"
                + " filter names, which policies may hide or mask; rewrite the whole table");
      }
    }
    // Iceberg resolves the name within the procedure's catalog, not the engine's current schema.
    SqlNode qualifiedTable =
        SqlLiteral.createCharString(
            table.schema() + "." + table.table(), literal.getParserPosition());
    List<SqlNode> arguments = new java.util.ArrayList<>(call.arguments.getList());
    SqlNode original = arguments.get(tableArgument);
    arguments.set(
        tableArgument,
        original instanceof SqlBasicCall assignment
                && assignment.getKind() == SqlKind.ARGUMENT_ASSIGNMENT
            ? assignment
                .getOperator()
                .createCall(assignment.getParserPosition(), qualifiedTable, assignment.operand(1))
            : qualifiedTable);
    return new SqlCallProcedure(
        call.getParserPosition(),
        qualifiedName,
        new SqlNodeList(arguments, call.arguments.getParserPosition()));
  }

  private static Optional<String> argumentName(SqlNode argument) {
    if (argument instanceof SqlBasicCall call && call.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
      return Optional.of(TableNames.lower(((SqlIdentifier) call.operand(1)).getSimple()));
    }
    return Optional.empty();
  }

  private static SqlNode argumentValue(SqlNode argument) {
    if (argument instanceof SqlBasicCall call && call.getKind() == SqlKind.ARGUMENT_ASSIGNMENT) {
      return call.operand(0);
    }
    return argument;
  }

  private Set<Long> check(
      QualifiedName table, AccessType action, SessionContext session, boolean superUser) {
    return superUser ? Set.of() : authorizer.authorizeTable(table, action, session);
  }

  private static void requireSuperUser(
      boolean superUser, SessionContext session, String statement, String reason) {
    if (!superUser) {
      throw AccessDenied.because(
          session.user(), "run", statement, reason + "; only super-users may run it");
    }
  }

  private QualifiedName qualify(SqlIdentifier name, SessionContext session) {
    return TableNames.qualify(name.names, session, catalogs);
  }

  private static SqlIdentifier identifier(QualifiedName table) {
    return new SqlIdentifier(table.parts(), SqlParserPos.ZERO);
  }
}
