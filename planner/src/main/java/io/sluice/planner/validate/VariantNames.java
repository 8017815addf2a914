package io.sluice.planner.validate;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.rewrite.PolicyRewriter;
import io.sluice.spi.QualifiedName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;

/**
 * Names Spark reads as a table's Iceberg metadata table, branch or tag ({@code t.snapshots}, {@code
 * schema.t.branch_audit}), in the copy the validator checks: Calcite would look for a schema {@code
 * t}, so the table's name and the variant's become one name, which the catalog schema resolves
 * ({@link CatalogManager#VARIANT_SEPARATOR}). A name that is a table is left alone, as Spark reads
 * it as that table; an unaliased variant gets its own name as alias, as in Spark. Positions are
 * kept, so the client's tree and the copy still match name for name.
 */
final class VariantNames {
  private final SessionContext session;
  private final CatalogManager catalogs;
  private final Set<SqlNode> visited = Collections.newSetFromMap(new IdentityHashMap<>());

  private VariantNames(SessionContext session, CatalogManager catalogs) {
    this.session = session;
    this.catalogs = catalogs;
  }

  /** Renames, in the copy, the variants its FROM items and DML targets name. */
  static void rename(SqlNode copy, SessionContext session, CatalogManager catalogs) {
    new VariantNames(session, catalogs).walk(copy);
  }

  private void walk(SqlNode node) {
    if (node == null || !visited.add(node)) {
      return;
    }
    if (node instanceof SqlNodeList list) {
      for (SqlNode item : list) {
        walk(item);
      }
      return;
    }
    if (!(node instanceof SqlCall call)) {
      return;
    }
    if (call instanceof SqlSelect select) {
      fromItem(select, 2, select.getFrom());
    } else if (call instanceof SqlInsert insert) {
      target(insert.getTargetTable());
    } else if (call instanceof SqlUpdate update) {
      target(update.getTargetTable());
    } else if (call instanceof SqlDelete delete) {
      target(delete.getTargetTable());
    } else if (call instanceof SqlMerge merge) {
      target(merge.getTargetTable());
      fromItem(merge, 2, merge.getSourceTableRef());
    }
    for (SqlNode operand : call.getOperandList()) {
      walk(operand);
    }
  }

  /** A FROM item, operand {@code index} of {@code parent}. */
  private void fromItem(SqlCall parent, int index, SqlNode item) {
    if (item == null) {
      return;
    }
    if (item instanceof SqlIdentifier identifier) {
      Optional<String> variant = rename(identifier);
      if (variant.isPresent() && parent.getKind() != SqlKind.AS) {
        // Spark names an unaliased variant by its own name.
        PolicyRewriter.replaceOperand(
            parent,
            index,
            identifier,
            SqlStdOperatorTable.AS.createCall(
                identifier.getParserPosition(),
                identifier,
                new SqlIdentifier(variant.get(), identifier.getParserPosition())));
      }
      return;
    }
    if (item instanceof SqlJoin join) {
      fromItem(join, 0, join.getLeft());
      fromItem(join, 3, join.getRight());
      return;
    }
    if (item instanceof SqlCall call
        && (call.getKind() == SqlKind.AS || call.getKind() == SqlKind.SNAPSHOT)) {
      fromItem(call, 0, call.operand(0));
    }
  }

  private void target(SqlNode target) {
    if (target instanceof SqlIdentifier identifier) {
      rename(identifier);
    }
  }

  /** Renames a variant's name; its name (the last), if it was one. */
  private Optional<String> rename(SqlIdentifier identifier) {
    List<String> names = identifier.names;
    if (names.size() < 2 || identifier.isStar()) {
      return Optional.empty();
    }
    String variant = names.get(names.size() - 1).toLowerCase(Locale.ROOT);
    if (!CatalogManager.isVariantName(variant)) {
      return Optional.empty();
    }
    Optional<QualifiedName> asTable = ValidationErrors.qualified(names, session, catalogs);
    if (asTable.isPresent() && catalogs.table(asTable.get()).isPresent()) {
      return Optional.empty();
    }
    List<String> table = names.subList(0, names.size() - 1);
    Optional<QualifiedName> base = ValidationErrors.qualified(table, session, catalogs);
    if (base.isEmpty() || catalogs.table(base.get()).isEmpty()) {
      return Optional.empty();
    }
    List<String> renamed = new ArrayList<>(table.subList(0, table.size() - 1));
    renamed.add(table.get(table.size() - 1) + CatalogManager.VARIANT_SEPARATOR + variant);
    identifier.setNames(renamed, null);
    return Optional.of(variant);
  }
}
