package io.sluice.security.audit;

/**
 * The audit log could not take a record. Once writing has failed the log takes no more records: the
 * gateway should stop serving rather than run unaudited.
 */
public final class AuditLogException extends RuntimeException {
  public AuditLogException(String message) {
    super(message);
  }

  public AuditLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
