package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.parse.StatementClassifier;
import io.sluice.planner.parse.StatementParser;
import io.sluice.planner.parse.UseStatement;
import io.sluice.planner.parse.UseStatementRecognizer;
import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.planner.unparse.TableNameQualifier;
import io.sluice.planner.validate.StatementValidator;
import io.sluice.planner.validate.ValidatedStatement;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlNode;

/**
 * Plans a client's statement for the engine: parse, classify, validate against the catalogs, and
 * unparse as Spark SQL with every table name fully qualified.
 *
 * <p>A statement is never passed through unvalidated: what Sluice cannot validate it refuses. The
 * engine receives the client's own statement, only with qualified table names and the session's
 * user name in place of {@code current_user()} and its synonyms (the engine runs every statement as
 * Sluice's service user), not Calcite's rewrite of it.
 *
 * <p>Thread-safe; one planner serves all sessions.
 */
public final class Planner {
  /** Iceberg's Spark catalog starts in this namespace when USE names only a catalog. */
  private static final String DEFAULT_SCHEMA = "default";

  private final CatalogManager catalogs;
  private final StatementParser parser = new StatementParser();
  private final StatementValidator validator;

  public Planner(CatalogManager catalogs) {
    this.catalogs = requireNonNull(catalogs, "catalogs");
    this.validator = new StatementValidator(catalogs);
  }

  /**
   * Plans one statement.
   *
   * @param sql the client's text; one trailing semicolon is allowed
   * @param session the session's current catalog and schema, against which unqualified names
   *     resolve, and its user
   * @throws SluiceException when the statement is not valid SQL, names something that does not
   *     exist, or is of a kind Sluice does not run
   */
  public PlannedStatement plan(String sql, SessionContext session) {
    requireNonNull(sql, "sql");
    requireNonNull(session, "session");
    try {
      Optional<UseStatement> use = UseStatementRecognizer.recognize(sql);
      if (use.isPresent()) {
        return planUse(sql, use.get(), session);
      }
      SqlNode statement = parser.parse(sql);
      StatementKind kind = StatementClassifier.classify(statement);
      refuseUnsupported(kind, statement);
      // Before validation, which then types the literal the engine receives.
      SessionUserRewriter.replaceCalls(statement, session.user());
      ValidatedStatement validated = validator.validate(statement, session);
      SessionUserRewriter.replaceNames(statement, validated.sessionUserNames(), session.user());
      SessionUserRewriter.qualifyColumns(statement, validated.userNamedColumns());
      TableNameQualifier.qualify(statement, validated.tableReferences());
      return new PlannedStatement(
          kind,
          sql,
          Optional.of(SparkSqlUnparser.unparse(statement)),
          kind == StatementKind.QUERY ? validated.resultColumns() : List.of(),
          validated.tables(),
          Optional.empty());
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

  private static void refuseUnsupported(StatementKind kind, SqlNode statement) {
    String name = StatementClassifier.statementName(statement);
    switch (kind) {
      case SESSION_COMMAND ->
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run "
                  + name
                  + ": SET is not supported yet; set session properties"
                  + " through your client's connection properties");
      case METADATA_COMMAND ->
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run "
                  + name
                  + ": metadata commands are not supported yet; use your client's metadata calls");
      case DDL ->
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot run " + name + ": DDL statements are not supported yet");
      case QUERY, DML -> {}
    }
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  private PlannedStatement planUse(String sql, UseStatement use, SessionContext session) {
    List<String> parts = use.nameParts();
    SessionContext target;
    if (parts.size() == 1 && !use.namespaceKeyword() && catalogs.catalogExists(parts.get(0))) {
      // As in Spark, USE of a catalog's name switches the catalog, even if the current catalog
      // also has a schema of that name.
      target = new SessionContext(lower(parts.get(0)), DEFAULT_SCHEMA, session.user());
    } else {
      String catalog = parts.size() == 2 ? parts.get(0) : session.catalog();
      String schema = parts.get(parts.size() - 1);
      if (!catalogs.catalogExists(catalog)) {
        throw new SluiceException(
            ErrorCode.CATALOG_NOT_FOUND,
            "Cannot use catalog '"
                + catalog
                + "': it does not exist; the catalogs are "
                + String.join(", ", catalogs.catalogNames()));
      }
      if (!catalogs.schemaExists(catalog, schema)) {
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
      target = new SessionContext(lower(catalog), lower(schema), session.user());
    }
    return new PlannedStatement(
        StatementKind.SESSION_COMMAND,
        sql,
        Optional.empty(),
        List.of(),
        Set.of(),
        Optional.of(target));
  }
}
