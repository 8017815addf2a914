package io.sluice.engine.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class TestLocalSparkClusterChildLifetime {
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void sparkServerExitsWhenItsParentIsKilled() throws Exception {
    Path state = TestingLocalCluster.temporaryDirectory("sluice-orphan-cluster-");
    Path processIdFile = state.resolve("spark-server.pid");
    Process parent =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    // Arrow needs it to allocate memory.
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "-D"
                        + TestingLocalCluster.SPARK_JARS_PROPERTY
                        + "="
                        + TestingLocalCluster.sparkJarsDirectory(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    LocalClusterParentMain.class.getName(),
                    state.resolve("cluster").toString(),
                    processIdFile.toString()))
            .redirectErrorStream(true)
            .redirectOutput(state.resolve("parent.log").toFile())
            .start();
    Optional<ProcessHandle> server = Optional.empty();
    try {
      TestLocalSparkCluster.awaitTrue(
          () -> Files.exists(processIdFile) || !parent.isAlive(), Duration.ofSeconds(180));
      assertThat(parent.isAlive())
          .as("the parent JVM runs; its output is in %s", state.resolve("parent.log"))
          .isTrue();
      long serverProcessId = Long.parseLong(Files.readString(processIdFile).strip());
      server = ProcessHandle.of(serverProcessId);
      assertThat(server).isPresent();
      assertThat(server.get().isAlive()).isTrue();

      // SIGKILL: the parent runs no shutdown hook and closes nothing on purpose.
      parent.destroyForcibly().waitFor();

      ProcessHandle orphan = server.get();
      TestLocalSparkCluster.awaitTrue(() -> !orphan.isAlive(), Duration.ofSeconds(20));
    } finally {
      parent.destroyForcibly();
      server.ifPresent(ProcessHandle::destroyForcibly);
      TestingLocalCluster.deleteRecursively(state);
    }
  }
}
