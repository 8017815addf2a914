package io.sluice.planner.validate;

import static java.util.Objects.requireNonNull;

import io.sluice.planner.SessionContext;
import io.sluice.planner.catalog.CatalogManager;
import io.sluice.planner.catalog.CatalogRootSchema;
import io.sluice.planner.catalog.ColumnMetadata;
import io.sluice.planner.catalog.ColumnTypes;
import io.sluice.planner.parse.ast.SqlSparkMerge;
import io.sluice.planner.rewrite.SessionUserRewriter;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.QualifiedName;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeFactoryImpl;
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
          .withConformance(SparkConformance.INSTANCE)
          .withDefaultNullCollation(NullCollation.LOW);

  /** Each costs a validation; a statement needs few, and write current_user() otherwise. */
  private static final int MAXIMUM_BARE_USER_FUNCTIONS = 64;

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
    SessionUserNames userNames = SessionUserNames.find(statement);
    // The bare user names that are no column of their own query stand for the function; finding
    // each costs one more validation, with the name replaced as the planner will replace it.
    Set<SqlParserPos> functions = new HashSet<>();
    while (true) {
      if (functions.size() > MAXIMUM_BARE_USER_FUNCTIONS) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR,
            "Cannot validate statement: it uses user, current_user or session_user without"
                + " parentheses more than "
                + MAXIMUM_BARE_USER_FUNCTIONS
                + " times; write current_user() instead");
      }
      SqlNode copy = SqlTreeCopier.copyForValidation(statement);
      VariantNames.rename(copy, session, catalogs);
      copy = StaticPartitions.expand(copy, session, catalogs);
      SessionUserRewriter.replaceNames(copy, functions, session.user());
      SparkSqlValidator validator = newValidator(session);
      SqlNode validated;
      try {
        copy = SparkInsertForms.expand(copy, query -> queryType(query, session));
        validated = validator.validate(copy);
      } catch (CalciteContextException e) {
        Optional<SqlParserPos> function = userNames.unresolvedName(e);
        if (function.isPresent() && functions.add(function.get())) {
          continue;
        }
        throw ValidationErrors.translate(e, statement, session, catalogs);
      } catch (CalciteException e) {
        throw new SluiceException(
            ErrorCode.VALIDATION_ERROR, "Cannot validate statement: " + e.getMessage(), e);
      } catch (IndexOutOfBoundsException e) {
        if (copy instanceof SqlInsert insert && insert.getTargetColumnList() == null) {
          // Calcite 1.42 fails so on an INSERT whose query gives more columns than the table has.
          throw new SluiceException(
              ErrorCode.VALIDATION_ERROR,
              "Cannot validate statement: the query gives more columns than "
                  + insert.getTargetTable()
                  + " has; select one value per column of the table, or name the columns to"
                  + " insert into",
              e);
        }
        throw e;
      }
      TableReferences.Found found = TableReferences.find(validator, validated);
      if (statement instanceof SqlSparkMerge merge) {
        // Validated as the query it reads, in which the target is a FROM item.
        found.targets().add(merge.target.getParserPosition());
      }
      for (Map.Entry<SqlParserPos, TableVariant> variant : found.variants().entrySet()) {
        if (variant.getValue().metadata() && found.targets().contains(variant.getKey())) {
          throw new SluiceException(
              ErrorCode.UNSUPPORTED_STATEMENT,
              "Cannot write to "
                  + String.join(".", variant.getValue().parts())
                  + ": Iceberg's metadata tables are read-only");
        }
      }
      Map<SqlParserPos, QualifiedName> tables = found.references();
      SessionUserNames.Resolution userNamed =
          userNames.isEmpty()
              ? new SessionUserNames.Resolution(Map.of(), Set.of())
              : userNames.resolve(validator, validated, functions, tables.keySet());
      if (!userNamed.outerColumns().isEmpty()) {
        functions.addAll(userNamed.outerColumns());
        continue;
      }
      StatementReads.Result reads = StatementReads.analyze(statement, validator, found, functions);
      Map<QualifiedName, CatalogManager.ColumnHistory> metadataHistories = new HashMap<>();
      for (TableVariant variant : found.variants().values()) {
        if (variant.metadata()) {
          metadataHistories.computeIfAbsent(variant.table(), catalogs::columnHistory);
        }
      }
      return new ValidatedStatement(
          resultColumns(validator, validated),
          tables,
          functions,
          userNamed.columns(),
          found.variants(),
          new ValidatedStatement.Access(
              found.targets(),
              reads.reads(),
              found.tableTypes(),
              metadataHistories,
              reads.overqualified(),
              reads.unanalyzable(),
              validated instanceof SqlSelect select && validator.isAggregate(select)));
    }
  }

  /** The row type of a query validated on its own (the columns an INSERT ... BY NAME gives). */
  private RelDataType queryType(SqlNode query, SessionContext session) {
    SparkSqlValidator validator = newValidator(session);
    return validator.getValidatedNodeType(validator.validate(query));
  }

  private SparkSqlValidator newValidator(SessionContext session) {
    return new SparkSqlValidator(
        SparkOperatorTable.INSTANCE,
        new SessionCatalogReader(rootSchema, session, typeFactory),
        typeFactory,
        CONFIG);
  }

  private static List<ColumnMetadata> resultColumns(SqlValidator validator, SqlNode validated) {
    RelDataType rowType = validator.getValidatedNodeType(validated);
    List<ColumnMetadata> columns = new ArrayList<>(rowType.getFieldCount());
    for (RelDataTypeField field : rowType.getFieldList()) {
      RelDataType type = field.getType();
      columns.add(
          new ColumnMetadata(
              field.getName(), ColumnTypes.fromCalcite(type), type.isNullable(), null));
    }
    return columns;
  }
}
