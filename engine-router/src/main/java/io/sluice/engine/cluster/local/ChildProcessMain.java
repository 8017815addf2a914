package io.sluice.engine.cluster.local;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Optional;

/**
 * The entry point of a child JVM that must never outlive the process that started it. It watches
 * two signs that the parent is gone, then exits:
 *
 * <ul>
 *   <li>end of standard input: the parent holds the write end of the pipe and never writes, so the
 *       pipe ends only when the parent closes it or dies, even by SIGKILL;
 *   <li>the parent process's exit, as a second line of defence (the JDK polls for it).
 * </ul>
 *
 * <p>Then it calls the real main class, given as the first argument, by reflection with the other
 * arguments. It uses the JDK only: it runs on the child's classpath, next to Spark, and is copied
 * there as a single class file.
 */
public final class ChildProcessMain {
  /** Time for shutdown hooks (Spark stops its context) before the JVM is halted regardless. */
  private static final long EXIT_GRACE_MILLIS = 10_000;

  private ChildProcessMain() {}

  public static void main(String[] arguments) throws ReflectiveOperationException {
    if (arguments.length == 0) {
      System.err.println(
          "Usage: ChildProcessMain <main class> [arguments...]; standard input must be a pipe held"
              + " by the parent process");
      System.exit(2);
    }
    watchStandardInput();
    watchParent();

    Method main;
    try {
      main = Class.forName(arguments[0]).getMethod("main", String[].class);
    } catch (ClassNotFoundException e) {
      System.err.println(
          "Cannot find main class "
              + arguments[0]
              + " on the classpath "
              + System.getProperty("java.class.path")
              + "; check that the Spark jars directory holds the Spark Thrift Server closure");
      System.exit(3);
      return;
    }
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(arguments, 1, arguments.length));
    } catch (InvocationTargetException e) {
      // A server whose main failed must not linger on its non-daemon threads.
      System.err.println("The main class " + arguments[0] + " failed:");
      e.getCause().printStackTrace();
      System.exit(4);
    }
  }

  private static void watchStandardInput() {
    Thread watcher =
        new Thread(
            () -> {
              byte[] buffer = new byte[256];
              try {
                InputStream input = System.in;
                while (input.read(buffer) >= 0) {
                  // The parent never writes; anything read is ignored.
                }
                exit("standard input ended, so the parent process is gone");
              } catch (IOException e) {
                exit("standard input failed (" + e + "), so the parent process is gone");
              }
            },
            "parent-pipe-watcher");
    watcher.setDaemon(true);
    watcher.start();
  }

  private static void watchParent() {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (parent.isEmpty()) {
      exit("it has no parent process");
      return;
    }
    parent.get().onExit().thenRun(() -> exit("the parent process exited"));
  }

  private static void exit(String reason) {
    System.err.println("Exiting: " + reason + ".");
    Thread halter =
        new Thread(
            () -> {
              try {
                Thread.sleep(EXIT_GRACE_MILLIS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              Runtime.getRuntime().halt(1);
            },
            "exit-deadline");
    halter.setDaemon(true);
    halter.start();
    System.exit(1);
  }
}
