package io.sluice.planner.corpus;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The corpus of statements real Spark clients send ({@code spark-corpus/corpus.sql}): dbt-spark's
 * materializations, Beeline habits, BI tools' generated SQL and Iceberg's documented commands, in
 * an order that runs end to end. Each entry has an id, its source, and whether it runs on Spark 3.5
 * with Iceberg ({@code run: yes}, or {@code run: no: <why>}); entries are separated by lines
 * holding only {@code ;;}.
 */
public final class SparkCorpus {
  /** One statement of the corpus. */
  public record Entry(String id, String source, Optional<String> whyItDoesNotRun, String sql) {
    public boolean runs() {
      return whyItDoesNotRun.isEmpty();
    }

    @Override
    public String toString() {
      return id;
    }
  }

  /**
   * Statements that run code, read or write files outside the catalog, or exist only for Hive
   * tables: outside the grammar on purpose, so refused for everyone.
   */
  public static final Set<String> REFUSED_BY_DESIGN =
      Set.of(
          "beeline-add-jar-01",
          "beeline-list-jars-01",
          "beeline-create-temp-function-01",
          "spark-insert-directory-01",
          "spark-load-data-01",
          "spark-msck-repair-01",
          "spark-create-table-hive-01",
          "spark-serde-properties-01",
          "spark-temp-view-03",
          // Hive partition directories and the session catalog's CREATE TABLE LIKE: Spark's
          // Iceberg catalog runs neither; each is refused with what to write instead.
          "spark-add-partition-01",
          "spark-create-table-like-01");

  private static final String RESOURCE = "/spark-corpus/corpus.sql";

  private SparkCorpus() {}

  public static List<Entry> entries() {
    String text;
    try (InputStream input = SparkCorpus.class.getResourceAsStream(RESOURCE)) {
      if (input == null) {
        throw new IllegalStateException("Missing test resource " + RESOURCE);
      }
      text = new String(input.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException failure) {
      throw new UncheckedIOException(failure);
    }
    List<Entry> entries = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (String block : text.split("(?m)^;;\\s*$")) {
      if (block.isBlank()) {
        continue;
      }
      Entry entry = parse(block.strip());
      if (!ids.add(entry.id())) {
        throw new IllegalStateException("Corpus id " + entry.id() + " appears twice");
      }
      entries.add(entry);
    }
    return entries;
  }

  private static Entry parse(String block) {
    List<String> lines = block.lines().toList();
    String id = header(lines, 0, "id");
    String source = header(lines, 1, "source");
    String run = header(lines, 2, "run");
    Optional<String> why;
    if (run.equals("yes")) {
      why = Optional.empty();
    } else if (run.startsWith("no:")) {
      why = Optional.of(run.substring(3).strip());
    } else {
      throw new IllegalStateException("Corpus entry " + id + ": run is neither yes nor no: why");
    }
    String sql = String.join("\n", lines.subList(3, lines.size())).strip();
    if (sql.isEmpty()) {
      throw new IllegalStateException("Corpus entry " + id + " has no statement");
    }
    return new Entry(id, source, why, sql);
  }

  private static String header(List<String> lines, int index, String name) {
    String prefix = "-- " + name + ":";
    if (lines.size() <= index || !lines.get(index).startsWith(prefix)) {
      throw new IllegalStateException(
          "Corpus entry starting '" + lines.get(0) + "' lacks its '" + prefix + "' line");
    }
    return lines.get(index).substring(prefix.length()).strip();
  }
}
