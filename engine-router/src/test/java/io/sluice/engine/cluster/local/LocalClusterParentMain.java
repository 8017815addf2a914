package io.sluice.engine.cluster.local;

import io.sluice.engine.EngineRequest;
import io.sluice.engine.EngineResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The parent in {@link TestLocalSparkClusterChildLifetime}: starts a local cluster, writes its
 * server's process id to a file, and waits to be killed.
 *
 * <p>Arguments: state directory, process id file.
 */
public final class LocalClusterParentMain {
  private LocalClusterParentMain() {}

  public static void main(String[] arguments) throws Exception {
    Path stateDirectory = Path.of(arguments[0]);
    Path processIdFile = Path.of(arguments[1]);
    LocalSparkCluster cluster =
        new LocalSparkCluster(TestingLocalCluster.newConfig("orphan", stateDirectory));
    try (BufferAllocator allocator = new RootAllocator();
        EngineResult result =
            cluster.execute(new EngineRequest("parent-1", "SELECT 1"), allocator)) {
      result.loadNextBatch();
    }
    Path partial = processIdFile.resolveSibling(processIdFile.getFileName() + ".partial");
    Files.writeString(partial, Long.toString(cluster.processId().orElseThrow()));
    Files.move(partial, processIdFile, StandardCopyOption.ATOMIC_MOVE);
    Thread.sleep(Long.MAX_VALUE);
  }
}
