package io.sluice.planner.authorize;

import io.sluice.spi.ErrorCode;
import io.sluice.spi.SluiceException;
import java.util.OptionalLong;

/**
 * The errors that refuse a statement for its user, all of the form {@code Access denied: user
 * <user> cannot <action> <object> ...}, with the policy that decided where there is one.
 */
public final class AccessDenied {
  private AccessDenied() {}

  /** A denial by the policies: names the deciding policy, or says that none allows it. */
  public static SluiceException byPolicy(
      String user, String action, Object object, OptionalLong policyId) {
    return new SluiceException(
        ErrorCode.ACCESS_DENIED,
        prefix(user, action, object)
            + (policyId.isPresent()
                ? " (policy " + policyId.getAsLong() + ")"
                : " (no policy allows it)"));
  }

  /** A refusal for a reason other than a policy's decision, which the message explains. */
  public static SluiceException because(String user, String action, Object object, String reason) {
    return new SluiceException(
        ErrorCode.ACCESS_DENIED, prefix(user, action, object) + ": " + reason);
  }

  /** As {@link #because(String, String, Object, String)}, keeping the cause. */
  public static SluiceException because(
      String user, String action, Object object, String reason, Throwable cause) {
    return new SluiceException(
        ErrorCode.ACCESS_DENIED, prefix(user, action, object) + ": " + reason, cause);
  }

  private static String prefix(String user, String action, Object object) {
    return "Access denied: user " + user + " cannot " + action + " " + object;
  }
}
