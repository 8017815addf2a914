package io.sluice.planner.unparse;

import io.sluice.planner.validate.TableVariant;
import io.sluice.spi.QualifiedName;
import java.util.Collections;
import java.util.HashMap;
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
  private final Map<SqlParserPos, List<String>> tableReferences;
  private final Set<SqlParserPos> qualified = new HashSet<>();

  /** The parser shares some nodes, e.g. MERGE's target with its UPDATE; qualify each once. */
  private final Set<SqlIdentifier> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private TableNameQualifier(Map<SqlParserPos, List<String>> tableReferences) {
    this.tableReferences = tableReferences;
  }

  /**
   * Qualifies the table names of a statement in place.
   *
   * @param statement the client's tree (not the validated copy)
   * @param tableReferences the table names found by validation, by position in the text
   * @param variants the references to metadata tables, branches and tags, by position
   * @throws IllegalStateException when a table found by validation is not in the tree: the
   *     statement would reach the engine with a name that was not checked
   */
  public static void qualify(
      SqlNode statement,
      Map<SqlParserPos, QualifiedName> tableReferences,
      Map<SqlParserPos, TableVariant> variants) {
    Map<SqlParserPos, List<String>> names = new HashMap<>();
    tableReferences.forEach((position, name) -> names.put(position, name.parts()));
    variants.forEach((position, variant) -> names.put(position, variant.parts()));
    TableNameQualifier qualifier = new TableNameQualifier(names);
    statement.accept(qualifier);
    if (qualifier.qualified.size() != names.size()) {
      throw new IllegalStateException(
          "Cannot qualify the tables of the statement: validation found "
              + names.size()
              + " table references, the statement has "
              + qualifier.qualified.size());
    }
  }

  @Override
  public Void visit(SqlIdentifier identifier) {
    List<String> name = tableReferences.get(identifier.getParserPosition());
    if (name == null || !visited.add(identifier)) {
      return null;
    }
    if (!endsWith(name, identifier.names)) {
      throw new IllegalStateException(
          "Cannot qualify table '"
              + identifier
              + "' as "
              + String.join(".", name)
              + ": the names do not match");
    }
    identifier.setNames(name, null);
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
