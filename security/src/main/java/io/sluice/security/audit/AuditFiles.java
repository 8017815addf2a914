package io.sluice.security.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The audit directory's layout: {@code audit-<first seq_num, 12 digits>-<UTC day>.jsonl} files,
 * which sort by name in chain order, and {@code audit.head}, the newest checkpoint.
 */
final class AuditFiles {
  static final String HEAD_FILE = "audit.head";
  static final String LOCK_FILE = "audit.lock";

  private static final Pattern FILE_NAME =
      Pattern.compile("audit-(\\d{12,19})-(\\d{4}-\\d{2}-\\d{2})(?:-(\\d{1,9}))?\\.jsonl");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private AuditFiles() {}

  /**
   * An audit file and what its name says: the sequence number it starts at, the day it was started,
   * and a counter that tells apart two files that start at the same sequence number (only after a
   * damaged file, see {@link AuditLog}).
   */
  record AuditFile(Path path, long firstSequenceNumber, String day, int counter) {
    String name() {
      return path.getFileName().toString();
    }
  }

  static String fileName(long firstSequenceNumber, LocalDate day) {
    return String.format("audit-%012d-%s.jsonl", firstSequenceNumber, day);
  }

  static String fileName(long firstSequenceNumber, LocalDate day, int counter) {
    return String.format("audit-%012d-%s-%d.jsonl", firstSequenceNumber, day, counter);
  }

  /** Whether a name, as it stands (no directories), is an audit file's name. */
  static boolean isAuditFileName(String name) {
    return FILE_NAME.matcher(name).matches();
  }

  /** The audit files in a directory, in chain order. */
  static List<AuditFile> list(Path directory) throws IOException {
    List<AuditFile> files = new ArrayList<>();
    try (Stream<Path> entries = Files.list(directory)) {
      for (Path path : (Iterable<Path>) entries::iterator) {
        Matcher matcher = FILE_NAME.matcher(path.getFileName().toString());
        if (matcher.matches() && Files.isRegularFile(path)) {
          files.add(
              new AuditFile(
                  path,
                  Long.parseLong(matcher.group(1)),
                  matcher.group(2),
                  matcher.group(3) == null ? 1 : Integer.parseInt(matcher.group(3))));
        }
      }
    }
    files.sort(
        Comparator.comparingLong(AuditFile::firstSequenceNumber)
            .thenComparing(AuditFile::day)
            .thenComparingInt(AuditFile::counter));
    return files;
  }

  /** The sequence number in a file's name, or empty when it is not named like an audit file. */
  static Optional<Long> firstSequenceNumber(Path path) {
    Matcher matcher = FILE_NAME.matcher(path.getFileName().toString());
    return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }

  /**
   * One line of a file, without its newline, numbered from 1. {@code terminated} is false for a
   * last line that has no newline: the file was cut or the writer stopped in the middle.
   */
  record Line(long number, byte[] bytes, boolean terminated) {}

  /** Reads a file line by line as bytes, so that hashes are taken over exactly what is on disk. */
  static final class LineReader implements Closeable {
    private final InputStream in;
    private final byte[] chunk = new byte[64 * 1024];
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private int position;
    private int limit;
    private long number;

    LineReader(Path path) throws IOException {
      this.in = Files.newInputStream(path);
    }

    /** The next line, or null at the end of the file. */
    Line next() throws IOException {
      line.reset();
      while (true) {
        if (position == limit) {
          limit = in.read(chunk);
          position = 0;
          if (limit <= 0) {
            limit = 0;
            return line.size() == 0 ? null : new Line(++number, line.toByteArray(), false);
          }
        }
        for (int i = position; i < limit; i++) {
          if (chunk[i] == '\n') {
            line.write(chunk, position, i - position);
            position = i + 1;
            return new Line(++number, line.toByteArray(), true);
          }
        }
        line.write(chunk, position, limit - position);
        position = limit;
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  static Optional<AuditCheckpoint> readHead(Path directory) throws IOException {
    Path head = directory.resolve(HEAD_FILE);
    if (!Files.exists(head)) {
      return Optional.empty();
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(Files.readAllBytes(head));
    } catch (IOException invalid) {
      throw new IOException("Cannot read " + head + ": it is not valid JSON", invalid);
    }
    if (node == null
        || !node.path("file").isTextual()
        || !node.path("seq_num").isIntegralNumber()
        || !node.path("hash").isTextual()) {
      throw new IOException("Cannot read " + head + ": it needs file, seq_num and hash");
    }
    if (!isAuditFileName(node.get("file").asText())) {
      throw new IOException("Cannot read " + head + ": it does not name an audit file");
    }
    return Optional.of(
        new AuditCheckpoint(
            node.get("file").asText(), node.get("seq_num").asLong(), node.get("hash").asText()));
  }

  /** Replaces {@code audit.head} atomically, forced to disk before the rename. */
  static void writeHead(Path directory, AuditCheckpoint checkpoint) throws IOException {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("file", checkpoint.file());
    node.put("seq_num", checkpoint.sequenceNumber());
    node.put("hash", checkpoint.hash());
    byte[] bytes = (MAPPER.writeValueAsString(node) + "\n").getBytes(StandardCharsets.UTF_8);
    Path temporary = directory.resolve(HEAD_FILE + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(bytes);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      channel.force(true);
    }
    Files.move(
        temporary,
        directory.resolve(HEAD_FILE),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }
}
