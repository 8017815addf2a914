package io.sluice.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlSelect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestStatementParser {
  private final StatementParser parser = new StatementParser();

  @Test
  void stripsOneTrailingSemicolon() {
    assertThat(StatementParser.stripTrailingSemicolon("SELECT 1 ; \n")).isEqualTo("SELECT 1 ");
    assertThat(StatementParser.stripTrailingSemicolon("SELECT 1;;")).isEqualTo("SELECT 1;");
    assertThat(StatementParser.stripTrailingSemicolon("SELECT ';'")).isEqualTo("SELECT ';'");
  }

  @Test
  void doubledBacktickIsOneBacktickInsideAnIdentifier() {
    SqlSelect select = (SqlSelect) parser.parse("SELECT `a``b` FROM t");

    assertThat(select.getSelectList()).hasSize(1);
    assertThat(((SqlIdentifier) select.getSelectList().get(0)).names).containsExactly("a`b");
  }

  @Test
  void doubledBackticksInStringsAndCommentsAreLeftAlone() {
    assertThat(SparkLexicalForms.toCalcite("SELECT '``', \"``\" -- ``\n/* `` */ FROM `x``y`"))
        .isEqualTo("SELECT '``', \"``\" -- ``\n/* `` */ FROM `x\\`y`");
    assertThat(SparkLexicalForms.toCalcite("SELECT 'it\\'s ``', `````` FROM t"))
        .isEqualTo("SELECT 'it\\'s ``', `\\`\\`` FROM t");
  }

  @Test
  void parsesSparkStyleStringLiterals() {
    SqlNode statement = parser.parse("SELECT 'it\\'s', \"double\" FROM t");

    assertThat(statement).isInstanceOf(SqlSelect.class);
  }

  @Test
  void syntaxErrorGivesParserMessagePositionAndAShortListOfExpectedTokens() {
    assertThatThrownBy(() -> parser.parse("SELECT a,\n  (b\nFROM t"))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR))
        .hasMessage(
            "Cannot parse statement: Encountered \"FROM\" at line 3, column 1. Was expecting one"
                + " of: \"EXCEPT\", \"FETCH\", \"INTERSECT\", \"LIMIT\", \"OFFSET\", \"ORDER\","
                + " \"MINUS\", \"UNION\", ...")
        .cause()
        .isNotNull();
  }

  @Test
  void longListsOfExpectedTokensAreCut() {
    assertThatThrownBy(() -> parser.parse("SELECT FROM t"))
        .hasMessageStartingWith("Cannot parse statement: ")
        .hasMessageContaining("at line 1, column 8")
        .hasMessageEndingWith(", ...")
        .satisfies(failure -> assertThat(failure.getMessage()).hasSizeLessThan(300));
  }

  @Test
  void emptyStatementIsASyntaxError() {
    assertThatThrownBy(() -> parser.parse("  ; "))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR))
        .hasMessage("Cannot parse statement: the statement is empty");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CREATE FUNCTION f AS 'com.example.F' USING JAR '/tmp/f.jar'|Incorrect syntax near the"
            + " keyword 'CREATE' at line 1, column 1",
        "GRANT SELECT ON t TO u|Incorrect syntax near the keyword 'GRANT' at line 1, column 1",
        "ADD JAR '/tmp/f.jar'|the statement is incomplete, or does not start as a Spark SQL statement that Sluice knows",
        "BEGIN|the statement is incomplete, or does not start as a Spark SQL statement that Sluice knows",
        "COMMIT|the statement is incomplete, or does not start as a Spark SQL statement that Sluice knows"
      })
  void statementsOutsideTheGrammarAreSyntaxErrors(String sql, String reason) {
    assertThatThrownBy(() -> parser.parse(sql))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR))
        .hasMessageStartingWith("Cannot parse statement: " + reason);
  }
}
