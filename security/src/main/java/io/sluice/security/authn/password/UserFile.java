package io.sluice.security.authn.password;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * Changes the password file: what the {@code sluice user} commands call. Every change reads the
 * file, changes one user and replaces the file atomically with owner-only permissions; a running
 * gateway notices the new file at the next login.
 *
 * <p>Changes are serialized across processes: each one holds an exclusive lock on a file beside the
 * password file ({@code .users.yaml.lock} for {@code users.yaml}) from reading the file to
 * replacing it, so two {@code sluice user} commands, or a command and a gateway creating its first
 * administrator, never lose each other's change. Readers need no lock: they see the old file or the
 * new one.
 */
public final class UserFile {
  /** The group of the administrator created at first start. */
  public static final String ADMIN_GROUP = "admin";

  public static final String DEFAULT_ADMIN_USER = "admin";
  public static final int MINIMUM_PASSWORD_LENGTH = 8;
  public static final int MAXIMUM_PASSWORD_LENGTH = 1024;

  private static final String PASSWORD_ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int GENERATED_PASSWORD_LENGTH = 24;

  /** How long a change waits for another process's change before it gives up. */
  private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

  /**
   * One monitor per password file in this process: a file lock is held per process, so threads of
   * one process must take turns before asking the operating system.
   */
  private static final ConcurrentMap<Path, Object> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path path;
  private final PasswordHasher hasher;
  private final Duration lockWait;

  public UserFile(Path path, PasswordHasher hasher) {
    this(path, hasher, LOCK_WAIT);
  }

  UserFile(Path path, PasswordHasher hasher, Duration lockWait) {
    this.path = requireNonNull(path, "path").toAbsolutePath().normalize();
    this.hasher = requireNonNull(hasher, "hasher");
    this.lockWait = requireNonNull(lockWait, "lockWait");
  }

  /** The file at {@code path}, hashing new passwords with the default Argon2id parameters. */
  public static UserFile at(Path path) {
    return new UserFile(path, new PasswordHasher(PasswordHasherConfig.defaults()));
  }

  public Path path() {
    return path;
  }

  public boolean exists() {
    return Files.exists(path);
  }

  /**
   * Adds a user; creates the file if there is none.
   *
   * @throws SluiceException if the user exists already, or a name or the password is not valid
   */
  public void add(
      String name, String password, Set<String> groups, Map<String, String> attributes) {
    requireNonNull(groups, "groups");
    requireNonNull(attributes, "attributes");
    String action = "add user " + UserFileFormat.printable(name);
    checkName(action, name);
    checkPassword(action, password);
    UserFileFormat.StoredUser user;
    try {
      user =
          storedUser(
              name,
              hasher.hash(password),
              UserFileFormat.groups(groups),
              UserFileFormat.attributes(attributes));
    } catch (IllegalArgumentException badName) {
      throw new SluiceException(
          ErrorCode.INVALID_PARAMETER, "Cannot " + action + ": " + badName.getMessage());
    }
    locked(
        action,
        () -> {
          SortedMap<String, UserFileFormat.StoredUser> users =
              exists() ? UserFileFormat.read(path) : new TreeMap<>();
          if (users.containsKey(name)) {
            throw new SluiceException(
                ErrorCode.INVALID_PARAMETER, "Cannot " + action + ": it already exists in " + path);
          }
          users.put(name, user);
          write(action, users, false);
          return null;
        });
  }

  /**
   * Sets a new password for an existing user; groups and attributes stay.
   *
   * @throws SluiceException if there is no such user or the password is not valid
   */
  public void changePassword(String name, String password) {
    String action = "change the password of user " + UserFileFormat.printable(name);
    checkPassword(action, password);
    String encodedHash = hasher.hash(password);
    locked(
        action,
        () -> {
          SortedMap<String, UserFileFormat.StoredUser> users = UserFileFormat.read(path);
          UserFileFormat.StoredUser user = existing(action, users, name);
          users.put(name, storedUser(name, encodedHash, user.groups(), user.attributes()));
          write(action, users, false);
          return null;
        });
  }

  /**
   * Removes a user.
   *
   * @throws SluiceException if there is no such user
   */
  public void remove(String name) {
    String action = "remove user " + UserFileFormat.printable(name);
    locked(
        action,
        () -> {
          SortedMap<String, UserFileFormat.StoredUser> users = UserFileFormat.read(path);
          existing(action, users, name);
          users.remove(name);
          write(action, users, false);
          return null;
        });
  }

  /** The users in name order, without their password hashes. */
  public List<UserEntry> list() {
    return UserFileFormat.read(path).values().stream()
        .map(user -> new UserEntry(user.name(), user.groups(), user.attributes()))
        .toList();
  }

  /**
   * At first start: if there is no user file, creates one holding only an administrator (group
   * {@value #ADMIN_GROUP}) with a random password, and returns that password so that the caller can
   * show it once. Only its hash is stored. Returns empty if the file exists already, whatever it
   * holds.
   */
  public Optional<InitialAdmin> createWithInitialAdmin(String adminUser) {
    String action = "create user file " + path + " with administrator " + adminUser;
    checkName(action, adminUser);
    if (exists()) {
      return Optional.empty();
    }
    String password = generatePassword();
    UserFileFormat.StoredUser admin =
        storedUser(
            adminUser,
            hasher.hash(password),
            UserFileFormat.groups(List.of(ADMIN_GROUP)),
            UserFileFormat.attributes(Map.of()));
    return locked(
        action,
        () -> {
          try {
            UserFileFormat.write(path, UserFileFormat.format(Map.of(adminUser, admin)), true);
          } catch (FileAlreadyExistsException createdMeanwhile) {
            return Optional.empty();
          } catch (IOException failure) {
            throw new SluiceException(
                ErrorCode.INVALID_CONFIGURATION, "Cannot " + action + ": " + failure, failure);
          }
          return Optional.of(new InitialAdmin(adminUser, password, path));
        });
  }

  /** The file every change locks: {@code .users.yaml.lock} beside {@code users.yaml}. */
  Path lockFile() {
    return path.resolveSibling("." + path.getFileName() + ".lock");
  }

  /**
   * Runs {@code change} holding this process's turn and the lock file's exclusive lock, waiting up
   * to 10 s (by default) for another process to finish its change.
   */
  private <T> T locked(String action, Supplier<T> change) {
    synchronized (IN_PROCESS.computeIfAbsent(path, file -> new Object())) {
      Path lockFile = lockFile();
      try {
        Files.createDirectories(path.getParent());
        try (FileChannel channel = openLockFile(lockFile);
            FileLock lock = awaitLock(action, channel, lockFile)) {
          return change.get();
        }
      } catch (IOException failure) {
        throw new SluiceException(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot " + action + ": cannot lock " + lockFile + ": " + failure,
            failure);
      }
    }
  }

  private static FileChannel openLockFile(Path lockFile) throws IOException {
    boolean posix = lockFile.getFileSystem().supportedFileAttributeViews().contains("posix");
    if (posix && !Files.exists(lockFile)) {
      try {
        Files.createFile(
            lockFile,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException createdMeanwhile) {
        // Another change created it first; it is the same lock.
      }
    }
    return FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
  }

  private FileLock awaitLock(String action, FileChannel channel, Path lockFile) throws IOException {
    long deadline = System.nanoTime() + lockWait.toNanos();
    while (true) {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
      if (System.nanoTime() - deadline > 0) {
        throw new SluiceException(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot "
                + action
                + ": another process has been changing "
                + path
                + " for "
                + lockWait.toMillis()
                + " ms (it holds the lock on "
                + lockFile
                + "); try again when it is done");
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new SluiceException(
            ErrorCode.INVALID_CONFIGURATION,
            "Cannot " + action + ": interrupted while waiting for the lock on " + lockFile,
            interrupted);
      }
    }
  }

  private static String generatePassword() {
    SecureRandom random = new SecureRandom();
    StringBuilder password = new StringBuilder(GENERATED_PASSWORD_LENGTH);
    for (int i = 0; i < GENERATED_PASSWORD_LENGTH; i++) {
      password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    }
    return password.toString();
  }

  private static UserFileFormat.StoredUser storedUser(
      String name,
      String encodedHash,
      SortedSet<String> groups,
      SortedMap<String, String> attributes) {
    return new UserFileFormat.StoredUser(
        name, encodedHash, PasswordHasher.parse(encodedHash), groups, attributes);
  }

  private UserFileFormat.StoredUser existing(
      String action, Map<String, UserFileFormat.StoredUser> users, String name) {
    UserFileFormat.StoredUser user = users.get(name);
    if (user == null) {
      throw new SluiceException(
          ErrorCode.INVALID_PARAMETER, "Cannot " + action + ": no such user in " + path);
    }
    return user;
  }

  private void write(
      String action, Map<String, UserFileFormat.StoredUser> users, boolean mustNotExist) {
    try {
      UserFileFormat.write(path, UserFileFormat.format(users), mustNotExist);
    } catch (IOException failure) {
      throw new SluiceException(
          ErrorCode.INVALID_CONFIGURATION,
          "Cannot " + action + ": cannot write " + path + ": " + failure,
          failure);
    }
  }

  private static void checkName(String action, String name) {
    try {
      UserFileFormat.checkName("user name", name);
    } catch (IllegalArgumentException badName) {
      throw new SluiceException(
          ErrorCode.INVALID_PARAMETER, "Cannot " + action + ": " + badName.getMessage());
    }
  }

  private static void checkPassword(String action, String password) {
    requireNonNull(password, "password");
    int length = password.codePointCount(0, password.length());
    if (length < MINIMUM_PASSWORD_LENGTH || length > MAXIMUM_PASSWORD_LENGTH) {
      throw new SluiceException(
          ErrorCode.INVALID_PARAMETER,
          "Cannot "
              + action
              + ": a password must have "
              + MINIMUM_PASSWORD_LENGTH
              + " to "
              + MAXIMUM_PASSWORD_LENGTH
              + " characters");
    }
  }
}
