package io.sluice.security.access.ranger.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Policies polled from Ranger Admin the way Ranger's own plugins poll them, over Sluice's own small
 * HTTP client: {@code GET /service/plugins/secure/policies/download/{service}} with the version in
 * force as {@code lastKnownVersion} (200 brings new policies, 304 means unchanged), and likewise
 * {@code /service/roles/secure/download/{service}} for roles. Each good set is cached on disk and
 * loaded at start, so Sluice starts with the last good policies while Ranger Admin is down.
 * Failures are logged once each, without credentials, until Ranger Admin answers again.
 */
public final class RangerAdminPolicySource implements PolicySource {
  private static final Logger LOG = LoggerFactory.getLogger(RangerAdminPolicySource.class);

  private static final String POLICIES_PATH = "/service/plugins/secure/policies/download/";
  private static final String ROLES_PATH = "/service/roles/secure/download/";

  private final RangerAdminConfig config;
  private final HttpClient client;
  private final ScheduledExecutorService poller;
  private final String origin;
  private PolicyListener listener;
  private ServicePolicies policies;
  private Optional<RangerRoles> roles = Optional.empty();
  private long activationTime;
  private String lastFailure;

  public RangerAdminPolicySource(RangerAdminConfig config) {
    this.config = requireNonNull(config, "config");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(config.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.poller =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "sluice-ranger-admin");
              thread.setDaemon(true);
              return thread;
            });
    this.origin = "Ranger Admin " + config.url() + " (service " + config.serviceName() + ")";
  }

  @Override
  public synchronized void start(PolicyListener newListener) {
    if (listener != null) {
      throw new IllegalStateException("The policy source for " + origin + " is started");
    }
    listener = requireNonNull(newListener, "listener");
    loadCache();
    poll();
    long millis = config.pollInterval().toMillis();
    poller.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
  }

  @Override
  public String describe() {
    return origin;
  }

  @Override
  public void close() {
    poller.shutdown();
    try {
      if (!poller.awaitTermination(
          config.requestTimeout().toMillis() + 10_000, TimeUnit.MILLISECONDS)) {
        poller.shutdownNow();
      }
    } catch (InterruptedException e) {
      poller.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void loadCache() {
    Path cacheFile = config.cacheFile();
    if (!Files.exists(cacheFile)) {
      return;
    }
    try {
      PolicySnapshot cached =
          PolicyJson.parse(Files.readAllBytes(cacheFile), "cache file " + cacheFile);
      listener.policiesChanged(cached);
      policies = cached.policies();
      roles = cached.roles();
    } catch (InvalidPoliciesException e) {
      LOG.warn("{}; it is not used", e.getMessage(), e.getCause());
    } catch (IOException e) {
      LOG.warn(
          "Cannot read cache file {} ({}); it is not used",
          cacheFile,
          e.getClass().getSimpleName());
    }
  }

  private synchronized void poll() {
    try {
      Optional<ServicePolicies> newPolicies = downloadPolicies();
      Optional<RangerRoles> newRoles = config.downloadRoles() ? downloadRoles() : Optional.empty();
      recovered();
      if (newPolicies.isEmpty() && newRoles.isEmpty()) {
        return;
      }
      ServicePolicies nextPolicies = newPolicies.orElse(policies);
      if (nextPolicies == null) {
        // Roles without policies: Ranger Admin answered 304 to a plugin that has none.
        return;
      }
      Optional<RangerRoles> nextRoles = newRoles.isPresent() ? newRoles : roles;
      PolicySnapshot snapshot = new PolicySnapshot(nextPolicies, nextRoles, origin);
      listener.policiesChanged(snapshot);
      policies = nextPolicies;
      roles = nextRoles;
      activationTime = System.currentTimeMillis();
      writeCache(snapshot);
    } catch (RangerAdminException e) {
      failed(e.getMessage(), null);
    } catch (InvalidPoliciesException e) {
      // The cause, when there is one, is Ranger's: parse errors keep none (they quote the JSON).
      failed(e.getMessage(), e.getCause());
    } catch (IOException e) {
      failed(
          "Cannot reach "
              + origin
              + ": "
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"),
          null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      // Keep polling: an exception here would end the scheduled task for good.
      LOG.error("Cannot poll {}; {}", origin, inForce(), e);
    }
  }

  private Optional<ServicePolicies> downloadPolicies()
      throws IOException, InterruptedException, RangerAdminException, InvalidPoliciesException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("lastKnownVersion", Long.toString(version(policies)));
    query.put("lastActivationTime", Long.toString(activationTime));
    query.put("pluginId", config.pluginId());
    query.put("clusterName", config.clusterName());
    query.put("supportsPolicyDeltas", "false");
    Optional<byte[]> body = get(POLICIES_PATH, query, "policies");
    if (body.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(PolicyJson.parsePolicies(body.get(), origin));
  }

  private Optional<RangerRoles> downloadRoles()
      throws IOException, InterruptedException, RangerAdminException, InvalidPoliciesException {
    Map<String, String> query = new LinkedHashMap<>();
    query.put("lastKnownRoleVersion", Long.toString(roles.map(r -> version(r)).orElse(-1L)));
    query.put("lastActivationTime", Long.toString(activationTime));
    query.put("pluginId", config.pluginId());
    query.put("clusterName", config.clusterName());
    Optional<byte[]> body = get(ROLES_PATH, query, "roles");
    if (body.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(PolicyJson.parseRoles(body.get(), origin + " roles"));
  }

  /** The body of a 200, or empty for 304 (and 204, as Ranger's own client reads it). */
  private Optional<byte[]> get(String path, Map<String, String> query, String what)
      throws IOException, InterruptedException, RangerAdminException {
    String base = config.url().toString().replaceAll("/+$", "");
    URI uri =
        URI.create(
            base
                + path
                + encode(config.serviceName())
                + "?"
                + query.entrySet().stream()
                    .map(entry -> entry.getKey() + "=" + encode(entry.getValue()))
                    .collect(Collectors.joining("&")));
    String password;
    try {
      password = config.password().read();
    } catch (IOException e) {
      throw new RangerAdminException(
          "Cannot read the password of user '"
              + config.user()
              + "' for "
              + origin
              + " "
              + config.password()
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    }
    String credentials = config.user() + ":" + password;
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(config.requestTimeout())
            .header("Accept", "application/json")
            .header(
                "Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(UTF_8)))
            .GET()
            .build();
    HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    int status = response.statusCode();
    return switch (status) {
      case 200 -> Optional.of(response.body());
      case 304, 204 -> Optional.empty();
      case 401 ->
          throw new RangerAdminException(
              origin
                  + " refused the credentials of user '"
                  + config.user()
                  + "' (HTTP 401): check the user and its password");
      case 403 ->
          throw new RangerAdminException(
              origin
                  + " does not let user '"
                  + config.user()
                  + "' download "
                  + what
                  + " (HTTP 403): add the user to the service's policy download users");
      case 404 ->
          throw new RangerAdminException(
              origin
                  + " has no service named '"
                  + config.serviceName()
                  + "' (HTTP 404 for its "
                  + what
                  + "): check the service name");
      default ->
          throw new RangerAdminException(
              origin + " answered HTTP " + status + " to the download of " + what);
    };
  }

  private void writeCache(PolicySnapshot snapshot) {
    Path cacheFile = config.cacheFile();
    try {
      Files.createDirectories(cacheFile.getParent());
      Path temporary =
          Files.createTempFile(cacheFile.getParent(), cacheFile.getFileName().toString(), ".tmp");
      try {
        Files.write(temporary, PolicyJson.write(snapshot));
        Files.move(
            temporary,
            cacheFile,
            StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (IOException e) {
      LOG.warn(
          "Cannot write the policy cache {} ({}): Sluice cannot start with these policies while {}"
              + " is down",
          cacheFile,
          e.getClass().getSimpleName(),
          origin);
    }
  }

  private void failed(String message, Throwable cause) {
    if (!message.equals(lastFailure)) {
      LOG.warn("{}; {}", message, inForce(), cause);
      lastFailure = message;
    }
  }

  private void recovered() {
    if (lastFailure != null) {
      LOG.info("{} answers again", origin);
      lastFailure = null;
    }
  }

  private String inForce() {
    return policies == null
        ? "no policies yet: only super-users have access"
        : "policies version " + version(policies) + " stay in force";
  }

  private static long version(ServicePolicies policies) {
    return policies == null || policies.getPolicyVersion() == null
        ? -1
        : policies.getPolicyVersion();
  }

  private static long version(RangerRoles roles) {
    return roles.getRoleVersion() == null ? -1 : roles.getRoleVersion();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8).replace("+", "%20");
  }

  /** Ranger Admin answered, but not with policies. */
  private static final class RangerAdminException extends Exception {
    RangerAdminException(String message) {
      super(message);
    }
  }
}
