package io.sluice.planner.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.planner.parse.StatementClassifier;
import io.sluice.planner.parse.StatementParser;
import io.sluice.planner.unparse.SparkParser;
import io.sluice.planner.unparse.SparkSqlUnparser;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.SqlNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement of the client corpus parses, is classified, and prints back as SQL that Spark's
 * parser reads into the same plan as the client's text; the statements Sluice refuses by design,
 * and those its grammar does not cover yet, are refused with a syntax error, never passed through.
 */
class TestSparkCorpus {
  private final StatementParser parser = new StatementParser();

  @Test
  void corpusHoldsAtLeast150StatementsFromRealClients() {
    List<SparkCorpus.Entry> entries = SparkCorpus.entries();

    assertThat(entries).hasSizeGreaterThanOrEqualTo(150);
    assertThat(entries.stream().map(SparkCorpus.Entry::source))
        .anyMatch(source -> source.startsWith("dbt"))
        .anyMatch(source -> source.startsWith("Beeline"))
        .anyMatch(source -> source.startsWith("Tableau"))
        .anyMatch(source -> source.startsWith("Power BI"))
        .anyMatch(source -> source.startsWith("Superset"));
  }

  @Test
  void everyStatementParsesAndPrintsBackIntoTheSamePlan(@TempDir Path directory) throws Exception {
    Map<String, String> failures = new LinkedHashMap<>();
    List<Path> pairs = new ArrayList<>();
    Map<Path, String> idsByFile = new LinkedHashMap<>();
    for (SparkCorpus.Entry entry : SparkCorpus.entries()) {
      if (SparkCorpus.REFUSED_BY_DESIGN.contains(entry.id())) {
        continue;
      }
      String unparsed;
      try {
        SqlNode statement = parser.parse(entry.sql());
        StatementClassifier.classify(statement);
        unparsed = SparkSqlUnparser.unparse(statement);
      } catch (SluiceException failure) {
        failures.put(entry.id(), failure.getMessage());
        continue;
      }
      Path original = directory.resolve(entry.id() + ".sql");
      Path printed = directory.resolve(entry.id() + "-unparsed.sql");
      Files.writeString(original, stripTrailingSemicolon(entry.sql()));
      Files.writeString(printed, unparsed);
      pairs.add(original);
      pairs.add(printed);
      idsByFile.put(original, entry.id());
    }
    SparkParser.planDifferences(pairs)
        .forEach((file, difference) -> failures.put(idsByFile.get(file), difference));

    assertThat(failures).as("corpus statements that fail").isEmpty();
  }

  @Test
  void statementsOutsideTheGrammarAreRefusedWithASyntaxError() {
    Map<String, String> accepted = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>();
    for (SparkCorpus.Entry entry : SparkCorpus.entries()) {
      if (!SparkCorpus.REFUSED_BY_DESIGN.contains(entry.id())) {
        continue;
      }
      ids.add(entry.id());
      try {
        SqlNode statement = parser.parse(entry.sql());
        accepted.put(entry.id(), SparkSqlUnparser.unparse(statement));
      } catch (SluiceException failure) {
        assertThat(failure.errorCode()).as(entry.id()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(failure.getMessage()).as(entry.id()).startsWith("Cannot parse statement: ");
      }
    }

    assertThat(ids)
        .as("listed statements found in the corpus")
        .hasSize(SparkCorpus.REFUSED_BY_DESIGN.size());
    assertThat(accepted)
        .as("listed statements that now parse: move them out of the list")
        .isEmpty();
  }

  @Test
  void hiveOnlyStatementsAreRefusedWithWhatToWriteInstead() {
    assertThatThrownBy(() -> parser.parse("ALTER TABLE t ADD IF NOT EXISTS PARTITION (p = 'x')"))
        .hasMessageContaining("ADD PARTITION FIELD");
    assertThatThrownBy(() -> parser.parse("ALTER TABLE t DROP PARTITION (p = 'x')"))
        .hasMessageContaining("DELETE FROM");
    assertThatThrownBy(() -> parser.parse("CREATE TABLE c LIKE t USING parquet"))
        .hasMessageContaining("CREATE TABLE ... AS SELECT * FROM t LIMIT 0");
  }

  private static String stripTrailingSemicolon(String sql) {
    String stripped = sql.strip();
    return stripped.endsWith(";") ? stripped.substring(0, stripped.length() - 1) : stripped;
  }
}
