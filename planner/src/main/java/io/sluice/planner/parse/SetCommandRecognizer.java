package io.sluice.planner.parse;

import io.sluice.planner.parse.ast.SqlSetCommand;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Recognizes Spark's SET and RESET commands from the statement's text, as Spark's own parser does:
 * their keys ({@code spark.sql.shuffle.partitions}) and values ({@code 2g}, {@code nonstrict}) are
 * not SQL tokens.
 */
final class SetCommandRecognizer {
  /** A key as Spark accepts it unquoted, or quoted in backticks. */
  private static final String KEY = "([A-Za-z0-9_.:]+|`(?:[^`]|``)+`)";

  private static final Pattern SET_VALUE =
      Pattern.compile("(?is)SET\\s+" + KEY + "\\s*=\\s*(.*?)\\s*");
  private static final Pattern SET_KEY = Pattern.compile("(?is)SET\\s+" + KEY + "\\s*");
  private static final Pattern SET_ALL = Pattern.compile("(?is)SET(\\s+-v)?\\s*");
  private static final Pattern SET_TIME_ZONE =
      Pattern.compile("(?is)SET\\s+TIME\\s+ZONE\\s+'([^'\\\\]+)'\\s*");
  private static final Pattern RESET = Pattern.compile("(?is)RESET(?:\\s+" + KEY + ")?\\s*");

  /** Spark's key for the session's time zone, which SET TIME ZONE sets. */
  static final String TIME_ZONE_KEY = "spark.sql.session.timeZone";

  private SetCommandRecognizer() {}

  /**
   * The SET or RESET command the text is, if it is one.
   *
   * @param sql the statement, without a trailing semicolon
   * @throws SluiceException with {@link ErrorCode#SYNTAX_ERROR} for a SET or RESET that is not in
   *     one of Spark's forms
   */
  static Optional<SqlSetCommand> recognize(String sql) {
    int start = skipSpaceAndComments(sql);
    String text = sql.substring(start);
    String upper = text.toUpperCase(Locale.ROOT);
    boolean set = startsWithWord(upper, "SET");
    boolean reset = startsWithWord(upper, "RESET");
    if (!set && !reset) {
      return Optional.empty();
    }
    SqlParserPos pos = position(sql, start);
    Matcher matcher;
    if (reset) {
      matcher = RESET.matcher(text);
      if (matcher.matches()) {
        return Optional.of(new SqlSetCommand(pos, true, key(matcher.group(1)), null, false));
      }
    } else if ((matcher = SET_ALL.matcher(text)).matches()) {
      return Optional.of(new SqlSetCommand(pos, false, null, null, matcher.group(1) != null));
    } else if ((matcher = SET_TIME_ZONE.matcher(text)).matches()) {
      return Optional.of(new SqlSetCommand(pos, false, TIME_ZONE_KEY, matcher.group(1), false));
    } else if ((matcher = SET_VALUE.matcher(text)).matches()) {
      return Optional.of(
          new SqlSetCommand(pos, false, key(matcher.group(1)), matcher.group(2), false));
    } else if ((matcher = SET_KEY.matcher(text)).matches()) {
      return Optional.of(new SqlSetCommand(pos, false, key(matcher.group(1)), null, false));
    }
    throw new SluiceException(
        ErrorCode.SYNTAX_ERROR,
        "Cannot parse statement: "
            + (reset ? "RESET" : "SET")
            + " at line "
            + pos.getLineNum()
            + ", column "
            + pos.getColumnNum()
            + " is not in one of Spark's forms: "
            + (reset ? "RESET or RESET key" : "SET, SET -v, SET key, SET key = value")
            + ", where a key is letters, digits, '_', '.' and ':', or quoted in backticks");
  }

  private static String key(String key) {
    if (key == null) {
      return null;
    }
    if (key.startsWith("`")) {
      return key.substring(1, key.length() - 1).replace("``", "`");
    }
    return key;
  }

  private static boolean startsWithWord(String upper, String word) {
    return upper.startsWith(word)
        && (upper.length() == word.length()
            || !Character.isLetterOrDigit(upper.charAt(word.length()))
                && upper.charAt(word.length()) != '_');
  }

  /** The index of the first character that is neither white space nor inside a comment. */
  private static int skipSpaceAndComments(String sql) {
    int index = 0;
    int length = sql.length();
    while (index < length) {
      if (Character.isWhitespace(sql.charAt(index))) {
        index++;
      } else if (sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        index = end < 0 ? length : end + 1;
      } else if (sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        index = end < 0 ? length : end + 2;
      } else {
        break;
      }
    }
    return index;
  }

  private static SqlParserPos position(String sql, int index) {
    int line = 1;
    int column = 1;
    for (int i = 0; i < index; i++) {
      if (sql.charAt(i) == '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
    }
    return new SqlParserPos(line, column);
  }
}
