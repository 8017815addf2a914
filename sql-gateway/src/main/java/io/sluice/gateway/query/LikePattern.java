package io.sluice.gateway.query;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A SQL LIKE pattern as JDBC and Flight SQL metadata calls use them: {@code %} any run, {@code _}
 * one character, backslash escapes the next. Names are matched case-insensitively, as Sluice's
 * identifiers are.
 */
public final class LikePattern {
  private final Pattern regex;

  private LikePattern(Pattern regex) {
    this.regex = regex;
  }

  /** A pattern; null matches everything. */
  public static LikePattern of(String pattern) {
    if (pattern == null) {
      return new LikePattern(null);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return new LikePattern(
        Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.DOTALL));
  }

  public boolean matches(String value) {
    return regex == null || regex.matcher(value).matches();
  }

  /** Whether an exact (non-pattern) filter accepts a name; null accepts all. */
  public static boolean equalsIgnoringCase(String filter, String value) {
    return filter == null || filter.toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT));
  }
}
