package io.sluice.security.authn.password;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process for {@link TestUserFile}: locks the file named by its argument, says so on
 * standard output, and keeps the lock until its standard input closes.
 */
final class LockHolder {
  private LockHolder() {}

  public static void main(String[] arguments) throws Exception {
    try (FileChannel channel =
            FileChannel.open(
                Path.of(arguments[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      System.out.println("locked");
      System.out.flush();
      while (System.in.read() != -1) {
        // Hold the lock until the test closes this process's input.
      }
    }
  }
}
