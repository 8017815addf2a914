package io.sluice.security.audit;

import java.nio.file.Path;

/**
 * What {@link AuditVerifier} found: either an intact log, or the first problem in it.
 *
 * @param ok whether the log is intact
 * @param problem the kind of the first problem; null when ok
 * @param message what was verified, or what is wrong and where, in words
 * @param file the file of the problem (for a missing file, the file that should be there); null
 *     when ok or when no file is to blame
 * @param line the line of the problem within the file, counted from 1; 0 when no line is to blame
 * @param records how many records were verified (before the problem, if there is one)
 * @param files how many files were read
 */
public record VerificationResult(
    boolean ok, Problem problem, String message, Path file, long line, long records, int files) {

  /** The kinds of problem, in the words of the issue. */
  public enum Problem {
    /** A record does not match its hash, is not a record, or was replaced with a new hash. */
    EDITED,
    /** Records are missing: the sequence numbers skip. */
    MISSING,
    /** A record comes before one with a lower sequence number. */
    REORDERED,
    /** A file ends in the middle of a record, or records were cut off the end of a file. */
    TRUNCATED,
    /** A whole file is missing from the chain. */
    MISSING_FILE,
    /** The writer found the log damaged when it started and recorded a break in the chain. */
    CHAIN_BREAK,
    /** The log could not be read at all, or there is no log. */
    UNREADABLE
  }

  static VerificationResult passed(String message, long records, int files) {
    return new VerificationResult(true, null, message, null, 0, records, files);
  }

  static VerificationResult failed(
      Problem problem, String message, Path file, long line, long records, int files) {
    return new VerificationResult(false, problem, message, file, line, records, files);
  }

  /** One line for a command line: {@code OK: ...} or {@code FAILED (EDITED) file:line: ...}. */
  @Override
  public String toString() {
    if (ok) {
      return "OK: " + message;
    }
    String where = file == null ? "" : " " + file + (line > 0 ? ":" + line : "") + ":";
    return "FAILED (" + problem + ")" + where + " " + message;
  }
}
