package io.sluice.planner.unparse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a child JVM whose classpath holds Spark's jars: parses each file given with Spark's own
 * SQL parser and prints {@code OK <file>} or {@code FAIL <file>: <Spark's message>}. Spark is only
 * reached by reflection, so the planner never compiles against it.
 */
public final class SparkParserCheck {
  static final String OK = "OK ";
  static final String FAIL = "FAIL ";

  private SparkParserCheck() {}

  public static void main(String[] files) throws Exception {
    Class<?> parserClass = Class.forName("org.apache.spark.sql.execution.SparkSqlParser");
    Object parser = parserClass.getConstructor().newInstance();
    Method parsePlan = parserClass.getMethod("parsePlan", String.class);
    boolean allParsed = true;
    for (String file : files) {
      String sql = Files.readString(Path.of(file));
      try {
        parsePlan.invoke(parser, sql);
        System.out.println(OK + file);
      } catch (InvocationTargetException e) {
        allParsed = false;
        String message = String.valueOf(e.getCause().getMessage()).replace('\n', ' ');
        System.out.println(FAIL + file + ": " + message);
      }
    }
    System.out.flush();
    System.exit(allParsed ? 0 : 1);
  }
}
