package io.sluice.planner.parse;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Recognizes {@code USE} before the SQL parser sees a statement: neither Calcite grammar has it,
 * and every HiveServer2 client sends one on connect. The recognizer is strict: a statement that
 * starts with the word USE must be exactly {@code USE [DATABASE | SCHEMA | NAMESPACE]
 * [catalog.]schema} with an optional semicolon, identifiers plain or in backticks (a backtick
 * inside written twice), white space and comments anywhere between tokens.
 */
public final class UseStatementRecognizer {
  private static final Set<String> NAMESPACE_KEYWORDS = Set.of("database", "schema", "namespace");
  private static final String USAGE = "write USE schema or USE catalog.schema";

  private final String sql;
  private int index;

  private UseStatementRecognizer(String sql) {
    this.sql = sql;
  }

  /**
   * The USE statement the text is, or empty when it does not start with the word USE.
   *
   * @throws SluiceException with {@link ErrorCode#SYNTAX_ERROR} when it starts with USE but is not
   *     a valid USE statement
   */
  public static Optional<UseStatement> recognize(String sql) {
    return new UseStatementRecognizer(sql).recognize();
  }

  private Optional<UseStatement> recognize() {
    skipSpaceAndComments();
    int start = index;
    while (index < sql.length() && isIdentifierCharacter(sql.charAt(index))) {
      index++;
    }
    if (!sql.substring(start, index).equalsIgnoreCase("use")) {
      return Optional.empty();
    }
    skipSpaceAndComments();
    boolean namespaceKeyword = false;
    int nameStart = index;
    Identifier first = identifier();
    int afterFirst = index;
    if (!first.quoted() && NAMESPACE_KEYWORDS.contains(first.name().toLowerCase(Locale.ROOT))) {
      skipSpaceAndComments();
      if (index < sql.length()
          && (isIdentifierCharacter(sql.charAt(index)) || sql.charAt(index) == '`')) {
        namespaceKeyword = true;
        nameStart = index;
        first = identifier();
      } else {
        index = afterFirst;
      }
    }
    List<String> parts = new ArrayList<>();
    parts.add(first.name());
    while (true) {
      skipSpaceAndComments();
      if (index >= sql.length() || sql.charAt(index) != '.') {
        break;
      }
      index++;
      skipSpaceAndComments();
      parts.add(identifier().name());
    }
    if (parts.size() > 2) {
      throw error(
          "'"
              + String.join(".", parts)
              + "' has "
              + parts.size()
              + " name parts but schemas have one level",
          nameStart);
    }
    if (index < sql.length() && sql.charAt(index) == ';') {
      index++;
      skipSpaceAndComments();
    }
    if (index < sql.length()) {
      throw error("unexpected '" + sql.charAt(index) + "' after the schema name", index);
    }
    return Optional.of(new UseStatement(parts, namespaceKeyword));
  }

  private Identifier identifier() {
    int start = index;
    if (index < sql.length() && sql.charAt(index) == '`') {
      StringBuilder name = new StringBuilder();
      index++;
      while (true) {
        if (index >= sql.length()) {
          throw error("the quoted name is not closed with a backtick", start);
        }
        char current = sql.charAt(index++);
        if (current != '`') {
          name.append(current);
        } else if (index < sql.length() && sql.charAt(index) == '`') {
          name.append('`');
          index++;
        } else {
          break;
        }
      }
      if (name.isEmpty()) {
        throw error("the quoted name is empty", start);
      }
      return new Identifier(name.toString(), true);
    }
    while (index < sql.length() && isIdentifierCharacter(sql.charAt(index))) {
      index++;
    }
    if (index == start) {
      throw error(
          index < sql.length()
              ? "expected a name but found '" + sql.charAt(index) + "'"
              : "expected a name",
          start);
    }
    return new Identifier(sql.substring(start, index), false);
  }

  private void skipSpaceAndComments() {
    while (index < sql.length()) {
      char current = sql.charAt(index);
      if (Character.isWhitespace(current)) {
        index++;
      } else if (sql.startsWith("--", index)) {
        int end = sql.indexOf('\n', index);
        index = end < 0 ? sql.length() : end + 1;
      } else if (sql.startsWith("/*", index)) {
        int end = sql.indexOf("*/", index + 2);
        index = end < 0 ? sql.length() : end + 2;
      } else {
        return;
      }
    }
  }

  private SluiceException error(String reason, int offset) {
    return new SluiceException(
        ErrorCode.SYNTAX_ERROR,
        "Cannot parse USE statement: "
            + reason
            + " at "
            + TextPositions.describe(sql, offset)
            + "; "
            + USAGE);
  }

  private static boolean isIdentifierCharacter(char character) {
    return Character.isLetterOrDigit(character) || character == '_';
  }

  private record Identifier(String name, boolean quoted) {}
}
