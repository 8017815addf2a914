/**
 * The statements of Spark SQL that Calcite has no node for, as parsed by Sluice's Spark grammar
 * ({@code io.sluice.planner.parse.impl.SparkSqlParserImpl}). Each node prints itself back as Spark
 * SQL that means exactly what the client wrote.
 */
package io.sluice.planner.parse.ast;
