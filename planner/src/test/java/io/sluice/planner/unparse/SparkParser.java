package io.sluice.planner.unparse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Spark 3.5's SQL parser as a test oracle, run in a child JVM on the jars the spark-runtime module
 * collects (system property {@code sluice.spark.jars}); Spark never joins the planner's classpath.
 */
public final class SparkParser {
  /** What Spark's launcher passes on Java 17 (org.apache.spark.launcher.JavaModuleOptions). */
  private static final List<String> MODULE_OPTIONS =
      List.of(
          "-XX:+IgnoreUnrecognizedVMOptions",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
          "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
          "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
          "-Djdk.reflect.useDirectMethodHandle=false");

  private SparkParser() {}

  /**
   * Parses each file with Spark's parser in one child JVM.
   *
   * @return Spark's error message for each file it could not parse; empty when all parsed
   */
  public static Map<Path, String> failures(List<Path> files)
      throws IOException, InterruptedException, URISyntaxException {
    return run(List.of(), files);
  }

  /**
   * Checks pairs of files, a client's statement and Sluice's unparsed form of it, in one child JVM:
   * both must parse, with Iceberg's extensions as the engine has them, into the same plan.
   *
   * @param pairs original and unparsed files, alternating
   * @return for each original file whose pair failed, why
   */
  public static Map<Path, String> planDifferences(List<Path> pairs)
      throws IOException, InterruptedException, URISyntaxException {
    return run(List.of(SparkParserCheck.SAME_PLAN), pairs);
  }

  private static Map<Path, String> run(List<String> options, List<Path> files)
      throws IOException, InterruptedException, URISyntaxException {
    String sparkJars = System.getProperty("sluice.spark.jars");
    assertThat(sparkJars).as("system property sluice.spark.jars").isNotNull();
    assertThat(Path.of(sparkJars).resolve("spark-catalyst_2.12-3.5.4.jar"))
        .as("Spark's jars, collected by the spark-runtime module")
        .exists();
    Path testClasses =
        Path.of(SparkParserCheck.class.getProtectionDomain().getCodeSource().getLocation().toURI());

    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(MODULE_OPTIONS);
    command.add("-cp");
    command.add(sparkJars + File.separator + "*" + File.pathSeparator + testClasses);
    command.add(SparkParserCheck.class.getName());
    command.addAll(options);
    for (Path file : files) {
      command.add(file.toString());
    }
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("Spark parser finished").isTrue();

    Map<Path, String> failures = new LinkedHashMap<>();
    int answered = 0;
    for (String line : output.lines().toList()) {
      if (line.startsWith(SparkParserCheck.OK)) {
        answered++;
      } else if (line.startsWith(SparkParserCheck.FAIL)) {
        answered++;
        String rest = line.substring(SparkParserCheck.FAIL.length());
        int separator = rest.indexOf(": ");
        failures.put(Path.of(rest.substring(0, separator)), rest.substring(separator + 2));
      }
    }
    assertThat(answered)
        .as("files Spark's parser answered for; its output:%n%s", output)
        .isEqualTo(options.isEmpty() ? files.size() : files.size() / 2);
    return failures;
  }

  /** Writes each statement to its own file in a directory, for {@link #failures}. */
  public static List<Path> writeStatements(Path directory, List<String> statements)
      throws IOException {
    List<Path> files = new ArrayList<>();
    for (int index = 0; index < statements.size(); index++) {
      Path file = directory.resolve("statement-" + index + ".sql");
      Files.writeString(file, statements.get(index));
      files.add(file);
    }
    return files;
  }
}
