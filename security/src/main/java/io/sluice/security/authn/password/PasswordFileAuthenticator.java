package io.sluice.security.authn.password;

import static java.util.Objects.requireNonNull;

import io.sluice.security.authn.AuthenticationException;
import io.sluice.security.authn.AuthenticationException.Reason;
import io.sluice.security.authn.AuthenticationMethod;
import io.sluice.security.authn.Authenticator;
import io.sluice.security.authn.CredentialCache;
import io.sluice.security.authn.Credentials;
import io.sluice.security.authn.Identity;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks user names and passwords against the password file.
 *
 * <p>The file is looked at (modification time, size, inode) at every login and read again when it
 * changed, so {@code sluice user} commands take effect at once. If the new file cannot be read,
 * every login fails until it is fixed: a broken file must not keep a removed user in.
 *
 * <p>An unknown user costs a full Argon2 check against a hash no password matches, so timing does
 * not tell which users exist. Successful checks are cached briefly (see {@link CredentialCache}).
 */
public final class PasswordFileAuthenticator implements Authenticator {
  private static final Logger LOG = LoggerFactory.getLogger(PasswordFileAuthenticator.class);
  private static final Set<PosixFilePermission> READABLE_BY_OTHERS =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);
  private static final int MAXIMUM_CACHED_LOGINS = 10_000;

  private final Path file;
  private final PasswordHasher hasher;
  private final CredentialCache<Verified> cache;
  private volatile Snapshot snapshot;

  /** The file's identity on disk: a rename (as {@link UserFile} does) always changes it. */
  private record FileStamp(FileTime modified, long size, Object fileKey) {
    static final FileStamp MISSING = new FileStamp(FileTime.fromMillis(0), -1, null);
  }

  /** The users as read from one version of the file, or why that version could not be read. */
  private record Snapshot(
      FileStamp stamp,
      SortedMap<String, UserFileFormat.StoredUser> users,
      PasswordHasher.EncodedHash unknownUserHash,
      SluiceException failure) {}

  private record Verified(Snapshot snapshot, Identity identity) {}

  /**
   * Reads the file now.
   *
   * @throws SluiceException (invalid configuration) if it is missing or invalid, naming it
   */
  public PasswordFileAuthenticator(PasswordFileConfig config, InstantSource clock) {
    requireNonNull(config, "config");
    this.file = config.file();
    this.hasher = new PasswordHasher(config.hashing());
    this.cache = new CredentialCache<>(config.cacheTimeToLive(), MAXIMUM_CACHED_LOGINS, clock);
    Snapshot first = load(stamp());
    if (first.failure() != null) {
      throw first.failure();
    }
    this.snapshot = first;
  }

  public Path file() {
    return file;
  }

  /** The hasher that checks passwords; its computation count shows cache hits. */
  public PasswordHasher hasher() {
    return hasher;
  }

  @Override
  public Set<AuthenticationMethod> methods() {
    return Set.of(AuthenticationMethod.PASSWORD_FILE);
  }

  @Override
  public Identity authenticate(Credentials credentials) {
    if (!(credentials instanceof Credentials.Password password)) {
      throw new AuthenticationException(Reason.UNSUPPORTED_CREDENTIALS);
    }
    Snapshot current = current();
    String name = password.user();
    Verified cached = cache.get(name, password.password()).orElse(null);
    if (cached != null && cached.snapshot() == current) {
      return cached.identity();
    }
    UserFileFormat.StoredUser user = current.users().get(name);
    if (user == null) {
      hasher.verify(password.password(), current.unknownUserHash());
      throw new AuthenticationException(Reason.UNKNOWN_USER);
    }
    if (!hasher.verify(password.password(), user.hash())) {
      throw new AuthenticationException(Reason.WRONG_PASSWORD);
    }
    Identity identity = identity(user);
    cache.put(name, password.password(), new Verified(current, identity));
    return identity;
  }

  /** The user's current groups and attributes; fails if the user has been removed. */
  @Override
  public Identity refresh(Identity identity) {
    UserFileFormat.StoredUser user = current().users().get(identity.user());
    if (user == null) {
      throw new AuthenticationException(Reason.UNKNOWN_USER);
    }
    Identity now = identity(user);
    return identity.fromSluiceToken() ? now.asFromSluiceToken() : now;
  }

  private static Identity identity(UserFileFormat.StoredUser user) {
    return Identity.of(
        user.name(),
        user.groups(),
        Set.of(),
        user.attributes(),
        AuthenticationMethod.PASSWORD_FILE);
  }

  private Snapshot current() {
    FileStamp stamp = stamp();
    Snapshot current = snapshot;
    if (!stamp.equals(current.stamp())) {
      synchronized (this) {
        current = snapshot;
        if (!stamp.equals(current.stamp())) {
          current = load(stamp);
          snapshot = current;
          cache.clear();
          if (current.failure() != null) {
            LOG.error(
                "{}; every password login fails until the file is fixed",
                current.failure().getMessage());
          }
        }
      }
    }
    if (current.failure() != null) {
      throw new AuthenticationException(Reason.AUTHENTICATOR_UNAVAILABLE, current.failure());
    }
    return current;
  }

  private Snapshot load(FileStamp stamp) {
    try {
      SortedMap<String, UserFileFormat.StoredUser> users = UserFileFormat.read(file);
      warnIfOthersMayRead();
      LOG.info("Read {} users from {}", users.size(), file);
      return new Snapshot(stamp, users, unknownUserHash(users), null);
    } catch (SluiceException failure) {
      return new Snapshot(stamp, new TreeMap<>(), null, failure);
    }
  }

  /** Costs as much as the users' own hashes (they normally share their parameters). */
  private PasswordHasher.EncodedHash unknownUserHash(Map<String, UserFileFormat.StoredUser> users) {
    PasswordHasherConfig defaults = hasher.config();
    return users.values().stream()
        .findFirst()
        .map(
            user ->
                hasher.unmatchableHash(
                    user.hash().memoryKibibytes(),
                    user.hash().iterations(),
                    user.hash().parallelism()))
        .orElseGet(
            () ->
                hasher.unmatchableHash(
                    defaults.memoryKibibytes(), defaults.iterations(), defaults.parallelism()));
  }

  private FileStamp stamp() {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return new FileStamp(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey());
    } catch (NoSuchFileException missing) {
      return FileStamp.MISSING;
    } catch (IOException failure) {
      // Reading the file will fail and say why; the constant stamp makes that happen once.
      return new FileStamp(FileTime.fromMillis(0), -2, "unreadable");
    }
  }

  private void warnIfOthersMayRead() {
    try {
      Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
      if (permissions.stream().anyMatch(READABLE_BY_OTHERS::contains)) {
        LOG.warn(
            "User file {} is accessible to other users ({}); restrict it with: chmod 600 {}",
            file,
            PosixFilePermissions.toString(permissions),
            file);
      }
    } catch (UnsupportedOperationException | IOException notPosix) {
      // No POSIX permissions on this file system: nothing to check.
    }
  }

  @Override
  public String toString() {
    return "PasswordFileAuthenticator[" + file + "]";
  }
}
