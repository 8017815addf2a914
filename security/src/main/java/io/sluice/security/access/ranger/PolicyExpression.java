package io.sluice.security.access.ranger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A row filter or custom mask expression from a policy, with its {@code ${{...}}} macros parsed
 * when the policies load and resolved from the identity on each request, in Sluice and never by a
 * script engine.
 *
 * <p>Where a macro stands decides how its value is written: inside a string literal that the policy
 * opened it is escaped ({@code dept = '${{USER.dept}}'} gives {@code dept = 'O\'Brien'}); anywhere
 * else it becomes complete literals ({@code dept = ${{USER.dept}}} gives {@code dept = 'sales'}, a
 * missing value {@code NULL}); in a comment it is left out. Identity values therefore never change
 * the shape of the expression. Text outside the macros is the policy's own SQL and is kept as
 * written, {@code {USER}} and {@code {col}} included (Ranger does not replace {@code {USER}} in
 * expressions; the planner replaces {@code {col}}).
 */
final class PolicyExpression {
  /** Ranger's own pattern for macros ({@code RangerRequestExprResolver}). */
  private static final Pattern MACRO = Pattern.compile("\\$\\{\\{(?<expr>.*?)\\}\\}");

  /** Ranger rewrites {@code [[x]]} in row filters into JavaScript ({@code JavaScriptEdits}). */
  private static final Pattern SCRIPT_EDIT =
      Pattern.compile("\\[\\[([}{\\$\"a-zA-Z0-9_.\\[\\]]+)(\\,['\\\"](.+?)['\\\"])*\\]\\]");

  private final String text;
  private final List<Object> segments;

  private PolicyExpression(String text, List<Object> segments) {
    this.text = text;
    this.segments = segments;
  }

  /**
   * Parses a policy's expression.
   *
   * @param rowFilter whether it is a row filter, where Ranger also rewrites {@code [[...]]}
   * @throws UnenforceableExpressionException when it uses a macro Sluice does not resolve, or puts
   *     one where its value could not be written safely
   */
  static PolicyExpression parse(String text, boolean rowFilter)
      throws UnenforceableExpressionException {
    if (rowFilter
        && text.contains("[[")
        && text.contains("]]")
        && SCRIPT_EDIT.matcher(text).find()) {
      throw new UnenforceableExpressionException(
          "it uses Ranger's [[...]] script syntax, which Sluice does not evaluate");
    }
    List<Object> segments = new ArrayList<>();
    Lexer lexer = new Lexer();
    Matcher matcher = MACRO.matcher(text);
    int end = 0;
    while (matcher.find()) {
      String before = text.substring(end, matcher.start());
      lexer.scan(before);
      if (!before.isEmpty()) {
        segments.add(before);
      }
      Macro macro;
      try {
        macro = Macro.parse(matcher.group("expr"));
      } catch (Macro.UnsupportedMacroException e) {
        throw new UnenforceableExpressionException(
            "it uses the macro "
                + matcher.group()
                + ", which Sluice does not resolve: "
                + e.getMessage());
      }
      segments.add(new PlacedMacro(macro, lexer.placeOf(macro)));
      end = matcher.end();
    }
    String rest = text.substring(end);
    if (!rest.isEmpty()) {
      segments.add(rest);
    }
    return new PolicyExpression(text, List.copyOf(segments));
  }

  boolean hasMacros() {
    return segments.stream().anyMatch(PlacedMacro.class::isInstance);
  }

  /** The expression for one user, every macro resolved. */
  String resolve(MacroSubject subject) {
    if (segments.size() == 1 && segments.get(0) instanceof String only) {
      return only;
    }
    StringBuilder sql = new StringBuilder(text.length() + 32);
    for (Object segment : segments) {
      if (segment instanceof PlacedMacro placed) {
        MacroValue value = placed.macro().evaluate(subject);
        switch (placed.place()) {
          case CODE -> sql.append(value.asSql());
          case LITERAL -> sql.append(value.insideLiteral());
          case COMMENT -> {}
        }
      } else {
        sql.append((String) segment);
      }
    }
    return sql.toString();
  }

  /** Why Sluice cannot enforce an expression as Ranger would. */
  static final class UnenforceableExpressionException extends Exception {
    UnenforceableExpressionException(String message) {
      super(message);
    }
  }

  private enum Place {
    CODE,
    LITERAL,
    COMMENT
  }

  private record PlacedMacro(Macro macro, Place place) {}

  /** Just enough of Spark SQL's lexical rules to know where a macro stands. */
  private static final class Lexer {
    private enum State {
      CODE,
      SINGLE_QUOTED,
      DOUBLE_QUOTED,
      BACKQUOTED,
      LINE_COMMENT,
      BLOCK_COMMENT
    }

    private State state = State.CODE;
    private boolean escapeNext;

    void scan(String sql) {
      for (int i = 0; i < sql.length(); i++) {
        char c = sql.charAt(i);
        char next = i + 1 < sql.length() ? sql.charAt(i + 1) : '\0';
        switch (state) {
          case CODE -> {
            if (c == '\'') {
              state = State.SINGLE_QUOTED;
            } else if (c == '"') {
              state = State.DOUBLE_QUOTED;
            } else if (c == '`') {
              state = State.BACKQUOTED;
            } else if (c == '-' && next == '-') {
              state = State.LINE_COMMENT;
              i++;
            } else if (c == '/' && next == '*') {
              state = State.BLOCK_COMMENT;
              i++;
            }
          }
          case SINGLE_QUOTED, DOUBLE_QUOTED -> {
            if (escapeNext) {
              escapeNext = false;
            } else if (c == '\\') {
              escapeNext = true;
            } else if (c == (state == State.SINGLE_QUOTED ? '\'' : '"')) {
              state = State.CODE;
            }
          }
          case BACKQUOTED -> {
            if (c == '`') {
              state = State.CODE;
            }
          }
          case LINE_COMMENT -> {
            if (c == '\n' || c == '\r') {
              state = State.CODE;
            }
          }
          case BLOCK_COMMENT -> {
            if (c == '*' && next == '/') {
              state = State.CODE;
              i++;
            }
          }
        }
      }
    }

    Place placeOf(Macro macro) throws UnenforceableExpressionException {
      switch (state) {
        case CODE:
          return Place.CODE;
        case SINGLE_QUOTED:
        case DOUBLE_QUOTED:
          if (escapeNext) {
            throw new UnenforceableExpressionException(
                "the macro " + macro.source() + " follows a backslash inside a string literal");
          }
          if (macro.isQuotedList()) {
            throw new UnenforceableExpressionException(
                "the macro "
                    + macro.source()
                    + " makes a list of literals but stands inside a string literal");
          }
          return Place.LITERAL;
        case BACKQUOTED:
          throw new UnenforceableExpressionException(
              "the macro " + macro.source() + " stands inside a quoted identifier");
        default:
          return Place.COMMENT;
      }
    }
  }
}
