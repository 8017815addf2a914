package io.sluice.planner.validate;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlQualified;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * What the validator resolved each column name of a statement to, as it resolved it: the table
 * reference a name reads (through aliases, CTEs, subqueries and outer queries), or a column of a
 * derived table, a lambda parameter or a function without parentheses, none of which reads a table
 * by itself.
 *
 * <p>Names are keyed by where they end in the client's text: the validator rewrites a name it
 * qualifies ({@code schema.t.c} becomes {@code t.c}, {@code c} becomes {@code t.c}), which moves
 * its start but never its end, and no two names of a statement end at the same place.
 *
 * <p>Names the validator generates itself (the {@code *} of the query it builds for UPDATE, DELETE
 * and MERGE, and its expansion) have no position and are no reads of the client's.
 */
final class ColumnResolutions {
  /** The names resolved, by where they end. */
  private final Set<TextEnd> resolved = new HashSet<>();

  /** Columns read, by the position of the table reference (the FROM item) they are read from. */
  private final Map<SqlParserPos, Set<String>> reads = new HashMap<>();

  /** Column names written with more qualification than a subquery alias can have, by position. */
  private final Map<SqlParserPos, Integer> overqualified = new HashMap<>();

  /** Names read as functions without parentheses. */
  private final Map<SqlParserPos, SqlIdentifier> functions = new LinkedHashMap<>();

  /** Names that resolved in a way Sluice cannot attribute to a column, with the reason. */
  private final List<String> unattributable = new ArrayList<>();

  /**
   * Records one resolution.
   *
   * @param original the name as the client wrote it (before the validator qualified it)
   * @param qualified what the validator resolved it to
   * @param namespaces the validator's namespace of each FROM item
   */
  void record(
      SqlIdentifier original,
      SqlQualified qualified,
      Function<SqlNode, SqlValidatorNamespace> namespaces) {
    SqlParserPos position = original.getParserPosition();
    if (position.getLineNum() <= 0) {
      return;
    }
    resolved.add(TextEnd.of(position));
    SqlValidatorNamespace namespace = qualified.namespace;
    List<String> names = qualified.identifier.names;
    if (namespace == null || original.isStar() || names.size() < 2) {
      return;
    }
    RelDataTypeField field = namespace.getRowType().getField(names.get(1), true, false);
    if (namespace.getTable() == null
        && namespace.getNode() instanceof SqlCall alias
        && alias.getKind() == SqlKind.AS
        && alias.operandCount() > 2
        && field != null) {
      // A table whose columns a column list renames: "FROM t AS a (x, y)" reads t's columns.
      namespace = namespaces.apply(alias.operand(0));
      field =
          namespace == null || field.getIndex() >= namespace.getRowType().getFieldCount()
              ? null
              : namespace.getRowType().getFieldList().get(field.getIndex());
      if (namespace == null) {
        return;
      }
    }
    SqlValidatorTable table = namespace.getTable();
    SqlNode reference = namespace.getNode();
    if (table == null) {
      if (reference != null
          && (reference.getKind().belongsTo(SqlKind.QUERY)
              || reference.getKind() == SqlKind.UNPIVOT
              || reference.getKind() == SqlKind.WITH_ITEM
              || reference instanceof SqlIdentifier)) {
        // A column of a subquery, a CTE or an UNPIVOT: what it reads, its own query reads.
        return;
      }
      if (SparkTableFunctions.isCall(reference)) {
        // A column a generator makes: what it reads, its arguments read.
        return;
      }
      unattributable.add(
          "cannot tell what '"
              + original
              + "' ("
              + describe(position)
              + ") reads"
              + (reference == null ? "" : " from " + reference.getKind().sql));
      return;
    }
    if (!(reference instanceof SqlIdentifier) || field == null) {
      unattributable.add(
          "cannot tell which column of "
              + String.join(".", table.getQualifiedName())
              + " '"
              + original
              + "' ("
              + describe(position)
              + ") reads");
      return;
    }
    reads
        .computeIfAbsent(reference.getParserPosition(), key -> new LinkedHashSet<>())
        .add(field.getName());
    int extraNames = original.names.size() - names.size();
    if (extraNames > 0) {
      overqualified.merge(position, extraNames, Math::max);
    }
  }

  /** Records a name the validator read as a function without parentheses (CURRENT_DATE). */
  void recordFunction(SqlIdentifier name) {
    if (name.getParserPosition().getLineNum() > 0) {
      resolved.add(TextEnd.of(name.getParserPosition()));
      functions.putIfAbsent(name.getParserPosition(), name);
    }
  }

  /** The names the validator read as functions without parentheses. */
  Collection<SqlIdentifier> functions() {
    return functions.values();
  }

  /** Records the columns a table reference reads in a way the validator does not resolve. */
  void recordRead(SqlParserPos reference, String column) {
    reads.computeIfAbsent(reference, key -> new LinkedHashSet<>()).add(column);
  }

  boolean isResolved(SqlParserPos position) {
    return resolved.contains(TextEnd.of(position));
  }

  Map<SqlParserPos, Set<String>> reads() {
    return reads;
  }

  Map<SqlParserPos, Integer> overqualified() {
    return overqualified;
  }

  List<String> unattributable() {
    return unattributable;
  }

  static String describe(SqlParserPos position) {
    return "line " + position.getLineNum() + ", column " + position.getColumnNum();
  }

  /** Where a name ends in the text. */
  record TextEnd(int line, int column) {
    static TextEnd of(SqlParserPos position) {
      return new TextEnd(position.getEndLineNum(), position.getEndColumnNum());
    }
  }
}
