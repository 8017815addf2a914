package io.sluice.planner.parse;

import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.BY;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.CLUSTER;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.DISTRIBUTE;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.EXISTS;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.LPAREN;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.PARTITION;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.SELECT;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.SORT;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.TABLE;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.VALUES;
import static io.sluice.planner.parse.impl.SparkSqlParserImplConstants.WITH;

/**
 * The grammar's decisions that look at the next tokens' kinds, where Spark's words are not reserved
 * or mean two things.
 */
public final class SparkLookahead {
  private SparkLookahead() {}

  /**
   * Whether the tokens start SORT BY, CLUSTER BY or DISTRIBUTE BY, whose first words are not
   * reserved: an alias must not take them.
   */
  public static boolean clauseFollows(int first, int second) {
    return (first == SORT || first == CLUSTER || first == DISTRIBUTE) && second == BY;
  }

  /**
   * Whether the tokens start Spark's function {@code exists(array, x -> ...)} rather than the
   * EXISTS predicate over a subquery.
   */
  public static boolean existsFunctionFollows(int first, int second, int third) {
    return first == EXISTS
        && second == LPAREN
        && third != SELECT
        && third != WITH
        && third != VALUES
        && third != LPAREN
        && third != TABLE;
  }

  /**
   * Whether the tokens start PARTITION BY, where a window's name could stand: {@code partition} is
   * not reserved in Spark (Iceberg's metadata tables have a column of that name).
   */
  public static boolean partitionByFollows(int first, int second) {
    return first == PARTITION && second == BY;
  }
}
