package io.sluice.spi;

import static java.util.Objects.requireNonNull;

/**
 * The one exception type Sluice raises for a failed request. Its message is written for the user:
 * what failed, on which object, and what to do. Frontends map {@link #errorCode()} to their
 * protocol's status once.
 */
public class SluiceException extends RuntimeException {
  private final ErrorCode errorCode;

  public SluiceException(ErrorCode errorCode, String message) {
    super(requireNonNull(message, "message"));
    this.errorCode = requireNonNull(errorCode, "errorCode");
  }

  public SluiceException(ErrorCode errorCode, String message, Throwable cause) {
    super(requireNonNull(message, "message"), cause);
    this.errorCode = requireNonNull(errorCode, "errorCode");
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  public ErrorKind kind() {
    return errorCode.kind();
  }

  /** Wraps anything that is not already a SluiceException as an internal error, keeping it. */
  public static SluiceException wrap(Throwable failure) {
    if (failure instanceof SluiceException sluiceException) {
      return sluiceException;
    }
    return new SluiceException(
        ErrorCode.INTERNAL_ERROR,
        "Internal error: " + failure.getClass().getSimpleName() + ": " + failure.getMessage(),
        failure);
  }
}
