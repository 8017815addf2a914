package io.sluice.planner.validate;

import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlDelegatingConformance;

/**
 * Calcite's LENIENT conformance, which accepts what Spark accepts and Calcite's BABEL conformance
 * breaks (BABEL wraps aggregates of a non-strict GROUP BY and fails on valid queries), plus Spark's
 * semi and anti joins: in Calcite 1.42 the liberal flag decides nothing but those.
 */
final class SparkConformance extends SqlDelegatingConformance {
  static final SparkConformance INSTANCE = new SparkConformance();

  private SparkConformance() {
    super(SqlConformanceEnum.LENIENT);
  }

  @Override
  public boolean isLiberal() {
    return true;
  }
}
