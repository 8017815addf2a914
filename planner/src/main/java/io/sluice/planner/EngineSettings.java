package io.sluice.planner;

import io.sluice.planner.authorize.AccessDenied;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.planner.parse.ast.SqlSetCommand;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Spark's SET and RESET: a session keeps its settings and the engine applies them around each of
 * the session's statements (its connections are shared). For users who are not super-users, keys
 * that rewire the engine or weaken its protections are refused, and the engine's whole
 * configuration (which may hold catalog credentials) is never listed.
 */
final class EngineSettings {
  /** Prefixes of {@code spark.sql.} keys only super-users may set. */
  private static final List<String> PROTECTED_PREFIXES =
      List.of(
          "spark.sql.catalog", // catalogs and their credentials
          "spark.sql.defaultcatalog",
          "spark.sql.extensions",
          "spark.sql.warehouse.dir",
          "spark.sql.variable.substitute", // ${...} in statement text, after authorization
          "spark.sql.casesensitive", // name resolution the planner validated
          "spark.sql.legacy.",
          "spark.sql.hive.",
          "spark.sql.redaction.", // what plans and logs hide
          "spark.sql.thriftserver.");

  /** Keys outside {@code spark.sql.} that clients send and that change nothing but writes. */
  private static final Set<String> ALLOWED_OTHER_KEYS =
      Set.of("hive.exec.dynamic.partition", "hive.exec.dynamic.partition.mode");

  private EngineSettings() {}

  static PlannedStatement plan(
      SqlSetCommand set, String sql, SessionContext session, boolean superUser) {
    if (set.reset) {
      Optional<String> key = Optional.ofNullable(set.key);
      return sessionChange(sql, session.withoutSettings(key), Optional.empty());
    }
    if (set.key == null) {
      return list(set, sql, session, superUser);
    }
    if (!superUser) {
      refuseProtected(set.key, session);
    }
    if (set.value == null) {
      // The engine shows the key's value, with the session's settings in force.
      return new PlannedStatement(
          StatementKind.SESSION_COMMAND,
          sql,
          Optional.of("SET " + set.key),
          List.of(string("key"), string("value")),
          Set.of(),
          Optional.empty(),
          Set.of(),
          Optional.empty());
    }
    if (set.value.indexOf(';') >= 0 || set.value.indexOf('\n') >= 0) {
      throw new SluiceException(
          ErrorCode.SYNTAX_ERROR,
          "Cannot parse statement: the value of SET "
              + set.key
              + " contains ';' or a line break, which Spark does not take in a value");
    }
    // Run on the engine, which checks the value, before the session keeps it.
    return sessionChange(
        sql,
        session.withSetting(set.key, set.value),
        Optional.of("SET " + set.key + "=" + set.value));
  }

  private static PlannedStatement list(
      SqlSetCommand set, String sql, SessionContext session, boolean superUser) {
    if (superUser) {
      return new PlannedStatement(
          StatementKind.SESSION_COMMAND,
          sql,
          Optional.of(set.verbose ? "SET -v" : "SET"),
          set.verbose
              ? List.of(string("key"), string("value"), string("meaning"), string("Since version"))
              : List.of(string("key"), string("value")),
          Set.of(),
          Optional.empty(),
          Set.of(),
          Optional.empty());
    }
    if (set.verbose) {
      throw AccessDenied.because(
          session.user(),
          "list",
          "the engine's configuration",
          "it may hold the catalogs' credentials, and only super-users may see it; SET lists the"
              + " session's own settings");
    }
    // The session's own settings, answered without the engine's configuration.
    return new PlannedStatement(
        StatementKind.SESSION_COMMAND,
        sql,
        Optional.of(settingsQuery(session.settings())),
        List.of(string("key"), string("value")),
        Set.of(),
        Optional.empty(),
        Set.of(),
        Optional.empty());
  }

  static String settingsQuery(Map<String, String> settings) {
    if (settings.isEmpty()) {
      return "SELECT CAST(NULL AS STRING) AS `key`, CAST(NULL AS STRING) AS `value` WHERE FALSE";
    }
    StringJoiner rows = new StringJoiner(", ", "SELECT `key`, `value` FROM VALUES ", "");
    settings.forEach((key, value) -> rows.add("(" + quote(key) + ", " + quote(value) + ")"));
    return rows + " AS settings(`key`, `value`)";
  }

  private static void refuseProtected(String key, SessionContext session) {
    String lower = key.toLowerCase(Locale.ROOT);
    boolean allowed =
        lower.startsWith("spark.sql.")
            ? PROTECTED_PREFIXES.stream().noneMatch(lower::startsWith)
            : ALLOWED_OTHER_KEYS.contains(lower);
    if (!allowed) {
      throw AccessDenied.because(
          session.user(),
          "set",
          key,
          "the setting wires the engine (catalogs, extensions, files) or weakens what Sluice"
              + " relies on; only super-users may set it");
    }
  }

  private static PlannedStatement sessionChange(
      String sql, SessionContext changed, Optional<String> engineSql) {
    return new PlannedStatement(
        StatementKind.SESSION_COMMAND,
        sql,
        engineSql,
        List.of(),
        Set.of(),
        Optional.of(changed),
        Set.of(),
        Optional.empty());
  }

  private static ColumnMetadata string(String name) {
    return new ColumnMetadata(name, ColumnTypes.STRING, true, null);
  }

  private static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
