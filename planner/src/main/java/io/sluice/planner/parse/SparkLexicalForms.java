package io.sluice.planner.parse;

/**
 * Rewrites the lexical forms in which Spark SQL and Calcite's BigQuery lexing differ, keeping every
 * character at its position so that error positions still point into the client's text.
 *
 * <p>In Spark a backtick inside a quoted identifier is written twice ({@code `a``b`}); Calcite's
 * BigQuery lexing reads that as two identifiers, {@code a} and {@code b}, which silently changes
 * the statement (the second becomes an alias). Calcite expects {@code `a\`b`} instead, which has
 * the same length.
 */
final class SparkLexicalForms {
  private SparkLexicalForms() {}

  static String toCalcite(String sql) {
    if (sql.indexOf("``") < 0) {
      return sql;
    }
    StringBuilder result = new StringBuilder(sql);
    int length = sql.length();
    int index = 0;
    while (index < length) {
      char current = sql.charAt(index);
      char next = index + 1 < length ? sql.charAt(index + 1) : 0;
      if (current == '-' && next == '-') {
        index = skipUntil(sql, index + 2, "\n");
      } else if (current == '/' && next == '*') {
        index = skipUntil(sql, index + 2, "*/");
      } else if (current == '\'' || current == '"') {
        index = skipString(sql, index + 1, current);
      } else if (current == '`') {
        index = rewriteIdentifier(sql, index + 1, result);
      } else {
        index++;
      }
    }
    return result.toString();
  }

  private static int skipUntil(String sql, int from, String end) {
    int found = sql.indexOf(end, from);
    return found < 0 ? sql.length() : found + end.length();
  }

  /** Skips a string literal; Spark and BigQuery both escape with a backslash. */
  private static int skipString(String sql, int from, char quote) {
    int index = from;
    while (index < sql.length()) {
      char current = sql.charAt(index);
      if (current == '\\') {
        index += 2;
      } else if (current == quote) {
        return index + 1;
      } else {
        index++;
      }
    }
    return index;
  }

  private static int rewriteIdentifier(String sql, int from, StringBuilder result) {
    int index = from;
    while (index < sql.length()) {
      if (sql.charAt(index) == '`') {
        if (index + 1 < sql.length() && sql.charAt(index + 1) == '`') {
          result.setCharAt(index, '\\');
          index += 2;
        } else {
          return index + 1;
        }
      } else {
        index++;
      }
    }
    return index;
  }
}
