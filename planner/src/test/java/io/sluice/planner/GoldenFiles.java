package io.sluice.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.planner.unparse.SparkParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Golden files of generated Spark SQL, one per TPC-H query. Run with {@code
 * -Dsluice.golden.update=true} to rewrite them after a deliberate change, then review the
 * difference.
 */
final class GoldenFiles {
  private static final boolean UPDATE = Boolean.getBoolean("sluice.golden.update");

  private final Path directory;

  GoldenFiles(Path directory) {
    this.directory = directory;
  }

  /** {@code q01} … {@code q22}. */
  static Stream<String> tpchQueries() {
    return IntStream.rangeClosed(1, 22).mapToObj(number -> String.format("q%02d", number));
  }

  /** Fails unless {@code sparkSql} is the golden file's text (or rewrites it, when updating). */
  void assertMatches(String name, String sparkSql) throws IOException {
    String text = sparkSql + "\n";
    Path golden = directory.resolve(name + ".sql");
    if (UPDATE) {
      Files.createDirectories(directory);
      Files.writeString(golden, text);
    }
    assertThat(text).isEqualTo(Files.readString(golden));
  }

  /** Fails unless Spark's own parser accepts every TPC-H golden file. */
  void assertSparkParsesAll() throws Exception {
    List<Path> files =
        tpchQueries().map(query -> directory.resolve(query + ".sql").toAbsolutePath()).toList();
    Map<Path, String> failures = SparkParser.failures(files);
    assertThat(failures).isEmpty();
  }
}
