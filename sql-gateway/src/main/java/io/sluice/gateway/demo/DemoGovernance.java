package io.sluice.gateway.demo;

import io.sluice.gateway.config.GatewayConfig;
import io.sluice.security.authn.password.UserFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code sluice demo} adds so that governance shows: a policy file letting the group {@code
 * analysts} read {@code tpch} with a row filter on {@code customer} (their own market segment, from
 * a user attribute) and two masks ({@code c_phone} shows its last 4 characters, {@code c_address}
 * is hashed), and a user {@code analyst} in that group. Neither replaces what exists.
 */
public final class DemoGovernance {
  public static final String ANALYST = "analyst";
  private static final String POLICIES = "/io/sluice/gateway/demo/demo-policies.json";
  private static final SecureRandom RANDOM = new SecureRandom();

  private DemoGovernance() {}

  /** Writes the demo policy file unless a policy file exists; true when it wrote one. */
  public static boolean writePolicies(GatewayConfig config) {
    Path file = config.policies().file();
    if (config.policies().rangerAdmin() != null || Files.exists(file)) {
      return false;
    }
    try (InputStream policies = DemoGovernance.class.getResourceAsStream(POLICIES)) {
      if (policies == null) {
        throw new IllegalStateException("The demo policies are missing from Sluice's jar");
      }
      Path temporary = Files.createTempFile(file.getParent(), "policies", ".json");
      Files.write(temporary, policies.readAllBytes());
      Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (IOException failure) {
      throw new UncheckedIOException("Cannot write the demo policies to " + file, failure);
    }
  }

  /**
   * Adds the user {@code analyst} (group {@code analysts}, market segment {@code BUILDING}) with a
   * random password, unless the password file already has one.
   *
   * @return the new password, to be shown once
   */
  public static Optional<String> addAnalyst(GatewayConfig config) {
    if (!config.auth().passwordFile().enabled()) {
      return Optional.empty();
    }
    UserFile users = UserFile.at(config.auth().passwordFile().file());
    if (users.exists() && users.list().stream().anyMatch(user -> user.name().equals(ANALYST))) {
      return Optional.empty();
    }
    String password = randomPassword();
    users.add(ANALYST, password, Set.of("analysts"), Map.of("segment", "BUILDING"));
    return Optional.of(password);
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    StringBuilder password = new StringBuilder();
    for (int index = 0; index < 20; index++) {
      password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
    }
    return password.toString();
  }
}
