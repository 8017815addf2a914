package io.sluice.gateway.cli;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.security.authn.password.UserEntry;
import io.sluice.security.authn.password.UserFile;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code sluice users}: manages the password file. Passwords are read from standard input (with
 * echo off on a terminal), never from arguments, which other users of the machine can see.
 */
@Command(
    name = "users",
    description = "Manage the users of the password file.",
    mixinStandardHelpOptions = true,
    subcommands = {
      UsersCommand.Add.class,
      UsersCommand.Passwd.class,
      UsersCommand.Remove.class,
      UsersCommand.ListUsers.class
    })
final class UsersCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    CommandLine.usage(this, System.out);
    return 0;
  }

  /** Options of every users command: which configuration names the file. */
  static class FileOptions {
    @CommandLine.Mixin SluiceCli.ServerOptions server = new SluiceCli.ServerOptions();

    @Option(
        names = "--file",
        paramLabel = "FILE",
        description = "The password file (default: auth.passwordFile.file of the configuration)")
    Path file;

    UserFile userFile() {
      if (file != null) {
        return UserFile.at(file.toAbsolutePath().normalize());
      }
      GatewayConfig config = server.load();
      return UserFile.at(config.auth().passwordFile().file());
    }
  }

  @Command(name = "add", description = "Add a user; the password is read from standard input.")
  static final class Add implements Callable<Integer> {
    @CommandLine.Mixin FileOptions options = new FileOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user name")
    String name;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP", description = "Groups, a,b,c")
    List<String> groups = List.of();

    @Option(
        names = "--attribute",
        paramLabel = "KEY=VALUE",
        description = "An attribute of the user; repeat for more")
    Map<String, String> attributes = new LinkedHashMap<>();

    @Override
    public Integer call() {
      UserFile users = options.userFile();
      String password = readPassword("Password for " + name + ": ");
      users.add(name, password, new LinkedHashSet<>(groups), attributes);
      System.out.printf("Added user %s to %s%n", name, users.path());
      return 0;
    }
  }

  @Command(name = "passwd", description = "Change a user's password, read from standard input.")
  static final class Passwd implements Callable<Integer> {
    @CommandLine.Mixin FileOptions options = new FileOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user name")
    String name;

    @Override
    public Integer call() {
      UserFile users = options.userFile();
      users.changePassword(name, readPassword("New password for " + name + ": "));
      System.out.printf("Changed the password of %s in %s%n", name, users.path());
      return 0;
    }
  }

  @Command(name = "remove", description = "Remove a user.")
  static final class Remove implements Callable<Integer> {
    @CommandLine.Mixin FileOptions options = new FileOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The user name")
    String name;

    @Override
    public Integer call() {
      UserFile users = options.userFile();
      users.remove(name);
      System.out.printf("Removed user %s from %s%n", name, users.path());
      return 0;
    }
  }

  @Command(name = "list", description = "List users with their groups and attributes.")
  static final class ListUsers implements Callable<Integer> {
    @CommandLine.Mixin FileOptions options = new FileOptions();

    @Override
    public Integer call() {
      UserFile users = options.userFile();
      List<UserEntry> entries = users.list();
      if (entries.isEmpty()) {
        System.out.printf("No users in %s%n", users.path());
      }
      for (UserEntry entry : entries) {
        System.out.printf(
            "%s  groups=%s  attributes=%s%n",
            entry.name(), String.join(",", entry.groups()), entry.attributes());
      }
      return 0;
    }
  }

  /**
   * Reads one password: from the terminal without echo when there is one, else the first line of
   * standard input (for scripts: {@code echo "$PASSWORD" | sluice users add alice}).
   */
  static String readPassword(String prompt) {
    Console console = System.console();
    if (console != null) {
      char[] typed = console.readPassword("%s", prompt);
      if (typed == null) {
        throw noPassword();
      }
      return new String(typed);
    }
    try {
      String line =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (line == null) {
        throw noPassword();
      }
      return line;
    } catch (IOException failure) {
      throw new SluiceException(
          ErrorCode.INVALID_PARAMETER, "Cannot read the password from standard input: " + failure);
    }
  }

  private static SluiceException noPassword() {
    return new SluiceException(
        ErrorCode.INVALID_PARAMETER,
        "No password on standard input: type one, or pipe it in (echo \"$PASSWORD\" | sluice"
            + " users ...)");
  }
}
