package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

import io.sluice.security.audit.AuditFiles.AuditFile;
import io.sluice.security.audit.AuditFiles.Line;
import io.sluice.security.audit.AuditFiles.LineReader;
import io.sluice.security.audit.AuditRecord.Kind;
import io.sluice.security.audit.AuditRecordJson.ChainLink;
import io.sluice.security.audit.VerificationResult.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks an audit log written by {@link AuditLog} and reports the first problem.
 *
 * <p><b>Detected:</b> a record whose bytes were edited (its hash no longer matches); a line that is
 * not a record; a record replaced together with a recomputed hash (the next record's {@code
 * prev_hash} no longer matches); records deleted from anywhere but the end (the sequence numbers
 * skip); records moved or duplicated; a file whose last line is cut in the middle; a file cut off
 * after a whole record, when a later file follows (it lacks its seal and the chain does not
 * continue); a file missing from the middle (the previous file's seal names it) or from the end
 * (the newest file was sealed for rotation); a break the writer found and recorded at restart
 * ({@link Kind#CHAIN_BREAK}); and records cut off the end of the newest file or newest files
 * deleted, <em>as long as</em> {@code audit.head} or a checkpoint given by the caller names a later
 * record.
 *
 * <p><b>Not detected:</b> whoever can write the directory can cut the end of the log and rewrite
 * {@code audit.head} to match, or rewrite the whole chain from any record onwards with fresh
 * hashes; only a checkpoint kept elsewhere (the {@value AuditLog#CHECKPOINT_LOGGER} log lines, a
 * copy of {@code audit.head} on another host) shows that. Files deleted from the beginning of the
 * log look like retention and are reported as a note, not a problem. Without {@code audit.head}
 * (for example when verifying a single copied file), records cut off the end of the newest file
 * cannot be noticed.
 *
 * <p>Verify a closed log: while a writer is running, its newest line may be half written.
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * Verifies one audit file, or every audit file in a directory in order, against {@code
   * audit.head}.
   */
  public static VerificationResult verify(Path fileOrDirectory) {
    return verify(fileOrDirectory, null);
  }

  /**
   * Verifies as {@link #verify(Path)} does, and also that the log holds the record a checkpoint
   * kept elsewhere names (null for none).
   */
  public static VerificationResult verify(Path fileOrDirectory, AuditCheckpoint expected) {
    requireNonNull(fileOrDirectory, "fileOrDirectory");
    try {
      return new Run(fileOrDirectory, expected).verify();
    } catch (IOException unreadable) {
      return VerificationResult.failed(
          Problem.UNREADABLE,
          "Cannot read the audit log: " + unreadable.getMessage(),
          fileOrDirectory,
          0,
          0,
          0);
    }
  }

  /** A checkpoint to hold the log to, and whether the log has reached it yet. */
  private static final class Expectation {
    final String source;
    final AuditCheckpoint checkpoint;
    boolean seen;

    Expectation(String source, AuditCheckpoint checkpoint) {
      this.source = source;
      this.checkpoint = checkpoint;
    }
  }

  private static final class Run {
    private final Path target;
    private final List<Expectation> expectations = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Path directory;
    private final List<AuditFile> files;
    private final boolean haveHead;

    private ChainLink previous;
    private Path previousFile;
    private long previousLine;
    private long firstSequenceNumber = -1;
    private long records;
    private int filesRead;

    Run(Path target, AuditCheckpoint expected) throws IOException {
      this.target = target;
      Optional<AuditCheckpoint> head;
      if (Files.isDirectory(target)) {
        directory = target;
        files = AuditFiles.list(target);
        head = AuditFiles.readHead(target);
      } else if (Files.isRegularFile(target)) {
        directory = target.toAbsolutePath().getParent();
        files =
            List.of(
                new AuditFile(target, AuditFiles.firstSequenceNumber(target).orElse(-1L), "", 1));
        // The head only speaks for a single file when that file holds its record.
        head =
            AuditFiles.readHead(directory)
                .filter(checkpoint -> checkpoint.file().equals(target.getFileName().toString()));
      } else {
        throw new IOException(target + " is neither an audit file nor a directory");
      }
      haveHead = head.isPresent();
      head.ifPresent(checkpoint -> expectations.add(new Expectation("audit.head", checkpoint)));
      if (expected != null) {
        expectations.add(new Expectation("the given checkpoint", expected));
      }
    }

    VerificationResult verify() throws IOException {
      if (files.isEmpty()) {
        if (haveHead) {
          AuditCheckpoint head = expectations.get(0).checkpoint;
          return failed(
              Problem.MISSING_FILE,
              "There are no audit files, but audit.head records seq_num "
                  + head.sequenceNumber()
                  + " in "
                  + head.file(),
              directory.resolve(head.file()),
              0);
        }
        return failed(Problem.UNREADABLE, "There are no audit files in " + target, target, 0);
      }
      for (AuditFile file : files) {
        VerificationResult problem = verifyFile(file);
        if (problem != null) {
          return problem;
        }
      }
      return atEnd();
    }

    private VerificationResult verifyFile(AuditFile file) throws IOException {
      filesRead++;
      Path path = file.path();
      try (LineReader reader = new LineReader(path)) {
        for (Line line = reader.next(); line != null; line = reader.next()) {
          long number = line.number();
          if (!line.terminated()) {
            return failed(
                Problem.TRUNCATED,
                "Line "
                    + number
                    + " is incomplete: the file was cut off in the middle of a record (or the"
                    + " writer stopped while writing it)",
                path,
                number);
          }
          ChainLink link;
          try {
            link = AuditRecordJson.link(line.bytes());
          } catch (IllegalArgumentException invalid) {
            return failed(
                Problem.EDITED,
                "Line " + number + " is not an audit record: " + invalid.getMessage(),
                path,
                number);
          }
          if (!link.hashMatches()) {
            return failed(
                Problem.EDITED,
                "Line "
                    + number
                    + " (seq_num "
                    + link.sequenceNumber()
                    + ") was edited: its content does not match its hash",
                path,
                number);
          }
          if (link.nextFile() != null && !AuditFiles.isAuditFileName(link.nextFile())) {
            return failed(
                Problem.EDITED,
                "Line " + number + " names a next file that is not an audit file's name",
                path,
                number);
          }
          VerificationResult problem =
              number == 1 ? checkFirstOfFile(file, link) : checkNext(path, number, link, reader);
          if (problem != null) {
            return problem;
          }
          if (link.kind().equals(Kind.CHAIN_BREAK.jsonName())) {
            return failed(
                Problem.CHAIN_BREAK,
                "The writer found the log damaged when it started and recorded a break here: "
                    + link.reason(),
                path,
                number);
          }
          problem = checkExpectations(path, number, link);
          if (problem != null) {
            return problem;
          }
          if (firstSequenceNumber < 0) {
            firstSequenceNumber = link.sequenceNumber();
          }
          previous = link;
          previousFile = path;
          previousLine = number;
          records++;
        }
      }
      return null;
    }

    /** The first record of a file: it continues the previous file's chain, or says why not. */
    private VerificationResult checkFirstOfFile(AuditFile file, ChainLink link) {
      Path path = file.path();
      long sequence = link.sequenceNumber();
      if (previous == null) {
        if (file.firstSequenceNumber() >= 0 && sequence > file.firstSequenceNumber()) {
          return missing(path, 1, file.firstSequenceNumber(), sequence);
        }
        if (sequence == 1 && !link.previousHash().equals(AuditRecordJson.GENESIS_HASH)) {
          return failed(
              Problem.EDITED,
              "Line 1 is the log's first record (seq_num 1) but does not chain to the genesis hash:"
                  + " it was replaced",
              path,
              1);
        }
        if (sequence > 1) {
          notes.add(
              "the log starts at seq_num "
                  + sequence
                  + "; earlier files were removed or are kept elsewhere");
        }
        return null;
      }
      long expected = previous.sequenceNumber() + 1;
      if (sequence == expected && link.previousHash().equals(previous.hash())) {
        return null;
      }
      String name = path.getFileName().toString();
      String previousName = previousFile.getFileName().toString();
      boolean sealed = previous.kind().equals(Kind.FILE_SEALED.jsonName());
      if (sealed && previous.nextFile() != null && !previous.nextFile().equals(name)) {
        return failed(
            Problem.MISSING_FILE,
            "File "
                + previous.nextFile()
                + " is missing: "
                + previousName
                + " was sealed naming it as the next file, but the next file present is "
                + name
                + " (starting at seq_num "
                + sequence
                + ")",
            directory.resolve(previous.nextFile()),
            0);
      }
      if (!sealed) {
        return failed(
            Problem.TRUNCATED,
            previousName
                + " was cut off after line "
                + previousLine
                + " (seq_num "
                + previous.sequenceNumber()
                + "): it has no seal and "
                + name
                + " starts at seq_num "
                + sequence
                + " instead of continuing from it",
            previousFile,
            previousLine + 1);
      }
      if (sequence > expected && previous.nextFile() == null) {
        return failed(
            Problem.MISSING_FILE,
            "A file holding seq_num "
                + expected
                + (sequence - 1 > expected ? " to " + (sequence - 1) : "")
                + " is missing between "
                + previousName
                + " and "
                + name,
            path,
            1);
      }
      if (sequence > expected) {
        return missing(path, 1, expected, sequence);
      }
      if (sequence < expected) {
        return reordered(path, 1, sequence);
      }
      return failed(
          Problem.EDITED,
          "Line 1 (seq_num "
              + sequence
              + ") does not chain to the seal of "
              + previousName
              + " (line "
              + previousLine
              + "): one of the two was replaced",
          path,
          1);
    }

    /** A record after the first of its file. */
    private VerificationResult checkNext(Path path, long number, ChainLink link, LineReader reader)
        throws IOException {
      long sequence = link.sequenceNumber();
      long expected = previous.sequenceNumber() + 1;
      if (sequence == expected) {
        if (link.previousHash().equals(previous.hash())) {
          return null;
        }
        return failed(
            Problem.EDITED,
            "Line "
                + previousLine
                + " (seq_num "
                + previous.sequenceNumber()
                + ") was replaced, or line "
                + number
                + " was: line "
                + number
                + "'s prev_hash does not match line "
                + previousLine
                + "'s hash",
            path,
            previousLine);
      }
      if (sequence < expected) {
        return reordered(path, number, sequence);
      }
      // A gap: is the expected record further down (moved) or nowhere (deleted)?
      for (Line later = reader.next(); later != null && later.terminated(); later = reader.next()) {
        try {
          if (AuditRecordJson.link(later.bytes()).sequenceNumber() == expected) {
            return failed(
                Problem.REORDERED,
                "Line "
                    + number
                    + " holds seq_num "
                    + sequence
                    + ", but seq_num "
                    + expected
                    + " comes later, at line "
                    + later.number()
                    + ": records were reordered",
                path,
                number);
          }
        } catch (IllegalArgumentException notARecord) {
          // Only the first problem is reported, and this one comes later.
        }
      }
      return missing(path, number, expected, sequence);
    }

    private VerificationResult missing(Path path, long number, long from, long before) {
      String which =
          before - from == 1
              ? "seq_num " + from + " is missing"
              : (before - from)
                  + " records (seq_num "
                  + from
                  + " to "
                  + (before - 1)
                  + ") are missing";
      return failed(
          Problem.MISSING,
          "Records were deleted: " + which + " before line " + number + " (seq_num " + before + ")",
          path,
          number);
    }

    private VerificationResult reordered(Path path, long number, long sequence) {
      return failed(
          Problem.REORDERED,
          "Line "
              + number
              + " holds seq_num "
              + sequence
              + ", which belongs before seq_num "
              + previous.sequenceNumber()
              + " ("
              + previousFile.getFileName()
              + " line "
              + previousLine
              + "): records were reordered or duplicated",
          path,
          number);
    }

    private VerificationResult checkExpectations(Path path, long number, ChainLink link) {
      for (Expectation expectation : expectations) {
        AuditCheckpoint checkpoint = expectation.checkpoint;
        if (checkpoint.sequenceNumber() != link.sequenceNumber()) {
          continue;
        }
        expectation.seen = true;
        if (!checkpoint.hash().equals(link.hash())) {
          return failed(
              Problem.EDITED,
              "Line "
                  + number
                  + " (seq_num "
                  + link.sequenceNumber()
                  + ") has another hash than "
                  + expectation.source
                  + " records ("
                  + checkpoint.hash()
                  + "): the log was rewritten from here on, or the checkpoint belongs to another"
                  + " log",
              path,
              number);
        }
      }
      return null;
    }

    private VerificationResult atEnd() {
      if (previous == null) {
        return failed(Problem.UNREADABLE, "There are no audit records in " + target, target, 0);
      }
      String previousName = previousFile.getFileName().toString();
      boolean sealed = previous.kind().equals(Kind.FILE_SEALED.jsonName());
      if (sealed
          && previous.nextFile() != null
          && Files.isDirectory(target)
          && !Files.exists(directory.resolve(previous.nextFile()))) {
        return failed(
            Problem.MISSING_FILE,
            "File "
                + previous.nextFile()
                + " is missing: "
                + previousName
                + " was sealed naming it as the next file",
            directory.resolve(previous.nextFile()),
            0);
      }
      for (Expectation expectation : expectations) {
        AuditCheckpoint checkpoint = expectation.checkpoint;
        if (expectation.seen || checkpoint.sequenceNumber() < firstSequenceNumber) {
          if (!expectation.seen) {
            notes.add(expectation.source + " names a record before the first one present");
          }
          continue;
        }
        boolean fileGone =
            !checkpoint.file().equals(previousName)
                && !Files.exists(directory.resolve(checkpoint.file()));
        String message =
            "The log ends at line "
                + previousLine
                + " (seq_num "
                + previous.sequenceNumber()
                + "), but "
                + expectation.source
                + " records seq_num "
                + checkpoint.sequenceNumber()
                + " in "
                + checkpoint.file()
                + (fileGone
                    ? ": the newest files were removed"
                    : ": records were cut off the end of the file");
        return fileGone
            ? failed(Problem.MISSING_FILE, message, directory.resolve(checkpoint.file()), 0)
            : failed(Problem.TRUNCATED, message, previousFile, previousLine + 1);
      }
      StringBuilder message =
          new StringBuilder("Verified ")
              .append(records)
              .append(records == 1 ? " record" : " records")
              .append(" in ")
              .append(filesRead)
              .append(filesRead == 1 ? " file" : " files")
              .append(" (seq_num ")
              .append(firstSequenceNumber)
              .append(" to ")
              .append(previous.sequenceNumber())
              .append("): the chain is intact");
      message.append(
          sealed ? "; the last file is sealed" : "; the last file is not sealed (writer running?)");
      if (haveHead) {
        message.append("; audit.head matches");
      } else if (Files.isDirectory(target)) {
        notes.add("no audit.head: records cut off the end of the last file cannot be detected");
      } else {
        notes.add("audit.head does not name this file: records cut off its end cannot be detected");
      }
      for (String note : notes) {
        message.append("; ").append(note);
      }
      return VerificationResult.passed(message.toString(), records, filesRead);
    }

    private VerificationResult failed(Problem problem, String message, Path file, long line) {
      return VerificationResult.failed(problem, message, file, line, records, filesRead);
    }
  }
}
