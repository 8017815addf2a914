package io.sluice.planner.parse;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.calcite.config.Lex;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.runtime.CalciteException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.parser.babel.SqlBabelParserImpl;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Parses one statement with Calcite's Babel parser configured as close to Spark SQL as
 * configuration allows: backtick identifiers, case-insensitive names, single- and double-quoted
 * strings, LENIENT conformance (BABEL conformance breaks valid GROUP BY queries in Calcite 1.42).
 *
 * <p>Thread-safe.
 */
public final class StatementParser {
  /** Longest list of expected tokens a syntax error shows; Babel's full list runs to hundreds. */
  private static final int MAXIMUM_EXPECTED_TOKENS = 8;

  private static final Pattern POSITION_SUFFIX =
      Pattern.compile("\\s*at line \\d+, column \\d+\\.?\\s*$");

  private static final SqlParser.Config CONFIG =
      SqlParser.config()
          .withParserFactory(SqlBabelParserImpl.FACTORY)
          .withLex(Lex.BIG_QUERY)
          .withConformance(SqlConformanceEnum.LENIENT);

  /**
   * Parses a statement; one trailing semicolon is allowed.
   *
   * @throws SluiceException with {@link ErrorCode#SYNTAX_ERROR} naming the line and column
   */
  public SqlNode parse(String sql) {
    return parse(stripTrailingSemicolon(sql), "statement", SqlParser::parseStmt);
  }

  /**
   * Parses one expression, such as a policy's row filter; nothing may follow it.
   *
   * @throws SluiceException with {@link ErrorCode#SYNTAX_ERROR} naming the line and column
   */
  public SqlNode parseExpression(String sql) {
    return parse(sql, "expression", SqlParser::parseExpression);
  }

  private static SqlNode parse(String sql, String what, ParserCall call) {
    String text = SparkLexicalForms.toCalcite(sql);
    if (text.isBlank()) {
      throw new SluiceException(
          ErrorCode.SYNTAX_ERROR, "Cannot parse " + what + ": the " + what + " is empty");
    }
    try {
      return call.parse(SqlParser.create(text, CONFIG));
    } catch (SqlParseException e) {
      throw syntaxError(e.getMessage(), e.getPos(), e);
    } catch (CalciteContextException e) {
      throw syntaxError(
          e.getMessage(),
          new SqlParserPos(
              e.getPosLine(), e.getPosColumn(), e.getEndPosLine(), e.getEndPosColumn()),
          e);
    } catch (CalciteException e) {
      throw syntaxError(e.getMessage(), null, e);
    }
  }

  /** One parse of Calcite's parser: a statement or an expression. */
  @FunctionalInterface
  private interface ParserCall {
    SqlNode parse(SqlParser parser) throws SqlParseException;
  }

  /** Removes one trailing semicolon (and the white space around it) that clients often send. */
  static String stripTrailingSemicolon(String sql) {
    int end = sql.length();
    while (end > 0 && Character.isWhitespace(sql.charAt(end - 1))) {
      end--;
    }
    return end > 0 && sql.charAt(end - 1) == ';' ? sql.substring(0, end - 1) : sql;
  }

  private static SluiceException syntaxError(
      String parserMessage, SqlParserPos position, Exception cause) {
    List<String> lines = parserMessage == null ? List.of() : parserMessage.lines().toList();
    String reason = lines.isEmpty() ? "the statement is not valid SQL" : lines.get(0).strip();
    reason = POSITION_SUFFIX.matcher(reason).replaceFirst("");
    if (reason.endsWith(".")) {
      reason = reason.substring(0, reason.length() - 1);
    }
    StringBuilder message = new StringBuilder("Cannot parse statement: ").append(reason);
    if (position != null && position.getLineNum() > 0) {
      message
          .append(" at line ")
          .append(position.getLineNum())
          .append(", column ")
          .append(position.getColumnNum());
    }
    List<String> expected = expectedTokens(lines);
    if (!expected.isEmpty()) {
      message.append(". Was expecting one of: ");
      message.append(
          String.join(
              ", ", expected.subList(0, Math.min(expected.size(), MAXIMUM_EXPECTED_TOKENS))));
      if (expected.size() > MAXIMUM_EXPECTED_TOKENS) {
        message.append(", ...");
      }
    }
    return new SluiceException(ErrorCode.SYNTAX_ERROR, message.toString(), cause);
  }

  /** The tokens JavaCC lists after "Was expecting one of:", one per line, first token only. */
  private static List<String> expectedTokens(List<String> lines) {
    Set<String> tokens = new LinkedHashSet<>();
    boolean inList = false;
    for (String line : lines) {
      String stripped = line.strip();
      if (stripped.startsWith("Was expecting")) {
        inList = true;
        continue;
      }
      if (inList && !stripped.isEmpty()) {
        int space = stripped.indexOf(' ');
        tokens.add(space < 0 ? stripped : stripped.substring(0, space));
      }
    }
    return new ArrayList<>(tokens);
  }
}
