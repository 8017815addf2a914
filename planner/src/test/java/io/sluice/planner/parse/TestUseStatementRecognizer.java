package io.sluice.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TestUseStatementRecognizer {
  @ParameterizedTest
  @ValueSource(
      strings = {"SELECT 1", "user_table", "useful", "", "  -- USE x", "UPDATE t SET a = 1"})
  void otherStatementsAreNotUse(String sql) {
    assertThat(UseStatementRecognizer.recognize(sql)).isEmpty();
  }

  @Test
  void recognizesASchemaName() {
    assertThat(UseStatementRecognizer.recognize("USE tpch"))
        .hasValue(new UseStatement(List.of("tpch"), false));
  }

  @Test
  void recognizesCatalogAndSchemaWithSpacesCommentsAndSemicolon() {
    assertThat(UseStatementRecognizer.recognize(" /* dbt */ use lakehouse . tpch ; -- done\n"))
        .hasValue(new UseStatement(List.of("lakehouse", "tpch"), false));
  }

  @Test
  void recognizesBackquotedNamesWithDoubledBackticks() {
    assertThat(UseStatementRecognizer.recognize("USE `my lake`.`odd``name`"))
        .hasValue(new UseStatement(List.of("my lake", "odd`name"), false));
  }

  @ParameterizedTest
  @ValueSource(strings = {"DATABASE", "schema", "Namespace"})
  void recognizesNamespaceKeywords(String keyword) {
    assertThat(UseStatementRecognizer.recognize("USE " + keyword + " lakehouse.tpch"))
        .hasValue(new UseStatement(List.of("lakehouse", "tpch"), true));
  }

  @Test
  void keywordAloneIsASchemaName() {
    assertThat(UseStatementRecognizer.recognize("USE database"))
        .hasValue(new UseStatement(List.of("database"), false));
  }

  @Test
  void quotedKeywordIsAName() {
    assertThatThrownBy(() -> UseStatementRecognizer.recognize("USE `schema` tpch"))
        .hasMessageContaining("unexpected 't' after the schema name at line 1, column 14");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "USE|expected a name at line 1, column 4",
        "USE tpch extra|unexpected 'e' after the schema name at line 1, column 10",
        "USE tpch;;|unexpected ';' after the schema name at line 1, column 10",
        "USE tpch.|expected a name at line 1, column 10",
        "USE a.b.c|'a.b.c' has 3 name parts but schemas have one level at line 1, column 5",
        "USE `tpch|the quoted name is not closed with a backtick at line 1, column 5",
        "USE ``|the quoted name is empty at line 1, column 5",
        "USE 'tpch'|expected a name but found ''' at line 1, column 5",
      })
  void malformedUseIsASyntaxError(String sql, String reason) {
    assertThatThrownBy(() -> UseStatementRecognizer.recognize(sql))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR))
        .hasMessage(
            "Cannot parse USE statement: " + reason + "; write USE schema or USE catalog.schema");
  }

  @Test
  void positionsCountLines() {
    assertThatThrownBy(() -> UseStatementRecognizer.recognize("USE\n  tpch\n  extra"))
        .hasMessageContaining("at line 3, column 3");
  }
}
