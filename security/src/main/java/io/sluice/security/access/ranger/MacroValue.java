package io.sluice.security.access.ranger;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What a macro evaluates to, before it becomes SQL. The same value renders differently inside a
 * string literal the policy opened ({@code dept = '${{USER.dept}}'}) and as SQL of its own ({@code
 * dept IN (${{UG_NAMES_Q_CSV}})}): in a literal it is escaped text, elsewhere complete literals.
 */
sealed interface MacroValue {

  /** The value inside a literal that the policy text opened. */
  String insideLiteral();

  /** The value as SQL of its own: literals, {@code NULL} or a boolean. */
  String asSql();

  /** One value, or none ({@code USER.dept} of a user without that attribute). */
  record Text(String value) implements MacroValue {
    @Override
    public String insideLiteral() {
      return value == null ? "" : SparkSqlLiterals.escaped(value);
    }

    @Override
    public String asSql() {
      return value == null ? "NULL" : SparkSqlLiterals.quoted(value, '\'');
    }
  }

  /**
   * Values joined into one string, as Ranger's unquoted list macros make them ({@code
   * UG_NAMES_CSV}); the default stands in for an empty list. As SQL of its own it is one literal.
   */
  record Joined(List<String> values, String separator, String defaultValue) implements MacroValue {
    public Joined {
      values = List.copyOf(values);
    }

    private String text() {
      String joined = String.join(separator, values);
      return joined.isEmpty() ? defaultValue : joined;
    }

    @Override
    public String insideLiteral() {
      String text = text();
      return text == null ? "" : SparkSqlLiterals.escaped(text);
    }

    @Override
    public String asSql() {
      String text = text();
      return text == null ? "NULL" : SparkSqlLiterals.quoted(text, '\'');
    }
  }

  /**
   * A list of literals, as Ranger's quoted list macros make them ({@code UG_NAMES_Q_CSV} gives
   * {@code 'a','b'}). An empty list without a default is {@code NULL}, so that {@code x IN (...)}
   * stays valid SQL and matches nothing. It cannot stand inside a literal.
   */
  record QuotedList(List<String> values, String separator, String defaultValue, char quote)
      implements MacroValue {
    public QuotedList {
      values = List.copyOf(values);
    }

    @Override
    public String insideLiteral() {
      throw new IllegalStateException("A quoted list cannot stand inside a literal");
    }

    @Override
    public String asSql() {
      if (values.isEmpty()) {
        return defaultValue == null ? "NULL" : SparkSqlLiterals.quoted(defaultValue, quote);
      }
      return values.stream()
          .map(value -> SparkSqlLiterals.quoted(value, quote))
          .collect(Collectors.joining(separator));
    }
  }

  /** A condition macro ({@code IS_IN_GROUP('x')}). */
  record Bool(boolean value) implements MacroValue {
    @Override
    public String insideLiteral() {
      return Boolean.toString(value);
    }

    @Override
    public String asSql() {
      return value ? "TRUE" : "FALSE";
    }
  }
}
