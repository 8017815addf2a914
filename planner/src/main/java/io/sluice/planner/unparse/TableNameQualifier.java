package io.sluice.planner.unparse;

import io.sluice.spi.QualifiedName;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;

/**
 * Replaces each table name in the client's tree by its fully qualified name, so that the statement
 * means the same on any engine connection whatever that connection's current schema. Aliases stay
 * as written and none are added: Spark resolves {@code lineitem.l_orderkey} against {@code
 * lakehouse.tpch.lineitem} by the last part of the name.
 */
public final class TableNameQualifier extends SqlBasicVisitor<Void> {
  private final Map<SqlParserPos, QualifiedName> tableReferences;
  private final Set<SqlParserPos> qualified = new HashSet<>();

  /** The parser shares some nodes, e.g. MERGE's target with its UPDATE; qualify each once. */
  private final Set<SqlIdentifier> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private TableNameQualifier(Map<SqlParserPos, QualifiedName> tableReferences) {
    this.tableReferences = tableReferences;
  }

  /**
   * Qualifies the table names of a statement in place.
   *
   * @param statement the client's tree (not the validated copy)
   * @param tableReferences the table names found by validation, by position in the text
   * @throws IllegalStateException when a table found by validation is not in the tree: the
   *     statement would reach the engine with a name that was not checked
   */
  public static void qualify(SqlNode statement, Map<SqlParserPos, QualifiedName> tableReferences) {
    TableNameQualifier qualifier = new TableNameQualifier(tableReferences);
    statement.accept(qualifier);
    if (qualifier.qualified.size() != tableReferences.size()) {
      throw new IllegalStateException(
          "Cannot qualify the tables of the statement: validation found "
              + tableReferences.size()
              + " table references, the statement has "
              + qualifier.qualified.size());
    }
  }

  @Override
  public Void visit(SqlIdentifier identifier) {
    QualifiedName name = tableReferences.get(identifier.getParserPosition());
    if (name == null || !visited.add(identifier)) {
      return null;
    }
    if (!endsWith(name.parts(), identifier.names)) {
      throw new IllegalStateException(
          "Cannot qualify table '" + identifier + "' as " + name + ": the names do not match");
    }
    identifier.setNames(name.parts(), null);
    qualified.add(identifier.getParserPosition());
    return null;
  }

  private static boolean endsWith(List<String> qualified, List<String> written) {
    int offset = qualified.size() - written.size();
    if (offset < 0) {
      return false;
    }
    for (int index = 0; index < written.size(); index++) {
      if (!qualified.get(offset + index).equals(written.get(index).toLowerCase(Locale.ROOT))) {
        return false;
      }
    }
    return true;
  }
}
