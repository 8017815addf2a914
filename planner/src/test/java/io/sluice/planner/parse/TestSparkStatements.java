package io.sluice.planner.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.planner.unparse.SparkParser;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every form of Spark statement the grammar adds parses, and unparses into SQL that Spark's own
 * parser (with Iceberg's extensions, as the engine runs it) reads into the same plan as the
 * client's text.
 */
class TestSparkStatements {
  static final List<String> STATEMENTS =
      List.of(
          "SHOW CATALOGS",
          "SHOW DATABASES",
          "show schemas like 'tp*'",
          "SHOW NAMESPACES IN lakehouse",
          "SHOW TABLES",
          "SHOW TABLES IN tpch LIKE 'n*|r*'",
          "show tables from lakehouse.tpch 'ord*'",
          "SHOW TABLE EXTENDED IN tpch LIKE '*'",
          "SHOW VIEWS IN tpch",
          "SHOW FUNCTIONS",
          "SHOW USER FUNCTIONS LIKE 'my*'",
          "SHOW COLUMNS IN nation",
          "SHOW COLUMNS FROM nation IN tpch",
          "SHOW TBLPROPERTIES tpch.nation",
          "SHOW TBLPROPERTIES tpch.nation ('format-version')",
          "SHOW CREATE TABLE tpch.nation",
          "SHOW PARTITIONS tpch.orders",
          "SHOW CURRENT NAMESPACE",
          "DESCRIBE nation",
          "DESC TABLE EXTENDED tpch.nation",
          "describe formatted nation n_name",
          "DESCRIBE QUERY SELECT n_name FROM nation",
          "DESCRIBE DATABASE EXTENDED tpch",
          "DESCRIBE FUNCTION EXTENDED upper",
          "USE tpch",
          "USE lakehouse.tpch",
          "USE NAMESPACE lakehouse.tpch",
          "USE default",
          "USE lakehouse.default",
          "SHOW TABLES IN default",
          "SET",
          "SET -v",
          "SET spark.sql.shuffle.partitions",
          "set spark.sql.shuffle.partitions=4",
          "SET hive.exec.dynamic.partition.mode = nonstrict",
          "RESET",
          "RESET spark.sql.shuffle.partitions",
          "CREATE SCHEMA IF NOT EXISTS lakehouse.corpus",
          "CREATE DATABASE d COMMENT 'scratch' LOCATION '/tmp/d' WITH DBPROPERTIES ('purpose' = 'scratch')",
          "DROP SCHEMA IF EXISTS corpus CASCADE",
          "DROP DATABASE d RESTRICT",
          "ALTER DATABASE lakehouse.corpus SET DBPROPERTIES ('owner.team' = 'data', 'p' = 'c')",
          "ALTER SCHEMA corpus SET PROPERTIES ('k' = 'v')",
          "ALTER NAMESPACE a.b SET LOCATION '/warehouse/a/b'",
          "CREATE TABLE t (id BIGINT NOT NULL COMMENT 'key', s STRING, d DECIMAL(15, 2),"
              + " a ARRAY<INT>, m MAP<STRING, BIGINT>, st STRUCT<x: INT, `y z`: STRING>, ts TIMESTAMP,"
              + " dt DATE) USING iceberg PARTITIONED BY (days(ts), bucket(16, id), truncate(4, s))"
              + " COMMENT 'a table' TBLPROPERTIES ('format-version' = '2', write.format.default ="
              + " 'parquet')",
          "CREATE TABLE IF NOT EXISTS t2 (id INT) USING parquet CLUSTERED BY (id) SORTED BY (id)"
              + " INTO 4 BUCKETS LOCATION '/tmp/t2' OPTIONS (compression = 'zstd')",
          "create or replace table corpus.by_status using iceberg as select o_orderstatus, count(*)"
              + " as n from tpch.orders group by o_orderstatus",
          "CREATE TABLE t3 USING iceberg PARTITIONED BY (years(d), months(d), hours(ts)) AS SELECT"
              + " * FROM src",
          "REPLACE TABLE t USING iceberg AS SELECT 1 AS id",
          "DROP TABLE t",
          "DROP TABLE IF EXISTS corpus.t PURGE",
          "DROP VIEW IF EXISTS v",
          "TRUNCATE TABLE t",
          "ALTER TABLE t ADD COLUMNS (c1 INT COMMENT 'one', c2 STRING)",
          "ALTER TABLE t ADD COLUMN c3 DOUBLE",
          "ALTER TABLE t ADD COLUMN device.locale STRING",
          "ALTER TABLE t ADD COLUMNS (s STRING COMMENT 'web' AFTER c1, score DOUBLE FIRST)",
          "ALTER TABLE t RENAME TO t_old",
          "ALTER TABLE t RENAME COLUMN c1 TO c_one",
          "ALTER TABLE t ALTER COLUMN c1 TYPE BIGINT",
          "ALTER TABLE t ALTER COLUMN c1 COMMENT 'the first'",
          "ALTER TABLE t ALTER COLUMN c1 FIRST",
          "ALTER TABLE t ALTER COLUMN c1 AFTER c2",
          "ALTER TABLE t ALTER COLUMN c1 DROP NOT NULL",
          "ALTER TABLE t CHANGE COLUMN c1 c1 BIGINT COMMENT 'widened'",
          "ALTER TABLE t DROP COLUMN c3",
          "ALTER TABLE t DROP COLUMNS (c1, c2)",
          "ALTER TABLE t SET TBLPROPERTIES ('read.split.target-size' = '134217728')",
          "ALTER TABLE t UNSET TBLPROPERTIES IF EXISTS ('comment')",
          "ALTER TABLE t ADD PARTITION FIELD bucket(8, id) AS shard",
          "ALTER TABLE t DROP PARTITION FIELD shard",
          "ALTER TABLE t REPLACE PARTITION FIELD days(ts) WITH hours(ts)",
          "ALTER TABLE t WRITE ORDERED BY id ASC NULLS LAST, s DESC",
          "ALTER TABLE t WRITE LOCALLY ORDERED BY id",
          "ALTER TABLE t WRITE DISTRIBUTED BY PARTITION LOCALLY ORDERED BY id",
          "ALTER TABLE t WRITE UNORDERED",
          "ALTER TABLE t SET IDENTIFIER FIELDS id",
          "ALTER TABLE t DROP IDENTIFIER FIELDS id",
          "ALTER TABLE t CREATE BRANCH IF NOT EXISTS audit RETAIN 7 DAYS",
          "ALTER TABLE t CREATE OR REPLACE BRANCH `Audit-2` AS OF VERSION 1234 RETAIN 30 DAYS"
              + " WITH SNAPSHOT RETENTION 3 SNAPSHOTS 2 DAYS",
          "ALTER TABLE t REPLACE TAG loaded AS OF VERSION 4567 RETAIN 60 DAYS",
          "ALTER TABLE t CREATE TAG loaded",
          "ALTER TABLE t DROP BRANCH IF EXISTS audit",
          "ALTER TABLE t DROP TAG loaded",
          "CREATE VIEW v AS SELECT n_name FROM nation",
          "CREATE OR REPLACE VIEW v (name COMMENT 'nation', key) COMMENT 'nations'"
              + " TBLPROPERTIES ('owner' = 'dbt') AS SELECT n_name, n_nationkey FROM nation",
          "CREATE TEMPORARY VIEW tv AS SELECT 1 AS one",
          "CREATE OR REPLACE GLOBAL TEMPORARY VIEW gv AS SELECT 1 AS one",
          "ALTER VIEW v AS SELECT n_name FROM nation WHERE n_regionkey = 1",
          "INSERT INTO TABLE t SELECT * FROM src",
          "INSERT OVERWRITE TABLE t SELECT * FROM src",
          "INSERT OVERWRITE t PARTITION (dt = '2024-01-01') SELECT id, s FROM src",
          "INSERT INTO t PARTITION (dt) (id, dt) SELECT id, dt FROM src",
          "insert into t values (1, 'a'), (2, 'b')",
          "MERGE INTO t USING src ON t.id = src.id WHEN MATCHED THEN UPDATE SET *"
              + " WHEN NOT MATCHED THEN INSERT *",
          "MERGE INTO t AS dst USING (SELECT * FROM src) AS s ON dst.id = s.id"
              + " WHEN MATCHED AND s.op = 'd' THEN DELETE"
              + " WHEN MATCHED THEN UPDATE SET dst.v = s.v"
              + " WHEN NOT MATCHED AND s.op <> 'd' THEN INSERT (id, v) VALUES (s.id, s.v)"
              + " WHEN NOT MATCHED BY SOURCE THEN DELETE",
          "CACHE TABLE nation",
          "CACHE LAZY TABLE hot OPTIONS ('storageLevel' = 'DISK_ONLY') AS SELECT * FROM nation",
          "UNCACHE TABLE IF EXISTS hot",
          "CLEAR CACHE",
          "REFRESH TABLE tpch.nation",
          "REFRESH FUNCTION f",
          "REFRESH '/tmp/path'",
          "ANALYZE TABLE nation COMPUTE STATISTICS",
          "ANALYZE TABLE nation COMPUTE STATISTICS NOSCAN",
          "ANALYZE TABLE nation COMPUTE STATISTICS FOR COLUMNS n_name, n_regionkey",
          "ANALYZE TABLE nation COMPUTE STATISTICS FOR ALL COLUMNS",
          "ANALYZE TABLES IN tpch COMPUTE STATISTICS NOSCAN",
          "EXPLAIN SELECT * FROM nation",
          "EXPLAIN EXTENDED SELECT n_name FROM nation WHERE n_nationkey = 1",
          "EXPLAIN FORMATTED INSERT INTO t SELECT * FROM src",
          "CALL lakehouse.system.rollback_to_snapshot('tpch.nation', 1)",
          "CALL lakehouse.system.expire_snapshots(table => 'tpch.nation', retain_last => 5)",
          "CALL lakehouse.system.rewrite_data_files(table => 'tpch.orders', strategy => 'sort',"
              + " sort_order => 'o_orderdate DESC', where => 'o_orderkey > 10')");

  private final StatementParser parser = new StatementParser();

  @Test
  void everyFormUnparsesIntoTheSamePlanForSpark(@TempDir Path directory) throws Exception {
    List<Path> pairs = new ArrayList<>();
    Map<String, String> parseFailures = new LinkedHashMap<>();
    for (int index = 0; index < STATEMENTS.size(); index++) {
      String sql = STATEMENTS.get(index);
      String unparsed;
      try {
        unparsed = SparkSqlUnparser.unparse(parser.parse(sql));
      } catch (SluiceException failure) {
        parseFailures.put(sql, failure.getMessage());
        continue;
      }
      Path original = directory.resolve("statement-" + index + ".sql");
      Path printed = directory.resolve("statement-" + index + "-unparsed.sql");
      Files.writeString(original, sql);
      Files.writeString(printed, unparsed);
      pairs.add(original);
      pairs.add(printed);
    }

    assertThat(parseFailures).as("statements Sluice cannot parse").isEmpty();
    Map<Path, String> differences = SparkParser.planDifferences(pairs);

    assertThat(differences).as("statements whose unparsed form Spark reads differently").isEmpty();
  }
}
