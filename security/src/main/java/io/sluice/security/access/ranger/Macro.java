package io.sluice.security.access.ranger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One {@code ${{...}}} macro of Ranger's list, parsed when the policies load and evaluated from the
 * identity on each request. Ranger hands these to a JavaScript engine, which would let a policy
 * author run any Java in the gateway; Sluice reads only the user, group and role macros below and
 * refuses everything else.
 *
 * <p>Supported, with Ranger's meaning (Ranger 2.9, {@code RangerRequestScriptEvaluator}):
 *
 * <ul>
 *   <li>{@code USER._name}, {@code USER.<attribute>}, {@code USER['<attribute>']}
 *   <li>{@code UGNAMES}, {@code URNAMES} (comma-joined), {@code UG.<group>._name}, {@code
 *       UGA.sVal.<attribute>}, {@code UGA.mVal.<attribute>}
 *   <li>{@code UG_NAMES_CSV}, {@code UG_NAMES_Q_CSV}, {@code UR_NAMES_CSV}, {@code UR_NAMES_Q_CSV},
 *       {@code USER_ATTR_NAMES_CSV}, {@code USER_ATTR_NAMES_Q_CSV}, {@code UG_ATTR_NAMES_CSV},
 *       {@code UG_ATTR_NAMES_Q_CSV}
 *   <li>{@code GET_UG_NAMES[_Q](default, separator[, openQuote, closeQuote])}, likewise {@code
 *       GET_UR_NAMES}, {@code GET_USER_ATTR_NAMES}, {@code GET_UG_ATTR_NAMES}; {@code
 *       GET_USER_ATTR[_Q]('attr', default, separator, ...)}, {@code GET_UG_ATTR[_Q](...)}, {@code
 *       GET_UG_ATTR_CSV('attr')}, {@code GET_UG_ATTR_Q_CSV('attr')}
 *   <li>{@code IS_IN_GROUP('g')}, {@code IS_IN_ROLE('r')}, {@code IS_IN_ANY_GROUP}, {@code
 *       IS_IN_ANY_ROLE}, {@code IS_NOT_IN_ANY_GROUP}, {@code IS_NOT_IN_ANY_ROLE}, {@code
 *       HAS_USER_ATTR('a')}, {@code HAS_UG_ATTR('a')}
 * </ul>
 *
 * <p>Refused: tag macros (Sluice has no tag source), {@code REQ}, {@code RES}, {@code ctx}, access
 * time macros, and any other script.
 */
final class Macro {
  static final String NAME_FIELD = "_name";

  private static final Set<String> TAG_NAMES =
      Set.of("TAG", "TAGS", "TAGNAMES", "HAS_TAG", "HAS_ANY_TAG", "HAS_NO_TAG", "HAS_TAG_ATTR");

  private final String source;
  private final Function<MacroSubject, MacroValue> evaluation;
  private final boolean quotedList;

  private Macro(String source, Function<MacroSubject, MacroValue> evaluation, boolean quotedList) {
    this.source = source;
    this.evaluation = evaluation;
    this.quotedList = quotedList;
  }

  /**
   * Parses the text between {@code ${{} and {@code }}}.
   *
   * @throws UnsupportedMacroException when it is not one of the macros Sluice resolves
   */
  static Macro parse(String source) throws UnsupportedMacroException {
    return new Parser(source).parse();
  }

  /** The macro as the policy wrote it, for messages. */
  String source() {
    return "${{" + source + "}}";
  }

  /** Whether it evaluates to a list of literals, which cannot stand inside a literal. */
  boolean isQuotedList() {
    return quotedList;
  }

  MacroValue evaluate(MacroSubject subject) {
    return evaluation.apply(subject);
  }

  /** The text of a macro that Sluice does not resolve, and why. */
  static final class UnsupportedMacroException extends Exception {
    UnsupportedMacroException(String message) {
      super(message);
    }
  }

  private static List<String> userAttributeNames(MacroSubject subject) {
    return subject.attributes().keySet().stream()
        .filter(name -> !name.equals(NAME_FIELD))
        .sorted()
        .toList();
  }

  private static List<String> userAttribute(MacroSubject subject, String attribute) {
    String value = userAttributeValue(subject, attribute);
    return value == null ? List.of() : List.of(value);
  }

  private static String userAttributeValue(MacroSubject subject, String attribute) {
    return attribute.equals(NAME_FIELD) ? subject.user() : subject.attributes().get(attribute);
  }

  /** The attribute's values over the user's groups, in group order (Ranger's {@code ugAttr}). */
  private static List<String> groupAttribute(MacroSubject subject, String attribute) {
    List<String> values = new ArrayList<>();
    for (String group : subject.groups()) {
      String value = subject.groupAttribute(group, attribute);
      if (value != null) {
        values.add(value);
      }
    }
    return values;
  }

  /** Group attribute names without {@code _name}: none, as groups carry no attributes in Sluice. */
  private static List<String> groupAttributeNames(MacroSubject subject) {
    return List.of();
  }

  private static final class Parser {
    private final String source;
    private int position;

    Parser(String source) {
      this.source = source;
    }

    Macro parse() throws UnsupportedMacroException {
      String root = identifier();
      skipSpace();
      if (peek() == '(') {
        position++;
        List<String> arguments = arguments();
        end();
        return call(root, arguments);
      }
      List<String> path = new ArrayList<>();
      while (true) {
        skipSpace();
        if (peek() == '.') {
          position++;
          path.add(identifier());
        } else if (peek() == '[') {
          position++;
          skipSpace();
          String key = stringLiteral();
          skipSpace();
          expect(']');
          path.add(key);
        } else {
          break;
        }
      }
      end();
      return path.isEmpty() ? constant(root) : path(root, path);
    }

    private Macro constant(String name) throws UnsupportedMacroException {
      return switch (name) {
        case "UGNAMES", "UG_NAMES_CSV" -> joined(MacroSubject::groups);
        case "URNAMES", "UR_NAMES_CSV" -> joined(MacroSubject::roles);
        case "UG_NAMES_Q_CSV" -> quoted(MacroSubject::groups);
        case "UR_NAMES_Q_CSV" -> quoted(MacroSubject::roles);
        case "USER_ATTR_NAMES_CSV" -> joined(Macro::userAttributeNames);
        case "USER_ATTR_NAMES_Q_CSV" -> quoted(Macro::userAttributeNames);
        case "UG_ATTR_NAMES_CSV" -> joined(Macro::groupAttributeNames);
        case "UG_ATTR_NAMES_Q_CSV" -> quoted(Macro::groupAttributeNames);
        case "IS_IN_ANY_GROUP" -> bool(subject -> !subject.groups().isEmpty());
        case "IS_IN_ANY_ROLE" -> bool(subject -> !subject.roles().isEmpty());
        case "IS_NOT_IN_ANY_GROUP" -> bool(subject -> subject.groups().isEmpty());
        case "IS_NOT_IN_ANY_ROLE" -> bool(subject -> subject.roles().isEmpty());
        default -> throw unsupported(name);
      };
    }

    private Macro path(String root, List<String> path) throws UnsupportedMacroException {
      if (root.equals("USER") && path.size() == 1) {
        String attribute = path.get(0);
        return text(subject -> userAttributeValue(subject, attribute));
      }
      if (root.equals("UG") && path.size() == 2) {
        String group = path.get(0);
        String attribute = path.get(1);
        return text(subject -> subject.groupAttribute(group, attribute));
      }
      if (root.equals("UGA") && path.size() == 2 && path.get(0).equals("sVal")) {
        String attribute = path.get(1);
        return text(
            subject -> {
              List<String> values = groupAttribute(subject, attribute);
              return values.isEmpty() ? null : values.get(0);
            });
      }
      if (root.equals("UGA") && path.size() == 2 && path.get(0).equals("mVal")) {
        String attribute = path.get(1);
        return joined(subject -> groupAttribute(subject, attribute));
      }
      throw unsupported(root);
    }

    private Macro call(String name, List<String> arguments) throws UnsupportedMacroException {
      return switch (name) {
        case "GET_UG_NAMES" -> list(MacroSubject::groups, arguments, 0, false);
        case "GET_UG_NAMES_Q" -> list(MacroSubject::groups, arguments, 0, true);
        case "GET_UR_NAMES" -> list(MacroSubject::roles, arguments, 0, false);
        case "GET_UR_NAMES_Q" -> list(MacroSubject::roles, arguments, 0, true);
        case "GET_USER_ATTR_NAMES" -> list(Macro::userAttributeNames, arguments, 0, false);
        case "GET_USER_ATTR_NAMES_Q" -> list(Macro::userAttributeNames, arguments, 0, true);
        case "GET_UG_ATTR_NAMES" -> list(Macro::groupAttributeNames, arguments, 0, false);
        case "GET_UG_ATTR_NAMES_Q" -> list(Macro::groupAttributeNames, arguments, 0, true);
        case "GET_USER_ATTR" -> {
          String attribute = name(name, arguments);
          yield list(subject -> userAttribute(subject, attribute), arguments, 1, false);
        }
        case "GET_USER_ATTR_Q" -> {
          String attribute = name(name, arguments);
          yield list(subject -> userAttribute(subject, attribute), arguments, 1, true);
        }
        case "GET_UG_ATTR" -> {
          String attribute = name(name, arguments);
          yield list(subject -> groupAttribute(subject, attribute), arguments, 1, false);
        }
        case "GET_UG_ATTR_Q" -> {
          String attribute = name(name, arguments);
          yield list(subject -> groupAttribute(subject, attribute), arguments, 1, true);
        }
        case "GET_UG_ATTR_CSV" -> {
          String attribute = name(name, arguments);
          yield joined(subject -> groupAttribute(subject, attribute));
        }
        case "GET_UG_ATTR_Q_CSV" -> {
          String attribute = name(name, arguments);
          yield quoted(subject -> groupAttribute(subject, attribute));
        }
        case "IS_IN_GROUP" -> {
          String group = name(name, arguments);
          yield bool(subject -> subject.groups().contains(group));
        }
        case "IS_IN_ROLE" -> {
          String role = name(name, arguments);
          yield bool(subject -> subject.roles().contains(role));
        }
        case "HAS_USER_ATTR" -> {
          String attribute = name(name, arguments);
          yield bool(subject -> userAttributeValue(subject, attribute) != null);
        }
        case "HAS_UG_ATTR" -> {
          String attribute = name(name, arguments);
          yield bool(subject -> !groupAttribute(subject, attribute).isEmpty());
        }
        default -> throw unsupported(name);
      };
    }

    /**
     * A list macro with Ranger's optional arguments from {@code offset}: default value, separator
     * ({@code ","} when absent, none when {@code null}) and, for the quoted kinds, the open and
     * close quotes ({@code '} when absent, none when {@code null}).
     */
    private Macro list(
        Function<MacroSubject, Collection<String>> values,
        List<String> arguments,
        int offset,
        boolean quotedKind)
        throws UnsupportedMacroException {
      String defaultValue = argument(arguments, offset, null);
      String separator = argument(arguments, offset + 1, ",");
      if (!quotedKind) {
        return joined(values, separator, defaultValue);
      }
      String open = argument(arguments, offset + 2, "'");
      String close =
          arguments.size() > offset + 3 && arguments.get(offset + 3) != null
              ? arguments.get(offset + 3)
              : open;
      if (open.isEmpty() && close.isEmpty()) {
        return joined(values, separator, defaultValue);
      }
      if (!open.equals(close) || !(open.equals("'") || open.equals("\""))) {
        throw new UnsupportedMacroException(
            "quotes other than ' or \" (" + open + "..." + close + ") would not make SQL literals");
      }
      char quote = open.charAt(0);
      return new Macro(
          source,
          subject ->
              new MacroValue.QuotedList(
                  List.copyOf(values.apply(subject)), separator, defaultValue, quote),
          true);
    }

    /** Ranger's rule: an absent argument takes the default, an explicit null the empty string. */
    private static String argument(List<String> arguments, int index, String absent) {
      if (arguments.size() <= index) {
        return absent;
      }
      String value = arguments.get(index);
      return value == null ? (absent == null ? null : "") : value;
    }

    private String name(String function, List<String> arguments) throws UnsupportedMacroException {
      if (arguments.isEmpty() || arguments.get(0) == null) {
        throw new UnsupportedMacroException(function + " needs a name as its first argument");
      }
      return arguments.get(0);
    }

    private Macro text(Function<MacroSubject, String> value) {
      return new Macro(source, subject -> new MacroValue.Text(value.apply(subject)), false);
    }

    private Macro joined(Function<MacroSubject, ? extends Collection<String>> values) {
      return joined(values, ",", null);
    }

    private Macro joined(
        Function<MacroSubject, ? extends Collection<String>> values,
        String separator,
        String defaultValue) {
      return new Macro(
          source,
          subject ->
              new MacroValue.Joined(List.copyOf(values.apply(subject)), separator, defaultValue),
          false);
    }

    private Macro quoted(Function<MacroSubject, ? extends Collection<String>> values) {
      return new Macro(
          source,
          subject -> new MacroValue.QuotedList(List.copyOf(values.apply(subject)), ",", null, '\''),
          true);
    }

    private Macro bool(Function<MacroSubject, Boolean> value) {
      return new Macro(source, subject -> new MacroValue.Bool(value.apply(subject)), false);
    }

    private UnsupportedMacroException unsupported(String name) {
      if (TAG_NAMES.contains(name) || name.contains("TAG_")) {
        return new UnsupportedMacroException(
            "tag macros are not supported: Sluice has no tag source");
      }
      if (name.startsWith("IS_ACCESS_TIME")) {
        return new UnsupportedMacroException("access time macros are not supported");
      }
      return new UnsupportedMacroException("'" + name + "' is not a macro Sluice resolves");
    }

    private List<String> arguments() throws UnsupportedMacroException {
      List<String> arguments = new ArrayList<>();
      skipSpace();
      if (peek() == ')') {
        position++;
        return arguments;
      }
      while (true) {
        skipSpace();
        if (source.startsWith("null", position)
            && !isIdentifierPart(charAt(position + "null".length()))) {
          position += "null".length();
          arguments.add(null);
        } else {
          arguments.add(stringLiteral());
        }
        skipSpace();
        char next = peek();
        position++;
        if (next == ')') {
          return arguments;
        }
        if (next != ',') {
          throw syntax("',' or ')'");
        }
      }
    }

    private String identifier() throws UnsupportedMacroException {
      skipSpace();
      int start = position;
      if (!Character.isLetter(peek()) && peek() != '_') {
        throw syntax("a name");
      }
      while (isIdentifierPart(peek())) {
        position++;
      }
      return source.substring(start, position);
    }

    /** A JavaScript string literal in single or double quotes, with backslash escapes. */
    private String stringLiteral() throws UnsupportedMacroException {
      char quote = peek();
      if (quote != '\'' && quote != '"') {
        throw syntax("a quoted string or null");
      }
      position++;
      StringBuilder value = new StringBuilder();
      while (position < source.length()) {
        char c = source.charAt(position++);
        if (c == quote) {
          return value.toString();
        }
        if (c == '\\' && position < source.length()) {
          c = source.charAt(position++);
        }
        value.append(c);
      }
      throw syntax("the end of the string");
    }

    private void end() throws UnsupportedMacroException {
      skipSpace();
      if (position != source.length()) {
        throw syntax("the end of the macro");
      }
    }

    private void expect(char c) throws UnsupportedMacroException {
      if (peek() != c) {
        throw syntax("'" + c + "'");
      }
      position++;
    }

    private UnsupportedMacroException syntax(String expected) {
      return new UnsupportedMacroException(
          "expected "
              + expected
              + " at position "
              + (position + 1)
              + ": it is not one of the macros Sluice resolves");
    }

    private void skipSpace() {
      while (position < source.length() && Character.isWhitespace(source.charAt(position))) {
        position++;
      }
    }

    private char peek() {
      return charAt(position);
    }

    private char charAt(int index) {
      return index < source.length() ? source.charAt(index) : '\0';
    }

    private static boolean isIdentifierPart(char c) {
      return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
  }

  @Override
  public String toString() {
    return source();
  }
}
