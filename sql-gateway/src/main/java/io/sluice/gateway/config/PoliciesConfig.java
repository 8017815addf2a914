package io.sluice.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where Sluice's Ranger policies come from, and who bypasses them.
 *
 * @param file a local Ranger ServicePolicies JSON file, {@code <dataDirectory>/policies.json} by
 *     default, re-read when it changes; without one only super-users have access
 * @param pollInterval how often the file is checked, 1 s by default
 * @param rangerAdmin Ranger Admin to poll instead of the file
 * @param superUsers users no policy applies to, {@code [admin]} by default
 * @param superGroups groups no policy applies to, none by default
 * @param serviceName the Ranger service the policies are written for, {@code sluice} by default
 */
public record PoliciesConfig(
    Path file,
    Duration pollInterval,
    RangerAdminSettings rangerAdmin,
    List<String> superUsers,
    List<String> superGroups,
    String serviceName) {

  /**
   * Ranger Admin as the policy source.
   *
   * @param url Ranger Admin's base URL (https, or http on loopback)
   * @param service the Ranger service whose policies Sluice enforces
   * @param user the user Sluice downloads policies as
   * @param passwordFile a file holding that user's password
   * @param passwordEnv an environment variable holding it
   * @param pollInterval how often to ask for changes, 30 s by default
   */
  public record RangerAdminSettings(
      java.net.URI url,
      String service,
      String user,
      String passwordFile,
      String passwordEnv,
      Duration pollInterval) {}

  /** The same, with a policy file left at its default following the data directory. */
  PoliciesConfig followingDataDirectory(Path oldDataDirectory) {
    return file.equals(
            new PoliciesConfig(null, null, null, null, null, null)
                .withDefaults(oldDataDirectory)
                .file())
        ? new PoliciesConfig(null, pollInterval, rangerAdmin, superUsers, superGroups, serviceName)
        : this;
  }

  PoliciesConfig withDefaults(Path dataDirectory) {
    return new PoliciesConfig(
        (file == null ? dataDirectory.resolve("policies.json") : file).toAbsolutePath().normalize(),
        pollInterval == null ? Duration.ofSeconds(1) : pollInterval,
        rangerAdmin,
        superUsers == null ? List.of("admin") : List.copyOf(superUsers),
        superGroups == null ? List.of() : List.copyOf(superGroups),
        serviceName == null ? "sluice" : serviceName);
  }

  void validate() {
    ClusterConfig.requirePositive("policies.pollInterval", pollInterval);
    if (rangerAdmin != null) {
      if (rangerAdmin.url() == null
          || rangerAdmin.service() == null
          || rangerAdmin.user() == null) {
        throw new ConfigException(
            "policies.rangerAdmin needs url, service and user (and passwordFile or passwordEnv)");
      }
      if ((rangerAdmin.passwordFile() == null) == (rangerAdmin.passwordEnv() == null)) {
        throw new ConfigException(
            "policies.rangerAdmin needs exactly one of passwordFile and passwordEnv");
      }
    }
  }
}
