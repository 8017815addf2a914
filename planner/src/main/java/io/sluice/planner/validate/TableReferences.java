package io.sluice.planner.validate;

import io.sluice.spi.QualifiedName;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlMerge;
import org.apache.calcite.sql.SqlNode;
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
 */
final class TableReferences extends SqlBasicVisitor<Void> {
  private final SqlValidator validator;
  private final Map<SqlParserPos, QualifiedName> references = new HashMap<>();

  private TableReferences(SqlValidator validator) {
    this.validator = validator;
  }

  static Map<SqlParserPos, QualifiedName> find(SqlValidator validator, SqlNode validated) {
    TableReferences finder = new TableReferences(validator);
    validated.accept(finder);
    return finder.references;
  }

  @Override
  public Void visit(SqlIdentifier identifier) {
    record(identifier, validator.getNamespace(identifier));
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
    if (names.size() != 3) {
      throw new IllegalStateException(
          "Cannot qualify table " + names + ": a catalog table has three name parts");
    }
    references.put(
        identifier.getParserPosition(),
        new QualifiedName(names.get(0), names.get(1), names.get(2)));
  }
}
