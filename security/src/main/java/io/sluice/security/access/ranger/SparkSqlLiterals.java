package io.sluice.security.access.ranger;

/**
 * Spark SQL string literals for values that come from an identity (user attributes, group and role
 * names), which a policy author does not control and which must never change the shape of the
 * expression they are put into.
 */
final class SparkSqlLiterals {
  private SparkSqlLiterals() {}

  /** {@code value} as a complete literal: {@code 'O\'Brien'}. */
  static String quoted(String value, char quote) {
    StringBuilder sql = new StringBuilder(value.length() + 2);
    sql.append(quote);
    appendEscaped(sql, value);
    return sql.append(quote).toString();
  }

  /**
   * {@code value} escaped for the inside of a literal that the policy text already opened, with
   * either quote character.
   */
  static String escaped(String value) {
    StringBuilder sql = new StringBuilder(value.length() + 8);
    appendEscaped(sql, value);
    return sql.toString();
  }

  private static void appendEscaped(StringBuilder sql, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
          // Spark unescapes a backslash before any character to the character itself.
        case '\\', '\'', '"' -> sql.append('\\').append(c);
          // Spark substitutes ${name}, ${env:NAME} and ${system:name} in statement text before it
          // parses it, inside literals too: an escaped brace keeps a value from reading a variable.
        case '{' -> sql.append("\\{");
        default -> sql.append(c);
      }
    }
  }
}
