package io.sluice.planner.validate;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.spi.QualifiedName;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * What validation found out about a statement.
 *
 * @param resultColumns the columns the statement returns, typed as Spark names them (for DML the
 *     columns Calcite derives for the target, which the planner does not report)
 * @param tableReferences every identifier that names a catalog table, by its position in the
 *     client's text (CTE names and aliases are not tables), with the table's qualified name
 * @param sessionUserNames the positions of {@code user}, {@code current_user} and {@code
 *     session_user} written without parentheses that name no column of their own query's tables and
 *     so stand for the session's user, as the result columns were derived
 * @param userNamedColumns such names that are columns, by position, with the table or alias and
 *     column name to send them as
 * @param variants the references to Iceberg metadata tables, branches and tags, by position
 * @param access what authorization needs to know about the statement
 */
public record ValidatedStatement(
    List<ColumnMetadata> resultColumns,
    Map<SqlParserPos, QualifiedName> tableReferences,
    Set<SqlParserPos> sessionUserNames,
    Map<SqlParserPos, List<String>> userNamedColumns,
    Map<SqlParserPos, TableVariant> variants,
    Access access) {
  public ValidatedStatement {
    resultColumns = List.copyOf(resultColumns);
    tableReferences = Map.copyOf(tableReferences);
    variants = Map.copyOf(variants);
    sessionUserNames = Set.copyOf(sessionUserNames);
    userNamedColumns = Map.copyOf(userNamedColumns);
  }

  /** The distinct tables the statement reads or writes (metadata tables as their table). */
  public Set<QualifiedName> tables() {
    Set<QualifiedName> tables = new HashSet<>(tableReferences.values());
    for (TableVariant variant : variants.values()) {
      tables.add(variant.table());
    }
    return Set.copyOf(tables);
  }

  /** The tables whose Iceberg metadata tables the statement reads. */
  public Set<QualifiedName> metadataTablesRead() {
    Set<QualifiedName> tables = new HashSet<>();
    for (TableVariant variant : variants.values()) {
      if (variant.metadata()) {
        tables.add(variant.table());
      }
    }
    return tables;
  }

  /**
   * What the statement reads and writes, column by column, as authorization needs it.
   *
   * @param targets the positions of the table references that INSERT, UPDATE, DELETE or MERGE write
   *     (a subset of the table references)
   * @param columnReads the columns each table reference reads, by the reference's position; a
   *     target's entry holds what the statement reads of the target itself (UPDATE's SET
   *     expressions, a WHERE or ON condition); a reference that reads no column has no entry
   * @param tableTypes each table's columns, in order, as validated
   * @param metadataHistories for each table whose metadata tables the statement reads, what its
   *     earlier schemas say about its columns (whose statistics the metadata tables still show)
   * @param overqualifiedColumns column names qualified by schema (and catalog) and table, by
   *     position, with the number of leading name parts to drop to qualify them by the table name
   *     alone
   * @param unanalyzable why parts of the statement cannot be authorized precisely; empty when every
   *     read is known
   * @param aggregating whether the statement is a SELECT that aggregates
   */
  public record Access(
      Set<SqlParserPos> targets,
      Map<SqlParserPos, Set<String>> columnReads,
      Map<QualifiedName, RelDataType> tableTypes,
      Map<QualifiedName, CatalogManager.ColumnHistory> metadataHistories,
      Map<SqlParserPos, Integer> overqualifiedColumns,
      List<String> unanalyzable,
      boolean aggregating) {
    public Access {
      targets = Set.copyOf(targets);
      columnReads = Map.copyOf(columnReads);
      tableTypes = Map.copyOf(tableTypes);
      metadataHistories = Map.copyOf(metadataHistories);
      overqualifiedColumns = Map.copyOf(overqualifiedColumns);
      unanalyzable = List.copyOf(unanalyzable);
    }
  }
}
