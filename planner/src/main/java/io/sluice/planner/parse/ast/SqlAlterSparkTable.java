package io.sluice.planner.parse.ast;

import io.sluice.planner.StatementKind;
import java.util.List;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlWriter;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.util.ImmutableNullableList;
import org.checkerframework.checker.nullness.qual.Nullable;

/** {@code ALTER TABLE t ...} and {@code ALTER VIEW v ...}: Spark's alterations and Iceberg's. */
public final class SqlAlterSparkTable extends SparkSqlCall {
  /** The alteration. */
  public enum Action {
    /** {@code ADD COLUMN|COLUMNS (declarations)}: {@link #items}, the word in {@link #detail}. */
    ADD_COLUMNS,
    /**
     * {@code DROP COLUMN|COLUMNS [IF EXISTS] (names)}: {@link #items}, the word in {@link #detail}.
     */
    DROP_COLUMNS,
    /** {@code RENAME TO name}: {@link #operand}. */
    RENAME_TO,
    /** {@code RENAME COLUMN column TO name}: {@link #operand}. */
    RENAME_COLUMN,
    /**
     * {@code ALTER COLUMN column} then {@link #detail}: TYPE, COMMENT, AFTER ({@link #operand}),
     * FIRST, SET NOT NULL, DROP NOT NULL; or Hive's {@code CHANGE COLUMN column declaration [FIRST
     * | AFTER c]} ({@link #detail} CHANGE or CHANGE FIRST, {@link #operand} the declaration, {@link
     * #operand2} the AFTER column). The word written, ALTER or CHANGE, is {@link #alias}.
     */
    ALTER_COLUMN,
    /** {@code SET TBLPROPERTIES (...)}: {@link #items}. */
    SET_PROPERTIES,
    /** {@code UNSET TBLPROPERTIES [IF EXISTS] (keys)}: {@link #items}. */
    UNSET_PROPERTIES,
    /** {@code SET LOCATION 'path'}: {@link #operand}. */
    SET_LOCATION,
    /** Iceberg's {@code ADD PARTITION FIELD transform [AS name]}. */
    ADD_PARTITION_FIELD,
    /** Iceberg's {@code DROP PARTITION FIELD transform}. */
    DROP_PARTITION_FIELD,
    /** Iceberg's {@code REPLACE PARTITION FIELD old WITH new [AS name]}. */
    REPLACE_PARTITION_FIELD,
    /** Iceberg's {@code WRITE ORDERED BY ...} and its variants, in {@link #detail}. */
    WRITE_ORDER,
    /** Iceberg's {@code SET IDENTIFIER FIELDS a, b}. */
    SET_IDENTIFIER_FIELDS,
    /** Iceberg's {@code DROP IDENTIFIER FIELDS a, b}. */
    DROP_IDENTIFIER_FIELDS,
    /** {@code ALTER VIEW v AS query}: {@link #operand}. */
    VIEW_QUERY,
    /**
     * Iceberg's branches and tags ({@code CREATE|REPLACE|DROP BRANCH|TAG ...}): the clause as Spark
     * text, its name quoted, in {@link #detail}.
     */
    REFERENCE
  }

  public final boolean view;
  public final SqlIdentifier name;
  public final Action action;
  public final @Nullable SqlNodeList items;
  public final @Nullable SqlIdentifier column;
  public final @Nullable SqlNode operand;
  public final @Nullable SqlNode operand2;
  public final @Nullable SqlIdentifier alias;
  public final @Nullable String detail;
  public final boolean ifExists;

  public SqlAlterSparkTable(
      SqlParserPos pos,
      boolean view,
      SqlIdentifier name,
      Action action,
      @Nullable SqlNodeList items,
      @Nullable SqlIdentifier column,
      @Nullable SqlNode operand,
      @Nullable SqlNode operand2,
      @Nullable SqlIdentifier alias,
      @Nullable String detail,
      boolean ifExists) {
    super(
        pos, view ? "ALTER VIEW" : "ALTER TABLE", view ? SqlKind.ALTER_VIEW : SqlKind.ALTER_TABLE);
    this.view = view;
    this.name = name;
    this.action = action;
    this.items = items;
    this.column = column;
    this.operand = operand;
    this.operand2 = operand2;
    this.alias = alias;
    this.detail = detail;
    this.ifExists = ifExists;
  }

  @Override
  public StatementKind statementKind() {
    return StatementKind.DDL;
  }

  @Override
  public List<@Nullable SqlNode> getOperandList() {
    return ImmutableNullableList.of(name, items, column, operand, operand2, alias);
  }

  @Override
  public void unparse(SqlWriter writer, int leftPrec, int rightPrec) {
    writer.keyword(view ? "ALTER VIEW" : "ALTER TABLE");
    name.unparse(writer, 0, 0);
    switch (action) {
        // COLUMN or COLUMNS as written: Spark names the command after the word in its plan.
      case ADD_COLUMNS -> parenthesized(writer, "ADD " + detail, items);
      case DROP_COLUMNS -> {
        writer.keyword("DROP " + detail);
        if (ifExists) {
          writer.keyword("IF EXISTS");
        }
        parenthesized(writer, items);
      }
      case RENAME_TO -> clause(writer, "RENAME TO", operand);
      case RENAME_COLUMN -> {
        clause(writer, "RENAME COLUMN", column);
        clause(writer, "TO", operand);
      }
      case ALTER_COLUMN -> alterColumn(writer);
      case SET_PROPERTIES -> parenthesized(writer, "SET TBLPROPERTIES", items);
      case UNSET_PROPERTIES -> {
        writer.keyword("UNSET TBLPROPERTIES");
        if (ifExists) {
          writer.keyword("IF EXISTS");
        }
        parenthesized(writer, items);
      }
      case SET_LOCATION -> clause(writer, "SET LOCATION", operand);
      case ADD_PARTITION_FIELD -> {
        clause(writer, "ADD PARTITION FIELD", operand);
        clause(writer, "AS", alias);
      }
      case DROP_PARTITION_FIELD -> clause(writer, "DROP PARTITION FIELD", operand);
      case REPLACE_PARTITION_FIELD -> {
        clause(writer, "REPLACE PARTITION FIELD", operand);
        clause(writer, "WITH", operand2);
        clause(writer, "AS", alias);
      }
      case WRITE_ORDER -> {
        writer.keyword("WRITE");
        writer.keyword(detail);
        if (items != null) {
          commaList(writer, items);
        }
      }
      case SET_IDENTIFIER_FIELDS -> {
        writer.keyword("SET IDENTIFIER FIELDS");
        commaList(writer, items);
      }
      case DROP_IDENTIFIER_FIELDS -> {
        writer.keyword("DROP IDENTIFIER FIELDS");
        commaList(writer, items);
      }
      case REFERENCE -> {
        // Raw: a branch's or tag's name keeps its case.
        writer.print(detail);
        writer.setNeedWhitespace(true);
      }
      case VIEW_QUERY -> {
        writer.newlineAndIndent();
        clause(writer, "AS", operand);
      }
    }
  }

  private void alterColumn(SqlWriter writer) {
    if (detail.startsWith("CHANGE")) {
      // Hive's form; the word (ALTER or CHANGE) is in the alias.
      clause(writer, alias.getSimple() + " COLUMN", column);
      operand.unparse(writer, 0, 0);
      if (detail.equals("CHANGE FIRST")) {
        writer.keyword("FIRST");
      }
      clause(writer, "AFTER", operand2);
      return;
    }
    // The word the client wrote, ALTER or CHANGE: Spark names the command after it in its plan.
    clause(writer, alias.getSimple() + " COLUMN", column);
    writer.keyword(detail);
    if (operand != null) {
      operand.unparse(writer, 0, 0);
    }
  }
}
