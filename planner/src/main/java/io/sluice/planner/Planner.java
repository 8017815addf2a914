package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.authorize.Authorization;
import io.sluice.planner.authorize.StatementAuthorizer;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.planner.parse.StatementClassifier;
import io.sluice.planner.parse.StatementParser;
import io.sluice.planner.parse.ast.SparkSqlCall;
import io.sluice.planner.parse.ast.SqlSetCommand;
import io.sluice.planner.parse.ast.SqlSparkExplain;
import io.sluice.planner.parse.ast.SqlSparkInsert;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.parse.ast.SqlUseCommand;
import io.sluice.planner.rewrite.PolicyExpressions;
import io.sluice.planner.rewrite.PolicyRewriter;
import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.planner.unparse.TableNameQualifier;
import io.sluice.planner.validate.StatementValidator;
import io.sluice.planner.validate.ValidatedStatement;
import io.sluice.security.access.AccessControl;
import io.sluice.security.access.AccessType;
import io.sluice.security.access.PolicyEpoch;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Plans a client's statement for the engine: parse, classify, validate against the catalogs,
 * authorize for the session's user, apply the user's row filters and column masks, and unparse as
 * Spark SQL with every table name fully qualified.
 *
 * <p>A statement is never passed through unvalidated: what Sluice cannot validate it refuses; what
 * it cannot authorize precisely it refuses for everyone but super-users. The engine receives the
 * client's own statement, only with qualified table names, each table with a row filter or masks
 * replaced by a subquery that applies them, and the session's user name in place of {@code
 * current_user()} and its synonyms (the engine runs every statement as Sluice's service user), not
 * Calcite's rewrite of it.
 *
 * <p>Thread-safe; one planner serves all sessions.
 */
public final class Planner {
  /** Iceberg's Spark catalog starts in this namespace when USE names only a catalog. */
  private static final String DEFAULT_SCHEMA = "default";

  private final CatalogManager catalogs;
  private final StatementParser parser = new StatementParser();
  private final StatementValidator validator;
  private final StatementAuthorizer authorizer;
  private final PolicyRewriter rewriter;
  private final AccessControl accessControl;
  private final PlanCache cache;
  private final SparkCommandPlanner sparkCommands;
  private final MetadataCommandPlanner metadataCommands;
  private final EngineCommandPlanner engineCommands;

  /** The number of query plans remembered when no other is given. */
  public static final int DEFAULT_PLAN_CACHE_SIZE = 2_000;

  /**
   * @param catalogs the catalogs statements are planned against
   * @param accessControl decides what each user may do, and which row filters and masks apply
   */
  public Planner(CatalogManager catalogs, AccessControl accessControl) {
    this(catalogs, accessControl, DEFAULT_PLAN_CACHE_SIZE);
  }

  /**
   * @param planCacheSize how many query plans to remember (per text, current schema and identity,
   *     while the policies and the tables they read are unchanged); 0 plans every statement afresh
   */
  public Planner(CatalogManager catalogs, AccessControl accessControl, int planCacheSize) {
    if (planCacheSize < 0) {
      throw new IllegalArgumentException(
          "The plan cache size cannot be negative: " + planCacheSize);
    }
    this.catalogs = requireNonNull(catalogs, "catalogs");
    this.accessControl = requireNonNull(accessControl, "accessControl");
    this.validator = new StatementValidator(catalogs);
    this.authorizer = new StatementAuthorizer(accessControl);
    this.rewriter = new PolicyRewriter(new PolicyExpressions(parser, this::prepare));
    this.cache = new PlanCache(catalogs, planCacheSize);
    this.sparkCommands = new SparkCommandPlanner(catalogs, authorizer, this::planInnerQuery);
    this.metadataCommands = new MetadataCommandPlanner(catalogs, authorizer, this::planInnerQuery);
    this.engineCommands = new EngineCommandPlanner(catalogs, authorizer);
  }

  /**
   * Plans one statement.
   *
   * @param sql the client's text; one trailing semicolon is allowed
   * @param session the session's current catalog and schema, against which unqualified names
   *     resolve, and its user, for whom the statement is authorized
   * @throws SluiceException when the statement is not valid SQL, names something that does not
   *     exist, is of a kind Sluice does not run, or is not allowed for the session's user ({@link
   *     ErrorCode#ACCESS_DENIED})
   */
  public PlannedStatement plan(String sql, SessionContext session) {
    requireNonNull(sql, "sql");
    requireNonNull(session, "session");
    // Read before planning: if the policies change meanwhile, the plan is remembered as stale.
    PolicyEpoch epoch = accessControl.policyEpoch();
    Optional<PlannedStatement> remembered = cache.lookup(sql, session, epoch);
    if (remembered.isPresent()) {
      return remembered.get();
    }
    long catalogChanges = catalogs.changes();
    PlannedStatement statement = planAfresh(sql, session);
    cache.remember(sql, session, epoch, statement, catalogChanges);
    return statement;
  }

  /** How many query plans are remembered now. */
  int rememberedPlans() {
    return cache.size();
  }

  private PlannedStatement planAfresh(String sql, SessionContext session) {
    try {
      boolean superUser = authorizer.isSuperUser(session);
      return planParsed(parser.parse(sql), sql, session, superUser);
    } catch (SluiceException e) {
      throw e;
    } catch (RuntimeException | StackOverflowError | AssertionError e) {
      // Calcite fails on some inputs with errors of its own (deep nesting, internal assertions);
      // refuse the statement rather than let it through.
      throw new SluiceException(
          ErrorCode.INTERNAL_ERROR,
          "Cannot plan statement: the planner failed with "
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private PlannedStatement planParsed(
      SqlNode statement, String sql, SessionContext session, boolean superUser) {
    if (statement instanceof SqlSparkExplain explain) {
      return planExplain(explain, sql, session, superUser);
    }
    if (statement instanceof SqlSetCommand set) {
      return EngineSettings.plan(set, sql, session, superUser);
    }
    if (statement instanceof SqlUseCommand use) {
      return planUse(sql, use, session, superUser);
    }
    StatementKind kind = StatementClassifier.classify(statement);
    if (MetadataCommandPlanner.plans(statement)) {
      return metadataCommands.plan(statement, sql, session, superUser);
    }
    if (EngineCommandPlanner.plans(statement)) {
      return engineCommands.plan((SparkSqlCall) statement, sql, session, superUser);
    }
    if (SparkCommandPlanner.plans(statement)) {
      return sparkCommands.plan((SparkSqlCall) statement, sql, session, superUser);
    }
    if (statement instanceof SqlSparkMerge merge) {
      statement = MergeExpansion.expand(merge, session, catalogs);
    }
    refuseUnsupported(kind, statement);
    ValidatedStatement validated = prepare(statement, session);
    TableNameQualifier.qualify(statement, validated.tableReferences(), validated.variants());
    SqlNode replaceWhere =
        statement instanceof SqlSparkInsert insert ? insert.replaceWhere() : null;
    if (!superUser && replaceWhere != null && containsQuery(replaceWhere)) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot run INSERT ... REPLACE WHERE with a subquery in its condition: the condition"
              + " chooses rows of the target by the target's own columns; compute the values"
              + " first");
    }
    // REPLACE WHERE deletes the target's rows its condition matches: authorized as a DELETE by that
    // condition (no masked column may decide it) and as the INSERT of its query.
    Authorization authorization =
        superUser
            ? Authorization.UNRESTRICTED
            : authorizer.authorize(
                replaceWhere != null ? SqlKind.DELETE : statement.getKind(), validated, session);
    if (!superUser
        && statement instanceof SqlSparkInsert insert
        && (insert.overwrite || replaceWhere != null)) {
      authorizer.refuseWhenRowsAreHidden(
          validated.tableReferences().get(insert.getTargetTable().getParserPosition()),
          insert.overwrite ? "INSERT OVERWRITE" : "INSERT ... REPLACE WHERE",
          session);
    }
    Map<SqlIdentifier, QualifiedName> viewReferences =
        superUser
            ? Map.of()
            : ViewExpansion.find(
                statement, validated.tableReferences(), validated.access().targets(), catalogs);
    statement = withPolicies(statement, validated, authorization, superUser, session);
    ViewExpansion.Expanded views =
        ViewExpansion.expand(statement, viewReferences, session, catalogs, this::planView, 0);
    return new PlannedStatement(
        kind,
        sql,
        Optional.of(SparkSqlUnparser.unparse(statement)),
        kind == StatementKind.QUERY ? validated.resultColumns() : List.of(),
        union(validated.tables(), views.tables()),
        Optional.empty(),
        union(authorization.policyIds(), views.policyIds()),
        Optional.empty());
  }

  /**
   * EXPLAIN is authorized as the statement it explains, and explains the statement as the engine
   * would run it: names qualified, the user's row filters and masks applied.
   */
  private PlannedStatement planExplain(
      SqlSparkExplain explain, String sql, SessionContext session, boolean superUser) {
    PlannedStatement explained = planParsed(explain.statement, sql, session, superUser);
    if (explained.engineSql().isEmpty()) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot run EXPLAIN of "
              + StatementClassifier.statementName(explain.statement)
              + ": the gateway answers it itself; there is no engine plan to show");
    }
    return new PlannedStatement(
        StatementKind.QUERY,
        sql,
        Optional.of(
            "EXPLAIN "
                + (explain.mode == null ? "" : explain.mode + " ")
                + explained.engineSql().get()),
        List.of(new ColumnMetadata("plan", ColumnTypes.STRING, true, null)),
        explained.tables(),
        Optional.empty(),
        explained.policyIds(),
        Optional.empty());
  }

  /**
   * Validates a statement for the session, in place: the session user's functions become the user's
   * name, and names that could be mistaken for them are qualified.
   */
  private ValidatedStatement prepare(SqlNode statement, SessionContext session) {
    // Before validation, which then types the literal the engine receives.
    SessionUserRewriter.replaceCalls(statement, session.user());
    SessionUserRewriter.replaceNamespaceCalls(statement, session.catalog(), session.schema());
    ValidatedStatement validated = validator.validate(statement, session);
    SessionUserRewriter.replaceNames(statement, validated.sessionUserNames(), session.user());
    SessionUserRewriter.qualifyColumns(statement, validated.userNamedColumns());
    return validated;
  }

  /**
   * Plans a query inside another statement (CREATE TABLE AS, CREATE VIEW): validated, table names
   * qualified, authorized for the session's user, and with the user's row filters and masks applied
   * when asked.
   */
  private SparkCommandPlanner.PlannedQuery planInnerQuery(
      SqlNode query, SessionContext session, boolean applyPolicies) {
    return planQuery(query, session, applyPolicies, 0);
  }

  /**
   * @param depth how many views the query is inside
   */
  private SparkCommandPlanner.PlannedQuery planQuery(
      SqlNode query, SessionContext session, boolean applyPolicies, int depth) {
    ValidatedStatement validated = prepare(query, session);
    TableNameQualifier.qualify(query, validated.tableReferences(), validated.variants());
    boolean superUser = authorizer.isSuperUser(session);
    Authorization authorization =
        superUser
            ? Authorization.UNRESTRICTED
            : authorizer.authorize(SqlKind.SELECT, validated, session);
    Map<SqlIdentifier, QualifiedName> viewReferences =
        applyPolicies && !superUser
            ? ViewExpansion.find(
                query, validated.tableReferences(), validated.access().targets(), catalogs)
            : Map.of();
    SqlNode planned =
        applyPolicies ? withPolicies(query, validated, authorization, superUser, session) : query;
    ViewExpansion.Expanded views =
        ViewExpansion.expand(planned, viewReferences, session, catalogs, this::planView, depth);
    return new SparkCommandPlanner.PlannedQuery(
        planned,
        union(validated.tables(), views.tables()),
        union(authorization.policyIds(), views.policyIds()));
  }

  /** A view's query, planned for the session's user as if the user had written it. */
  private SparkCommandPlanner.PlannedQuery planView(
      QualifiedName view, String sql, SessionContext session, int depth) {
    SqlNode query;
    try {
      query = parser.parse(sql);
    } catch (SluiceException e) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot read view '"
              + view
              + "': Sluice cannot read its definition ("
              + e.getMessage()
              + ")",
          e);
    }
    if (!query.getKind().belongsTo(SqlKind.QUERY)) {
      throw new SluiceException(
          ErrorCode.UNSUPPORTED_STATEMENT,
          "Cannot read view '" + view + "': its definition is not a query");
    }
    return planQuery(query, session, true, depth);
  }

  /**
   * The statement rewritten for the user when it needs to be: the user's row filters and masks
   * apply, or it reads a table as of a snapshot, whose columns Spark takes from the snapshot (they
   * may include columns dropped since, which authorization never saw), so it is read through the
   * current ones. Super-users' statements are never rewritten.
   */
  private SqlNode withPolicies(
      SqlNode statement,
      ValidatedStatement validated,
      Authorization authorization,
      boolean superUser,
      SessionContext session) {
    if (superUser) {
      return statement;
    }
    Set<SqlParserPos> snapshotReads = PolicyRewriter.snapshotReads(statement, validated);
    for (SqlParserPos position : snapshotReads) {
      QualifiedName table = validated.tableReferences().get(position);
      List<String> rebound = catalogs.columnHistory(table).reboundColumns();
      if (!rebound.isEmpty()) {
        // Spark resolves the names against the snapshot's schema, where the name is another
        // column than the one the policies were checked and applied for.
        throw AccessDenied.because(
            session.user(),
            AccessType.SELECT.rangerName(),
            table + " as of a snapshot",
            "its column"
                + (rebound.size() == 1 ? " " : "s ")
                + String.join(", ", rebound)
                + " named another column in an earlier schema (dropped or renamed since), so"
                + " today's policies cannot be applied to the snapshot's columns; read the"
                + " current table, or ask a super-user");
      }
    }
    return authorization.needsRewrite() || !snapshotReads.isEmpty()
        ? rewriter.rewrite(statement, validated, authorization, snapshotReads, session)
        : statement;
  }

  private static <T> Set<T> union(Set<T> first, Set<T> second) {
    if (second.isEmpty()) {
      return first;
    }
    Set<T> union = new LinkedHashSet<>(first);
    union.addAll(second);
    return union;
  }

  private static void refuseUnsupported(StatementKind kind, SqlNode statement) {
    String name = StatementClassifier.statementName(statement);
    switch (kind) {
      case SESSION_COMMAND ->
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run "
                  + name
                  + ": session settings (SET, RESET) are not supported yet; the engine runs with"
                  + " the cluster's configuration");
      case METADATA_COMMAND, DDL, ENGINE_COMMAND ->
          // Every such statement of the grammar has its own planner; one that reaches here is not
          // understood, and is refused.
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run " + name + ": Sluice does not support this statement");
      case QUERY, DML -> {
        if (statement instanceof SparkSqlCall && !(statement instanceof SqlSparkMerge)) {
          // A Spark form that no planner takes: parsed, but neither validated nor authorized,
          // so never run.
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run " + name + ": this form is not supported yet");
        }
      }
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private PlannedStatement planUse(
      String sql, SqlUseCommand use, SessionContext session, boolean superUser) {
    List<String> parts = use.name.names;
    if (parts.size() > 2) {
      throw new SluiceException(
          ErrorCode.SCHEMA_NOT_FOUND,
          "Cannot use '"
              + String.join(".", parts)
              + "': a namespace has at most two parts (catalog, schema); write USE schema or USE"
              + " catalog.schema");
    }
    String catalog;
    String schema;
    boolean switchesCatalog =
        parts.size() == 1 && use.word == null && catalogs.catalogExists(parts.get(0));
    if (switchesCatalog) {
      // As in Spark, USE of a catalog's name switches the catalog, even if the current catalog
      // also has a schema of that name.
      catalog = parts.get(0);
      schema = DEFAULT_SCHEMA;
    } else {
      catalog = parts.size() == 2 ? parts.get(0) : session.catalog();
      schema = parts.get(parts.size() - 1);
    }
    if (!superUser) {
      // Before the schema's existence is checked, which would tell who may not see it.
      authorizer.authorizeUse(lower(schema), session);
    }
    if (!catalogs.catalogExists(catalog)) {
      throw new SluiceException(
          ErrorCode.CATALOG_NOT_FOUND,
          "Cannot use catalog '"
              + catalog
              + "': it does not exist; the catalogs are "
              + String.join(", ", catalogs.catalogNames()));
    }
    if (!switchesCatalog && !catalogs.schemaExists(catalog, schema)) {
      throw new SluiceException(
          ErrorCode.SCHEMA_NOT_FOUND,
          "Cannot use schema '"
              + lower(catalog)
              + "."
              + lower(schema)
              + "': it does not exist; list the schemas of catalog '"
              + lower(catalog)
              + "' with your client's metadata calls");
    }
    return new PlannedStatement(
        StatementKind.SESSION_COMMAND,
        sql,
        Optional.empty(),
        List.of(),
        Set.of(),
        Optional.of(session.withNamespace(lower(catalog), lower(schema))),
        Set.of(),
        Optional.empty());
  }

  /** Whether an expression holds a query (a subquery, EXISTS, IN (SELECT ...)). */
  private static boolean containsQuery(SqlNode node) {
    if (node == null) {
      return false;
    }
    if (node.getKind().belongsTo(SqlKind.QUERY)) {
      return true;
    }
    if (node instanceof SqlNodeList list) {
      return list.getList().stream().anyMatch(Planner::containsQuery);
    }
    return node instanceof SqlCall call
        && call.getOperandList().stream().anyMatch(Planner::containsQuery);
  }
}
