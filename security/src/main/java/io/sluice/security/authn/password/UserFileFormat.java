package io.sluice.security.authn.password;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The password file on disk: YAML, strictly read (an unknown key or a duplicate user is an error
 * naming the file and the line), written atomically with owner-only permissions.
 *
 * <pre>
 * users:
 *   alice:
 *     passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$...$..."
 *     groups: ["analysts"]
 *     attributes:
 *       region: "emea"
 * </pre>
 */
final class UserFileFormat {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.@-]{0,127}");
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,127}");
  private static final int MAXIMUM_ATTRIBUTE_VALUE_LENGTH = 1024;
  private static final String HEADER =
      "# Sluice users. Change them with the 'sluice user' commands: passwords are stored only as"
          + " Argon2id hashes.\n";

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);

  /** A user as stored: the hash taken apart already, so that a bad one fails at load. */
  record StoredUser(
      String name,
      String encodedHash,
      PasswordHasher.EncodedHash hash,
      SortedSet<String> groups,
      SortedMap<String, String> attributes) {}

  /** The file's YAML shape. */
  record Document(Map<String, UserDocument> users) {}

  /** One user's YAML shape. */
  @JsonInclude(JsonInclude.Include.NON_EMPTY)
  record UserDocument(String passwordHash, List<String> groups, Map<String, String> attributes) {}

  private UserFileFormat() {}

  /**
   * Reads and checks the file; users in name order.
   *
   * @throws SluiceException (invalid configuration) naming the file and what is wrong
   */
  static SortedMap<String, StoredUser> read(Path file) {
    String text;
    try {
      text = Files.readString(file, UTF_8);
    } catch (NoSuchFileException missing) {
      throw invalid(file, "it does not exist", missing);
    } catch (IOException failure) {
      throw invalid(file, failure.toString(), failure);
    }
    return parse(text, file);
  }

  static SortedMap<String, StoredUser> parse(String text, Path file) {
    Document document;
    try {
      document = text.isBlank() ? null : MAPPER.readValue(text, Document.class);
    } catch (UnrecognizedPropertyException unknown) {
      String known =
          unknown.getKnownPropertyIds().stream()
              .map(String::valueOf)
              .sorted()
              .collect(Collectors.joining(", "));
      throw invalid(
          file,
          "unknown key '"
              + unknown.getPropertyName()
              + "' at "
              + path(unknown)
              + at(lineOfKey(text, unknown.getPropertyName(), unknown.getLocation()))
              + " (known keys: "
              + known
              + ")",
          unknown);
    } catch (MismatchedInputException badValue) {
      throw invalid(
          file,
          "invalid value at "
              + path(badValue)
              + at(badValue.getLocation())
              + ": "
              + badValue.getOriginalMessage(),
          badValue);
    } catch (JsonProcessingException badYaml) {
      throw invalid(
          file,
          "it is not valid YAML" + at(badYaml.getLocation()) + ": " + badYaml.getOriginalMessage(),
          badYaml);
    }
    SortedMap<String, StoredUser> users = new TreeMap<>();
    if (document == null || document.users() == null) {
      return users;
    }
    for (Map.Entry<String, UserDocument> entry : document.users().entrySet()) {
      String name = entry.getKey();
      UserDocument user = entry.getValue();
      try {
        checkName("user name", name);
        if (user == null || user.passwordHash() == null) {
          throw new IllegalArgumentException("it has no passwordHash");
        }
        PasswordHasher.EncodedHash hash;
        try {
          hash = PasswordHasher.parse(user.passwordHash());
        } catch (IllegalArgumentException badHash) {
          throw new IllegalArgumentException(
              "its passwordHash is invalid: " + badHash.getMessage());
        }
        users.put(
            name,
            new StoredUser(
                name,
                user.passwordHash(),
                hash,
                groups(user.groups() == null ? List.of() : user.groups()),
                attributes(user.attributes() == null ? Map.of() : user.attributes())));
      } catch (IllegalArgumentException badUser) {
        throw invalid(file, "user '" + name + "': " + badUser.getMessage(), null);
      }
    }
    return users;
  }

  /** The file's text for these users: a comment, then the YAML document. */
  static String format(Map<String, StoredUser> users) {
    Map<String, UserDocument> documents = new LinkedHashMap<>();
    for (StoredUser user : new TreeMap<>(users).values()) {
      documents.put(
          user.name(),
          new UserDocument(
              user.encodedHash(),
              new ArrayList<>(user.groups()),
              new TreeMap<>(user.attributes())));
    }
    try {
      return HEADER + MAPPER.writeValueAsString(new Document(documents));
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException("Cannot format the user file", impossible);
    }
  }

  /**
   * Replaces the file in one step (a temporary file beside it, then a rename), readable and
   * writable by the owner only where the file system has POSIX permissions.
   *
   * @param mustNotExist fail with {@link FileAlreadyExistsException} instead of replacing
   */
  static void write(Path file, String text, boolean mustNotExist) throws IOException {
    Path target = file.toAbsolutePath();
    Path directory = target.getParent();
    Files.createDirectories(directory);
    boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
    Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
    Path temporary =
        posix
            ? Files.createTempFile(
                directory,
                "." + target.getFileName(),
                ".tmp",
                PosixFilePermissions.asFileAttribute(ownerOnly))
            : Files.createTempFile(directory, "." + target.getFileName(), ".tmp");
    boolean moved = false;
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      if (posix) {
        // createTempFile honours the attribute, but a umask could not widen it; set it plainly.
        Files.setPosixFilePermissions(temporary, ownerOnly);
      }
      if (mustNotExist) {
        Files.move(temporary, target);
      } else {
        Files.move(temporary, target, ATOMIC_MOVE, REPLACE_EXISTING);
      }
      moved = true;
    } finally {
      if (!moved) {
        Files.deleteIfExists(temporary);
      }
    }
  }

  static void checkName(String what, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "the "
              + what
              + " '"
              + printable(name)
              + "' is not valid: use 1 to 128 letters, digits, '_', '.', '@' or '-', not starting"
              + " with '.', '@' or '-'");
    }
  }

  static SortedSet<String> groups(Iterable<String> groups) {
    SortedSet<String> checked = new TreeSet<>();
    for (String group : groups) {
      checkName("group name", group);
      checked.add(group);
    }
    return Collections.unmodifiableSortedSet(checked);
  }

  static SortedMap<String, String> attributes(Map<String, String> attributes) {
    SortedMap<String, String> checked = new TreeMap<>();
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String name = attribute.getKey();
      String value = attribute.getValue();
      if (name == null || !ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "the attribute name '"
                + printable(name)
                + "' is not valid: use 1 to 128 letters, digits, '_', '.' or '-', starting with a"
                + " letter or '_'");
      }
      if (value == null) {
        throw new IllegalArgumentException("attribute '" + name + "' has no value");
      }
      if (value.length() > MAXIMUM_ATTRIBUTE_VALUE_LENGTH
          || value.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException(
            "the value of attribute '"
                + name
                + "' must have at most "
                + MAXIMUM_ATTRIBUTE_VALUE_LENGTH
                + " characters and no control characters");
      }
      checked.put(name, value);
    }
    return Collections.unmodifiableSortedMap(checked);
  }

  /** A name for an error message: control characters escaped, long names cut. */
  static String printable(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder printable = new StringBuilder();
    text.codePoints()
        .limit(64)
        .forEach(
            codePoint -> {
              if (Character.isISOControl(codePoint)) {
                printable.append(String.format("\\u%04x", codePoint));
              } else {
                printable.appendCodePoint(codePoint);
              }
            });
    return text.codePointCount(0, text.length()) > 64 ? printable + "..." : printable.toString();
  }

  private static SluiceException invalid(Path file, String problem, Throwable cause) {
    String message = "Cannot read user file " + file + ": " + problem;
    return cause == null
        ? new SluiceException(ErrorCode.INVALID_CONFIGURATION, message)
        : new SluiceException(ErrorCode.INVALID_CONFIGURATION, message, cause);
  }

  private static String path(JsonMappingException failure) {
    String path =
        failure.getPath().stream()
            .map(
                reference ->
                    reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
            .collect(Collectors.joining("."))
            .replace(".[", "[");
    return path.isEmpty() ? "the top level" : "'" + path + "'";
  }

  /**
   * The YAML parser reports an unknown key where its value ends; the key's own line (the last one
   * at or before that place that starts with the key) is what the reader needs.
   */
  private static JsonLocation lineOfKey(String text, String key, JsonLocation reported) {
    if (reported == null || reported.getLineNr() < 1) {
      return reported;
    }
    String[] lines = text.split("\n", -1);
    Pattern keyLine = Pattern.compile("(\\s*)(-\\s+)?\"?" + Pattern.quote(key) + "\"?\\s*:.*");
    for (int line = Math.min(reported.getLineNr(), lines.length); line >= 1; line--) {
      Matcher matcher = keyLine.matcher(lines[line - 1]);
      if (matcher.matches()) {
        return new JsonLocation(reported.contentReference(), -1, line, matcher.end(1) + 1);
      }
    }
    return reported;
  }

  private static String at(JsonLocation location) {
    if (location == null || location.getLineNr() < 1) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
