package io.sluice.planner.validate;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.CatalogRootSchema;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;

/**
 * Validates statements against the catalogs. The expensive parts (type factory, operator table,
 * schema tree, configuration) are built once and shared; each statement gets its own validator,
 * which keeps per-statement state.
 *
 * <p>Validation works on a deep copy: Calcite rewrites the tree it validates, and Sluice sends the
 * client's own tree, not Calcite's rewrite of it, to the engine.
 *
 * <p>Thread-safe.
 */
public final class StatementValidator {
  private static final SqlValidator.Config CONFIG =
      SqlValidator.Config.DEFAULT
          .withIdentifierExpansion(true)
          .withCallRewrite(false)
          .withLenientOperatorLookup(false)
          .withConformance(SqlConformanceEnum.LENIENT)
          .withDefaultNullCollation(NullCollation.LOW);

  private final CatalogManager catalogs;
  private final RelDataTypeFactory typeFactory = new SqlTypeFactoryImpl(SparkTypeSystem.INSTANCE);
  private final CalciteSchema rootSchema;

  public StatementValidator(CatalogManager catalogs) {
    this.catalogs = requireNonNull(catalogs, "catalogs");
    this.rootSchema =
        CalciteSchema.createRootSchema(false, false, "", new CatalogRootSchema(catalogs));
  }

  /**
   * Validates a statement as the session sees the catalogs; the statement itself is not changed.
   *
   * @throws SluiceException with {@link ErrorCode#TABLE_NOT_FOUND}, {@link
   *     ErrorCode#COLUMN_NOT_FOUND} or {@link ErrorCode#VALIDATION_ERROR}
   */
  public ValidatedStatement validate(SqlNode statement, SessionContext session) {
    SqlNode copy = SqlTreeCopier.copyForValidation(statement);
    SqlValidator validator =
        new SparkSqlValidator(
            SparkOperatorTable.INSTANCE,
            new SessionCatalogReader(rootSchema, session, typeFactory),
            typeFactory,
            CONFIG);
    SqlNode validated;
    try {
      validated = validator.validate(copy);
    } catch (CalciteContextException e) {
      throw ValidationErrors.translate(e, statement, session, catalogs);
    } catch (CalciteException e) {
      throw new SluiceException(
          ErrorCode.VALIDATION_ERROR, "Cannot validate statement: " + e.getMessage(), e);
    }
    RelDataType rowType = validator.getValidatedNodeType(validated);
    List<ColumnMetadata> columns = new ArrayList<>(rowType.getFieldCount());
    for (RelDataTypeField field : rowType.getFieldList()) {
      RelDataType type = field.getType();
      columns.add(
          new ColumnMetadata(
              field.getName(), ColumnTypes.fromCalcite(type), type.isNullable(), null));
    }
    return new ValidatedStatement(columns, TableReferences.find(validator, validated));
  }
}
