package io.sluice.security.access.ranger.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies from a local file, reloaded when it changes (checked every poll interval). A file that
 * cannot be used leaves the last good policies in force and the log says why (where in the file,
 * never what it holds); a missing file means no policies, so only super-users have access.
 */
public final class FilePolicySource implements PolicySource {
  private static final Logger LOG = LoggerFactory.getLogger(FilePolicySource.class);

  private final FilePolicySourceConfig config;
  private final ScheduledExecutorService poller;
  private PolicyListener listener;
  private FileState lastSeen = FileState.NOT_CHECKED;
  private byte[] lastLoadedDigest;

  public FilePolicySource(FilePolicySourceConfig config) {
    this.config = requireNonNull(config, "config");
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "sluice-policy-file");
              thread.setDaemon(true);
              return thread;
            });
  }

  @Override
  public synchronized void start(PolicyListener newListener) {
    if (listener != null) {
      throw new IllegalStateException("The policy source for " + config.file() + " is started");
    }
    listener = requireNonNull(newListener, "listener");
    poll();
    long millis = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public String describe() {
    return "policy file " + config.file();
  }

  @Override
  public void close() {
    poller.shutdown();
    try {
      if (!poller.awaitTermination(10, TimeUnit.SECONDS)) {
        poller.shutdownNow();
      }
    } catch (InterruptedException e) {
      poller.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void poll() {
    try {
      FileState state = FileState.of(config.file());
      if (state.equals(lastSeen)) {
        return;
      }
      lastSeen = state;
      if (state.equals(FileState.MISSING)) {
        lastLoadedDigest = null;
        LOG.warn("Policy file {} does not exist: only super-users have access", config.file());
        listener.policiesChanged(PolicySnapshot.empty(config.file().toString()));
        return;
      }
      byte[] content = Files.readAllBytes(config.file());
      byte[] digest = digest(content);
      if (Arrays.equals(digest, lastLoadedDigest)) {
        return;
      }
      listener.policiesChanged(PolicyJson.parse(content, config.file().toString()));
      lastLoadedDigest = digest;
    } catch (InvalidPoliciesException e) {
      // The cause, when there is one, is Ranger's: parse errors keep none (they quote the file).
      LOG.warn("{}; the policies in force stay", e.getMessage(), e.getCause());
    } catch (NoSuchFileException e) {
      // Removed between the check and the read: the next poll sees it missing.
      lastSeen = FileState.NOT_CHECKED;
    } catch (IOException e) {
      LOG.warn(
          "Cannot read policy file {} ({}); the policies in force stay",
          config.file(),
          e.getClass().getSimpleName());
    } catch (RuntimeException e) {
      // Keep polling: an exception here would end the scheduled task for good.
      LOG.error("Cannot load policy file {}; the policies in force stay", config.file(), e);
    }
  }

  private static byte[] digest(byte[] content) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(content);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What a poll sees of the file without reading it. */
  private record FileState(FileTime modified, long size, Object fileKey) {
    static final FileState NOT_CHECKED = new FileState(null, -2, null);
    static final FileState MISSING = new FileState(null, -1, null);

    static FileState of(java.nio.file.Path file) throws IOException {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new FileState(
            attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
      } catch (NoSuchFileException e) {
        return MISSING;
      }
    }
  }
}
