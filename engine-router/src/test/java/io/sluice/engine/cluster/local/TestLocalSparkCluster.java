package io.sluice.engine.cluster.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import io.sluice.engine.cluster.ClusterState;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Starting, stopping and losing a local Spark Thrift Server. Uses a cluster of its own: these tests
 * stop and kill its server, which would disturb the shared one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TestLocalSparkCluster {
  private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(3);

  private static Path stateDirectory;
  private static LocalSparkCluster cluster;
  private static BufferAllocator allocator;

  @BeforeAll
  static void createCluster() {
    stateDirectory = TestingLocalCluster.temporaryDirectory("sluice-lifecycle-cluster-");
    cluster =
        new LocalSparkCluster(
            TestingLocalCluster.newConfig("lifecycle", stateDirectory)
                .withIdleTimeout(IDLE_TIMEOUT));
    allocator = new RootAllocator();
  }

  @AfterAll
  static void closeCluster() {
    cluster.close();
    assertThat(cluster.state()).isEqualTo(ClusterState.STOPPED);
    allocator.close();
    TestingLocalCluster.deleteRecursively(stateDirectory);
  }

  @Test
  void idleServerStopsAfterIdleTimeoutAndConcurrentQueriesShareTheNextStart() throws Exception {
    assertThat(selectInt(41)).isEqualTo(41);
    long firstProcess = cluster.processId().orElseThrow();
    assertThat(cluster.state()).isEqualTo(ClusterState.RUNNING);

    awaitTrue(() -> cluster.state() == ClusterState.STOPPED, Duration.ofSeconds(60));
    awaitTrue(() -> !isAlive(firstProcess), Duration.ofSeconds(20));
    assertThat(cluster.processId()).isEmpty();
    assertThat(cluster.thriftAddress()).isEmpty();

    long startsBefore = countStartsInLog();
    ExecutorService executor = Executors.newFixedThreadPool(3);
    CountDownLatch ready = new CountDownLatch(3);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int query = 0; query < 3; query++) {
        int value = query;
        answers.add(
            executor.submit(
                () -> {
                  ready.countDown();
                  ready.await();
                  return selectInt(value);
                }));
      }
      for (int query = 0; query < 3; query++) {
        assertThat(answers.get(query).get()).isEqualTo(query);
      }
    } finally {
      executor.shutdownNow();
    }
    assertThat(countStartsInLog()).isEqualTo(startsBefore + 1);
    assertThat(cluster.processId()).isPresent().get().isNotEqualTo(firstProcess);
  }

  @Test
  void openResultKeepsTheServerRunningPastTheIdleTimeout() throws Exception {
    try (EngineResult result =
        cluster.execute(request("SELECT id FROM range(100000)"), allocator)) {
      long process = cluster.processId().orElseThrow();
      Thread.sleep(IDLE_TIMEOUT.multipliedBy(2).toMillis());
      assertThat(cluster.state()).isEqualTo(ClusterState.RUNNING);
      assertThat(cluster.processId()).contains(process);
      assertThat(result.loadNextBatch()).isTrue();
    }
  }

  @Test
  void killedServerFailsTheRunningQueryWithEngineLostAndTheNextQueryStartsAFreshOne()
      throws Exception {
    ExecutorService killer = Executors.newSingleThreadExecutor();
    long killedProcess;
    try (EngineResult result =
        cluster.execute(
            request("SELECT id FROM range(0, 100000000000) WHERE id % 1000003 = -1"), allocator)) {
      killedProcess = cluster.processId().orElseThrow();
      killer.submit(
          () -> {
            Thread.sleep(1_000);
            return ProcessHandle.of(killedProcess).map(ProcessHandle::destroyForcibly);
          });
      assertThatThrownBy(result::loadNextBatch)
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_LOST);
                assertThat(failure.getMessage())
                    .startsWith("The Spark engine of cluster lifecycle went away during query ")
                    .endsWith("; see its log at " + cluster.logFile());
              });
    } finally {
      killer.shutdownNow();
    }
    awaitTrue(() -> cluster.state() == ClusterState.STOPPED, Duration.ofSeconds(20));

    assertThat(selectInt(7)).isEqualTo(7);
    assertThat(cluster.processId()).isPresent().get().isNotEqualTo(killedProcess);
  }

  @Test
  void emptySparkJarsDirectoryFailsTheStartNamingTheLogAndShowingItsLastLines() throws IOException {
    Path state = TestingLocalCluster.temporaryDirectory("sluice-broken-cluster-");
    Path emptyJars = Files.createDirectories(state.resolve("no-jars"));
    try (LocalSparkCluster broken =
        new LocalSparkCluster(LocalClusterConfig.defaults("broken", state, emptyJars))) {
      assertThatThrownBy(() -> broken.execute(request("SELECT 1"), allocator))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_START_FAILED);
                assertThat(failure.getMessage())
                    .startsWith("Cannot start Spark Thrift Server for cluster broken: ")
                    .contains("exited with code 3")
                    .endsWith("; see its log at " + broken.logFile());
                assertThat(failure.getCause())
                    .isInstanceOf(LocalSparkCluster.LogExcerpt.class)
                    .hasMessageContaining(
                        "Cannot find main class "
                            + SparkThriftServerCommand.THRIFT_SERVER_MAIN_CLASS);
              });
      assertThat(broken.state()).isEqualTo(ClusterState.STOPPED);
      assertThat(Files.readString(broken.logFile()))
          .contains("Sluice starts Spark Thrift Server for cluster broken");
    } finally {
      TestingLocalCluster.deleteRecursively(state);
    }
  }

  @Test
  void missingSparkJarsDirectoryFailsWithoutLaunchingAProcess() {
    Path state = TestingLocalCluster.temporaryDirectory("sluice-missing-jars-");
    try (LocalSparkCluster broken =
        new LocalSparkCluster(
            LocalClusterConfig.defaults("missing", state, state.resolve("does-not-exist")))) {
      assertThatThrownBy(() -> broken.execute(request("SELECT 1"), allocator))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_START_FAILED);
                assertThat(failure.getMessage())
                    .contains("does-not-exist does not exist; build the spark-runtime module");
              });
      assertThat(broken.logFile()).doesNotExist();
    } finally {
      TestingLocalCluster.deleteRecursively(state);
    }
  }

  @Test
  void badSparkSettingFailsTheStartWithTheServersReason() {
    Path state = TestingLocalCluster.temporaryDirectory("sluice-bad-conf-cluster-");
    try (LocalSparkCluster broken =
        new LocalSparkCluster(
            TestingLocalCluster.newConfig("bad-conf", state)
                .withStartTimeout(Duration.ofSeconds(60))
                .withSparkConf(java.util.Map.of("spark.master", "no-such-master://x")))) {
      assertThatThrownBy(() -> broken.execute(request("SELECT 1"), allocator))
          .isInstanceOfSatisfying(
              SluiceException.class,
              failure -> {
                assertThat(failure.errorCode()).isEqualTo(ErrorCode.ENGINE_START_FAILED);
                assertThat(failure.getMessage()).contains("see its log at " + broken.logFile());
                assertThat(failure.getCause().getMessage()).contains("no-such-master");
              });
    } finally {
      TestingLocalCluster.deleteRecursively(state);
    }
  }

  private static int selectInt(int value) {
    try (EngineResult result = cluster.execute(request("SELECT " + value), allocator)) {
      assertThat(result.loadNextBatch()).isTrue();
      return ((IntVector) result.root().getVector(0)).get(0);
    }
  }

  private static long countStartsInLog() throws IOException {
    return Files.readAllLines(cluster.logFile()).stream()
        .filter(line -> line.startsWith("=== ") && line.contains("Sluice starts"))
        .count();
  }

  private static boolean isAlive(long processId) {
    return ProcessHandle.of(processId).map(ProcessHandle::isAlive).orElse(false);
  }

  static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Condition not met within " + timeout);
      }
      Thread.sleep(100);
    }
  }

  private static EngineRequest request(String sql) {
    return new EngineRequest(TestingLocalCluster.nextQueryId(), sql);
  }
}
