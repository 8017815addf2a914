package io.sluice.gateway.auth;

import io.sluice.security.authn.Identity;
import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.function.Supplier;

/**
 * The authenticated caller of the request a thread is serving, for protocol libraries that hand a
 * request to Sluice without a way to carry who sent it (Avatica's {@code Meta}).
 */
public final class CurrentCaller {
  private static final ThreadLocal<Caller> CALLER = new ThreadLocal<>();

  /** Who is calling, and from where (null when unknown). */
  public record Caller(Identity identity, String clientAddress) {}

  private CurrentCaller() {}

  /** Runs {@code work} on this thread on behalf of {@code caller}. */
  public static <T> T runAs(Caller caller, Supplier<T> work) {
    Caller previous = CALLER.get();
    CALLER.set(caller);
    try {
      return work.get();
    } finally {
      if (previous == null) {
        CALLER.remove();
      } else {
        CALLER.set(previous);
      }
    }
  }

  /**
   * The caller of the current request.
   *
   * @throws SluiceException when the thread serves no authenticated request: a request that got
   *     here without authentication is refused, never served anonymously
   */
  public static Caller get() {
    Caller caller = CALLER.get();
    if (caller == null) {
      throw new SluiceException(
          ErrorCode.AUTHENTICATION_FAILED, "Authentication required: the request has no caller");
    }
    return caller;
  }
}
