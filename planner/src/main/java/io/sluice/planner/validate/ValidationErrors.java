package io.sluice.planner.validate;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Turns Calcite's validation errors into Sluice's: unknown tables and columns get their own codes
 * and a message that says where Sluice looked; everything else keeps Calcite's message with its
 * position.
 */
final class ValidationErrors {
  /** Calcite's messages for a table reference it cannot resolve. */
  private static final Pattern UNKNOWN_TABLE =
      Pattern.compile("^Object '.*' not found.*", Pattern.DOTALL);

  /** Calcite's messages for a column, field or column qualifier it cannot resolve. */
  private static final Pattern UNKNOWN_COLUMN =
      Pattern.compile(
          "^(Column '.*' not found|Unknown identifier '|Unknown field '|Unknown target column '"
              + "|Table '.*' not found).*",
          Pattern.DOTALL);

  private ValidationErrors() {}

  static SluiceException translate(
      CalciteContextException exception,
      SqlNode statement,
      SessionContext session,
      CatalogManager catalogs) {
    String reason =
        exception.getCause() != null && exception.getCause().getMessage() != null
            ? exception.getCause().getMessage()
            : exception.getMessage();
    String position =
        " (line " + exception.getPosLine() + ", column " + exception.getPosColumn() + ")";
    if (UNKNOWN_TABLE.matcher(reason).matches()) {
      SqlIdentifier table =
          IdentifierAt.find(statement, exception.getPosLine(), exception.getPosColumn());
      if (table != null) {
        Optional<String> missing = missingVariant(table.names, session, catalogs);
        if (missing.isPresent()) {
          return new SluiceException(
              ErrorCode.TABLE_NOT_FOUND, missing.get() + position, exception);
        }
        return new SluiceException(
            ErrorCode.TABLE_NOT_FOUND,
            tableNotFound(table.names, session, catalogs)
                + position
                + "; check the name, or qualify it as schema.table or catalog.schema.table",
            exception);
      }
    }
    if (UNKNOWN_COLUMN.matcher(reason).matches()) {
      return new SluiceException(
          ErrorCode.COLUMN_NOT_FOUND,
          reason + position + "; check the name against the columns of the tables in the query",
          exception);
    }
    return new SluiceException(
        ErrorCode.VALIDATION_ERROR, "Cannot validate statement: " + reason + position, exception);
  }

  /**
   * Why a name after a table's name is not found: the table has no such branch or tag, or no such
   * metadata table. Empty when the name is not of that form.
   */
  private static Optional<String> missingVariant(
      List<String> names, SessionContext session, CatalogManager catalogs) {
    if (names.size() < 2) {
      return Optional.empty();
    }
    String written = String.join(".", names);
    String last = lower(names.get(names.size() - 1));
    Optional<QualifiedName> base = qualified(names.subList(0, names.size() - 1), session, catalogs);
    if (base.isEmpty() || catalogs.table(base.get()).isEmpty()) {
      return Optional.empty();
    }
    if (last.startsWith("branch_") || last.startsWith("tag_")) {
      boolean branch = last.startsWith("branch_");
      return Optional.of(
          "Cannot read '"
              + written
              + "': table "
              + base.get()
              + " has no "
              + (branch ? "branch" : "tag")
              + " named '"
              + last.substring(branch ? 7 : 4)
              + "'");
    }
    return Optional.of(
        "Cannot read '"
            + written
            + "': table "
            + base.get()
            + " has no metadata table named '"
            + last
            + "' (Iceberg's are snapshots, history, files, manifests, partitions, refs, entries,"
            + " metadata_log_entries and the all_* tables)");
  }

  /** The name as a table of the session's catalogs, if it can be one. */
  static Optional<QualifiedName> qualified(
      List<String> names, SessionContext session, CatalogManager catalogs) {
    return switch (names.size()) {
      case 1 ->
          Optional.of(new QualifiedName(session.catalog(), session.schema(), lower(names.get(0))));
      case 2 ->
          Optional.of(
              new QualifiedName(session.catalog(), lower(names.get(0)), lower(names.get(1))));
      case 3 ->
          catalogs.catalogExists(names.get(0))
              ? Optional.of(
                  new QualifiedName(lower(names.get(0)), lower(names.get(1)), lower(names.get(2))))
              : Optional.empty();
      default -> Optional.empty();
    };
  }

  private static String tableNotFound(
      List<String> names, SessionContext session, CatalogManager catalogs) {
    String written = String.join(".", names);
    String catalog = names.size() == 3 ? names.get(0) : session.catalog();
    String schema = names.size() == 1 ? session.schema() : names.get(names.size() - 2);
    if (names.size() > 3) {
      return "Table '" + written + "' not found: a table name has at most three parts";
    }
    if (!catalogs.catalogExists(catalog)) {
      return "Table '"
          + written
          + "' not found: catalog '"
          + lower(catalog)
          + "' does not exist; the catalogs are "
          + String.join(", ", catalogs.catalogNames());
    }
    if (!catalogs.schemaExists(catalog, schema)) {
      return "Table '"
          + written
          + "' not found: schema '"
          + lower(catalog)
          + "."
          + lower(schema)
          + "' does not exist";
    }
    return "Table '" + written + "' not found in " + lower(catalog) + "." + lower(schema);
  }

  private static String lower(String name) {
    return name.toLowerCase(Locale.ROOT);
  }

  /** Finds the identifier whose text covers a position. */
  private static final class IdentifierAt extends SqlBasicVisitor<Void> {
    private final int line;
    private final int column;
    private SqlIdentifier found;

    private IdentifierAt(int line, int column) {
      this.line = line;
      this.column = column;
    }

    static SqlIdentifier find(SqlNode statement, int line, int column) {
      IdentifierAt finder = new IdentifierAt(line, column);
      statement.accept(finder);
      return finder.found;
    }

    @Override
    public Void visit(SqlIdentifier identifier) {
      SqlParserPos position = identifier.getParserPosition();
      if (found == null && covers(position)) {
        found = identifier;
      }
      return null;
    }

    private boolean covers(SqlParserPos position) {
      boolean afterStart =
          line > position.getLineNum()
              || (line == position.getLineNum() && column >= position.getColumnNum());
      boolean beforeEnd =
          line < position.getEndLineNum()
              || (line == position.getEndLineNum() && column <= position.getEndColumnNum());
      return afterStart && beforeEnd;
    }
  }
}
