package io.sluice.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.planner.StatementKind;
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
        "DESCRIBE t|METADATA_COMMAND|DESCRIBE TABLE",
        "DESC FORMATTED t a|METADATA_COMMAND|DESCRIBE TABLE",
        "DESCRIBE QUERY SELECT 1|METADATA_COMMAND|DESCRIBE QUERY",
        "DESCRIBE SCHEMA s|METADATA_COMMAND|DESCRIBE SCHEMA",
        "SHOW DATABASES|METADATA_COMMAND|SHOW DATABASES",
        "SHOW TABLES IN tpch LIKE 'n*'|METADATA_COMMAND|SHOW TABLES",
        "SHOW TBLPROPERTIES t|METADATA_COMMAND|SHOW TBLPROPERTIES",
        "USE tpch|SESSION_COMMAND|USE",
        "RESET|SESSION_COMMAND|RESET",
        "INSERT INTO TABLE t SELECT * FROM u|DML|INSERT",
        "INSERT OVERWRITE t SELECT * FROM u|DML|INSERT",
        "TRUNCATE TABLE t|DML|TRUNCATE TABLE",
        "MERGE INTO t USING u ON t.a = u.a WHEN MATCHED THEN UPDATE SET *|DML|MERGE",
        "CREATE OR REPLACE TABLE t USING iceberg AS SELECT 1|DDL|CREATE OR REPLACE TABLE AS SELECT",
        "CREATE VIEW v AS SELECT 1|DDL|CREATE VIEW",
        "DROP TABLE IF EXISTS t|DDL|DROP TABLE",
        "ALTER TABLE t ADD COLUMNS (b STRING)|DDL|ALTER TABLE",
        "CREATE SCHEMA IF NOT EXISTS s|DDL|CREATE SCHEMA",
        "DROP DATABASE s CASCADE|DDL|DROP DATABASE",
        "CACHE TABLE t|ENGINE_COMMAND|CACHE TABLE",
        "CLEAR CACHE|ENGINE_COMMAND|CLEAR CACHE",
        "REFRESH TABLE t|ENGINE_COMMAND|REFRESH TABLE",
        "ANALYZE TABLE t COMPUTE STATISTICS|ENGINE_COMMAND|ANALYZE TABLE",
        "CALL lakehouse.system.expire_snapshots(table => 'tpch.t')|ENGINE_COMMAND|CALL",
        "EXPLAIN EXTENDED SELECT 1|QUERY|EXPLAIN",
      })
  void classifiesEachKindOfStatement(String sql, StatementKind kind, String name) {
    SqlNode statement = parser.parse(sql);

    assertThat(StatementClassifier.classify(statement)).isEqualTo(kind);
    assertThat(StatementClassifier.statementName(statement)).isEqualTo(name);
  }
}
