package io.sluice.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.StatementKind;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TestStatementClassifier {
  private final StatementParser parser = new StatementParser();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "SELECT a FROM t|QUERY|SELECT",
        "SELECT a FROM t ORDER BY a|QUERY|SELECT",
        "WITH w AS (SELECT 1) SELECT * FROM w|QUERY|SELECT",
        "SELECT a FROM t UNION SELECT b FROM u|QUERY|SELECT",
        "SELECT a FROM t INTERSECT SELECT b FROM u|QUERY|SELECT",
        "SELECT a FROM t EXCEPT SELECT b FROM u|QUERY|SELECT",
        "VALUES (1, 2)|QUERY|SELECT",
        "INSERT INTO t SELECT * FROM u|DML|INSERT",
        "UPDATE t SET a = 1|DML|UPDATE",
        "DELETE FROM t WHERE a = 1|DML|DELETE",
        "MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN UPDATE SET b = u.b|DML|MERGE",
        "CREATE TABLE t (a INT)|DDL|CREATE TABLE",
        "SET spark.sql.ansi.enabled = true|SESSION_COMMAND|SET",
        "DESCRIBE t|METADATA_COMMAND|DESCRIBE",
        "DESCRIBE SCHEMA s|METADATA_COMMAND|DESCRIBE",
        "SHOW DATABASES|METADATA_COMMAND|SHOW",
      })
  void classifiesEachKindOfStatement(String sql, StatementKind kind, String name) {
    SqlNode statement = parser.parse(sql);

    assertThat(StatementClassifier.classify(statement)).isEqualTo(kind);
    assertThat(StatementClassifier.statementName(statement)).isEqualTo(name);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"BEGIN|BEGIN", "COMMIT|COMMIT", "DISCARD ALL|DISCARD"})
  void statementsOfNoKnownKindAreRefusedByName(String sql, String name) {
    SqlNode statement = parser.parse(sql);

    assertThatThrownBy(() -> StatementClassifier.classify(statement))
        .isInstanceOfSatisfying(
            SluiceException.class,
            failure -> assertThat(failure.errorCode()).isEqualTo(ErrorCode.UNSUPPORTED_STATEMENT))
        .hasMessage("Cannot run " + name + ": Sluice does not support this statement");
  }
}
