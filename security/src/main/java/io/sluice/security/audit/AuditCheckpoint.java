package io.sluice.security.audit;

import static java.util.Objects.requireNonNull;

/**
 * The newest record known to be on disk: the file it is in, its sequence number and its hash.
 *
 * <p>{@link AuditLog} keeps one in {@code audit.head} beside the log and logs one on every seal. A
 * checkpoint kept somewhere else (another host, a ticket, the application log) lets {@link
 * AuditVerifier#verify(java.nio.file.Path, AuditCheckpoint)} notice records cut off the end of the
 * log even when whoever cut them also rewrote {@code audit.head}.
 *
 * @param file the name of the file that holds the record
 * @param sequenceNumber the record's {@code seq_num}
 * @param hash the record's hash
 */
public record AuditCheckpoint(String file, long sequenceNumber, String hash) {
  public AuditCheckpoint {
    requireNonNull(file, "file");
    requireNonNull(hash, "hash");
  }

  @Override
  public String toString() {
    return "file=" + file + " seq_num=" + sequenceNumber + " hash=" + hash;
  }
}
