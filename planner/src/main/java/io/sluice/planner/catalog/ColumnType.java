package io.sluice.planner.catalog;

import static java.util.Objects.requireNonNull;

/**
 * A column's type as the engine (Spark) names it and as JDBC reports it.
 *
 * @param sparkName Spark SQL's name for the type, e.g. {@code decimal(15,2)}, {@code string}
 * @param jdbcType the {@link java.sql.Types} constant
 * @param precision decimal precision, or the maximum length of character types, else 0
 * @param scale decimal scale, else 0
 */
public record ColumnType(String sparkName, int jdbcType, int precision, int scale) {
  public ColumnType {
    requireNonNull(sparkName, "sparkName");
  }
}
