package io.sluice.planner.unparse;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs in a child JVM whose classpath holds Spark's jars: parses each file given with Spark's own
 * SQL parser, with Iceberg's extensions in front as the engine has them, and prints {@code OK
 * <file>} or {@code FAIL <file>: <Spark's message>}. With {@code --same-plan} first, the files come
 * in pairs (a client's statement, Sluice's unparsed form of it), both are parsed with Iceberg's
 * extensions in front of Spark's parser (as the engine runs them), and a pair passes when both give
 * the same plan. Spark is only reached by reflection, so the planner never compiles against it.
 */
public final class SparkParserCheck {
  static final String OK = "OK ";
  static final String FAIL = "FAIL ";

  private SparkParserCheck() {}

  static final String SAME_PLAN = "--same-plan";

  public static void main(String[] files) throws Exception {
    Class<?> parserClass = Class.forName("org.apache.spark.sql.execution.SparkSqlParser");
    Object parser = parserClass.getConstructor().newInstance();
    Method parsePlan = parserClass.getMethod("parsePlan", String.class);
    Class<?> icebergClass =
        Class.forName(
            "org.apache.spark.sql.catalyst.parser.extensions.IcebergSparkSqlExtensionsParser");
    Object iceberg =
        icebergClass
            .getConstructor(Class.forName("org.apache.spark.sql.catalyst.parser.ParserInterface"))
            .newInstance(parser);
    Method icebergParse = icebergClass.getMethod("parsePlan", String.class);
    if (files.length > 0 && files[0].equals(SAME_PLAN)) {
      comparePlans(iceberg, icebergParse, parser, parsePlan, files);
      return;
    }
    boolean allParsed = true;
    for (String file : files) {
      try {
        parse(iceberg, icebergParse, parser, parsePlan, Path.of(file));
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

  private static void comparePlans(
      Object iceberg, Method icebergParse, Object spark, Method sparkParse, String[] arguments)
      throws Exception {
    boolean allSame = true;
    for (int index = 1; index + 1 < arguments.length; index += 2) {
      String original = arguments[index];
      String unparsed = arguments[index + 1];
      String problem;
      try {
        String expected =
            normalized(parse(iceberg, icebergParse, spark, sparkParse, Path.of(original)));
        try {
          String actual =
              normalized(parse(iceberg, icebergParse, spark, sparkParse, Path.of(unparsed)));
          problem =
              expected.equals(actual)
                  ? null
                  : "plans differ; original: " + expected + " unparsed: " + actual;
        } catch (InvocationTargetException e) {
          problem = "Spark rejects the unparsed form: " + e.getCause().getMessage();
        }
      } catch (InvocationTargetException e) {
        problem = "Spark rejects the original: " + e.getCause().getMessage();
      }
      if (problem == null) {
        System.out.println(OK + original);
      } else {
        allSame = false;
        System.out.println(FAIL + original + ": " + problem.replace('\n', ' '));
      }
    }
    System.out.flush();
    System.exit(allSame ? 0 : 1);
  }

  /**
   * Parses with Iceberg's parser, which reads its own commands (CALL, partition fields, write
   * order) itself; for any other statement it asks for an active Spark session before handing the
   * text to Spark's parser, so without one Spark's parser is asked directly.
   */
  private static Object parse(
      Object iceberg, Method icebergParse, Object spark, Method sparkParse, Path file)
      throws Exception {
    String sql = Files.readString(file);
    try {
      return icebergParse.invoke(iceberg, sql);
    } catch (InvocationTargetException e) {
      String message = String.valueOf(e.getCause().getMessage()).replace(" ", "");
      if (message.toLowerCase(java.util.Locale.ROOT).contains("sparksession")) {
        return sparkParse.invoke(spark, sql);
      }
      throw e;
    }
  }

  /**
   * The plan's text with identifier case, quoting, spacing and expression ids normalized: Spark
   * keeps the case a name was written in and the text of a view's query as written, unparsing
   * prints keywords and function names in upper case and quotes every name, and each parse numbers
   * its output columns anew.
   */
  private static String normalized(Object plan) throws ReflectiveOperationException {
    String text = plan.toString();
    // A view's, a cached query's or a described query's own text is part of its plan; the query is
    // compared as the plan below it, and the text stands for itself.
    for (String queryText : queryTexts(plan)) {
      text = normalizedText(text).replace(normalizedText(queryText), "<query text>");
    }
    return normalizedText(text);
  }

  /** The fields of a plan node that hold a query's text: strings that start as queries do. */
  private static java.util.List<String> queryTexts(Object plan)
      throws ReflectiveOperationException {
    java.util.List<String> texts = new java.util.ArrayList<>();
    Object fields = plan.getClass().getMethod("productIterator").invoke(plan);
    Method hasNext = fields.getClass().getMethod("hasNext");
    Method next = fields.getClass().getMethod("next");
    hasNext.setAccessible(true);
    next.setAccessible(true);
    while ((Boolean) hasNext.invoke(fields)) {
      Object field = next.invoke(fields);
      if (field != null && field.getClass().getName().equals("scala.Some")) {
        field = field.getClass().getMethod("get").invoke(field);
      }
      if (field instanceof String string
          && string
              .strip()
              .toLowerCase(java.util.Locale.ROOT)
              .matches("(?s)(select|with|values|from|table|\\().*")) {
        texts.add(string);
      }
    }
    return texts;
  }

  private static String normalizedText(String plan) {
    return plan.toLowerCase(java.util.Locale.ROOT)
        .replaceAll("#\\d+", "")
        .replace("`", "")
        .replaceAll("\\s+", " ")
        // TABLESAMPLE's random seed, drawn anew at each parse.
        .replaceAll("('sample [^,]+, [^,]+, (?:true|false)), -?\\d+", "$1, <seed>")
        .strip();
  }
}
