package io.sluice.security.access.ranger.source;

/**
 * Policies that cannot be put in force: not valid JSON, not a Hive-type service, or refused by
 * Ranger's engine. The message says what and where; it never quotes the policies' text.
 */
public final class InvalidPoliciesException extends Exception {
  public InvalidPoliciesException(String message) {
    super(message);
  }

  public InvalidPoliciesException(String message, Throwable cause) {
    super(message, cause);
  }
}
