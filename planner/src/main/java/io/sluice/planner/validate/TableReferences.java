package io.sluice.planner.validate;

import io.sluice.planner.catalog.CatalogManager;
import io.sluice.spi.QualifiedName;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorNamespace;
import org.apache.calcite.sql.validate.SqlValidatorTable;

/**
 * Finds the identifiers of a validated tree that name catalog tables: those the validator resolved
 * to a namespace backed by a table. A CTE name resolves to a namespace without a table, an alias or
 * a column to none at all. DML targets are registered under the statement node itself.
 *
 * <p>On the way it notes what authorization needs of the tree: which references are DML targets,
 * which FROM items have a namespace and of what row type, each table's row type, and the validated
 * SELECTs by position.
 */
final class TableReferences extends SqlBasicVisitor<Void> {
  private final SqlValidator validator;
  private final Map<SqlParserPos, QualifiedName> references = new HashMap<>();
  private final Set<SqlParserPos> targets = new HashSet<>();
  private final Map<QualifiedName, RelDataType> tableTypes = new HashMap<>();
  private final Map<SqlParserPos, RelDataType> fromItemTypes = new HashMap<>();
  private final Map<SqlParserPos, SqlSelect> selects = new HashMap<>();
  private final Map<SqlParserPos, TableVariant> variants = new HashMap<>();

  private TableReferences(SqlValidator validator) {
    this.validator = validator;
  }

  static Found find(SqlValidator validator, SqlNode validated) {
    TableReferences finder = new TableReferences(validator);
    validated.accept(finder);
    return new Found(
        finder.references,
        finder.targets,
        finder.tableTypes,
        finder.fromItemTypes,
        finder.selects,
        finder.variants);
  }

  @Override
  public Void visit(SqlIdentifier identifier) {
    SqlValidatorNamespace namespace = validator.getNamespace(identifier);
    if (namespace != null) {
      fromItemTypes.put(identifier.getParserPosition(), namespace.getRowType());
    }
    record(identifier, namespace);
    return null;
  }

  @Override
  public Void visit(SqlCall call) {
    SqlNode target =
        switch (call.getKind()) {
          case INSERT -> ((SqlInsert) call).getTargetTable();
          case UPDATE -> ((SqlUpdate) call).getTargetTable();
          case DELETE -> ((SqlDelete) call).getTargetTable();
          case MERGE -> ((SqlMerge) call).getTargetTable();
          default -> null;
        };
    if (target instanceof SqlIdentifier identifier) {
      record(identifier, validator.getNamespace(call));
      targets.add(identifier.getParserPosition());
    }
    if (call instanceof SqlSelect select) {
      selects.put(select.getParserPosition(), select);
    }
    if (call.getKind().belongsTo(SqlKind.QUERY)) {
      // A subquery in FROM: its row type, for NATURAL joins.
      SqlValidatorNamespace namespace = validator.getNamespace(call);
      if (namespace != null) {
        fromItemTypes.putIfAbsent(call.getParserPosition(), namespace.getRowType());
      }
    }
    return super.visit(call);
  }

  private void record(SqlIdentifier identifier, SqlValidatorNamespace namespace) {
    if (namespace == null) {
      return;
    }
    SqlValidatorTable table = namespace.getTable();
    if (table == null) {
      return;
    }
    List<String> names = table.getQualifiedName();
    int separator = names.size() == 3 ? names.get(2).indexOf(CatalogManager.VARIANT_SEPARATOR) : -1;
    if (separator > 0) {
      // A metadata table, branch or tag of a table (see VariantNames).
      QualifiedName base =
          new QualifiedName(names.get(0), names.get(1), names.get(2).substring(0, separator));
      String variant = names.get(2).substring(separator + 1);
      boolean metadata = !TableVariant.isBranchOrTag(variant);
      variants.put(identifier.getParserPosition(), new TableVariant(base, variant, metadata));
      if (metadata) {
        // Not read column by column: authorized as a read of the whole table, whose columns
        // authorization needs.
        SqlValidatorTable baseTable = validator.getCatalogReader().getTable(base.parts());
        if (baseTable == null) {
          throw new IllegalStateException("Cannot find the table of metadata table " + names);
        }
        tableTypes.putIfAbsent(base, baseTable.getRowType());
        return;
      }
      // A branch or tag reads as the table does: its columns, its policies.
      references.put(identifier.getParserPosition(), base);
      tableTypes.putIfAbsent(base, table.getRowType());
      return;
    }
    if (names.size() != 3) {
      throw new IllegalStateException(
          "Cannot qualify table " + names + ": a catalog table has three name parts");
    }
    QualifiedName name = new QualifiedName(names.get(0), names.get(1), names.get(2));
    references.put(identifier.getParserPosition(), name);
    tableTypes.putIfAbsent(name, table.getRowType());
  }

  /**
   * @param references every table reference (DML targets included) by position
   * @param targets the positions of DML targets
   * @param tableTypes each table's row type, as validated
   * @param fromItemTypes the row type of each FROM item that has a namespace (tables, CTE
   *     references, subqueries), by position
   * @param selects the validated SELECTs by position
   * @param variants the references to metadata tables, branches and tags, by position (branches and
   *     tags are also among the references, as their table)
   */
  record Found(
      Map<SqlParserPos, QualifiedName> references,
      Set<SqlParserPos> targets,
      Map<QualifiedName, RelDataType> tableTypes,
      Map<SqlParserPos, RelDataType> fromItemTypes,
      Map<SqlParserPos, SqlSelect> selects,
      Map<SqlParserPos, TableVariant> variants) {}
}
