package io.sluice.security.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Keycloak for tests: one per test JVM, started at first use from the distribution the Maven
 * build unpacks ({@code keycloak-quarkus-dist}, system property {@value #HOME_PROPERTY}), in dev
 * mode with an in-memory database on a free loopback port, and stopped when the JVM exits.
 *
 * <p>Each realm from {@link #createRealm(String)} has the gateway's confidential client {@value
 * #CLIENT_ID} (password grant on, a {@code groups} claim without paths, an audience mapper for
 * itself, a {@code region} attribute claim), a second client {@value #OTHER_CLIENT_ID} without the
 * audience mapper, realm roles {@code analyst} and {@code auditor}, groups {@code analysts} and
 * {@code engineers}, and the users {@value #ALICE} (both groups, role analyst, region emea) and
 * {@value #BOB} (no groups, no roles, no region). The realm {@value #REALM} exists from the start.
 *
 * <p>Keycloak's output goes to the file named by {@value #LOG_PROPERTY} (default {@code
 * target/keycloak.log}). Another module reusing this class from the test-jar either unpacks the
 * distribution itself and sets {@value #HOME_PROPERTY}, or relies on the security module's build
 * having unpacked it into {@code ../security/target/keycloak}.
 */
public final class TestingKeycloak {
  public static final String HOME_PROPERTY = "sluice.keycloak.home";
  public static final String LOG_PROPERTY = "sluice.keycloak.log";
  public static final String REALM = "sluice";
  public static final String CLIENT_ID = "sluice-gateway";
  public static final String OTHER_CLIENT_ID = "other-app";
  public static final String ALICE = "alice";
  public static final String ALICE_PASSWORD = "alice-Secret-1";
  public static final String BOB = "bob";
  public static final String BOB_PASSWORD = "bob-Secret-1";

  private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestingKeycloak instance;

  private final Process process;
  private final int port;
  private final String adminPassword;
  private final String clientSecret;
  private final String otherClientSecret;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** The shared Keycloak, started (and the realm {@value #REALM} created) at the first call. */
  public static synchronized TestingKeycloak instance() {
    if (instance == null) {
      instance = start();
    }
    return instance;
  }

  private TestingKeycloak(Process process, int port, String adminPassword) {
    this.process = process;
    this.port = port;
    this.adminPassword = adminPassword;
    this.clientSecret = randomSecret();
    this.otherClientSecret = randomSecret();
  }

  private static TestingKeycloak start() {
    Path home = home();
    Path log = Path.of(System.getProperty(LOG_PROPERTY, "target/keycloak.log")).toAbsolutePath();
    int port = freePort();
    String adminPassword = randomSecret();
    ProcessBuilder builder =
        new ProcessBuilder(
                "/bin/sh",
                home.resolve("bin/kc.sh").toString(),
                "start-dev",
                "--db=dev-mem",
                "--http-host=127.0.0.1",
                "--http-port=" + port,
                "--http-management-port=" + freePort())
            .directory(home.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", "admin");
    builder.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
    builder.environment().put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
    Process process;
    try {
      Files.createDirectories(log.getParent());
      process = builder.start();
    } catch (IOException failure) {
      throw new UncheckedIOException("Cannot start Keycloak from " + home, failure);
    }
    TestingKeycloak keycloak = new TestingKeycloak(process, port, adminPassword);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(keycloak::stop, "stop-testing-keycloak-" + process.pid()));
    try {
      keycloak.awaitReady(log);
      keycloak.createRealm(REALM);
    } catch (RuntimeException failure) {
      keycloak.stop();
      throw failure;
    }
    return keycloak;
  }

  /**
   * The distribution named by {@value #HOME_PROPERTY}; without it, one that the security module's
   * build unpacked (from this module or a sibling), so that other modules' tests can run after it.
   */
  private static Path home() {
    String property = System.getProperty(HOME_PROPERTY);
    List<Path> candidates = new ArrayList<>();
    if (property != null) {
      candidates.add(Path.of(property));
    } else {
      for (String unpacked : List.of("target/keycloak", "../security/target/keycloak")) {
        try (Stream<Path> homes = Files.list(Path.of(unpacked))) {
          homes
              .filter(home -> home.getFileName().toString().startsWith("keycloak-"))
              .forEach(candidates::add);
        } catch (IOException notThere) {
          // Try the next place.
        }
      }
    }
    for (Path home : candidates) {
      if (Files.isRegularFile(home.resolve("bin/kc.sh"))) {
        return home.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException(
        "No Keycloak distribution "
            + (property == null
                ? "(system property " + HOME_PROPERTY + " is not set)"
                : "in " + property)
            + ": run the tests through Maven, whose build unpacks keycloak-quarkus-dist"
            + " (mvn -pl security test)");
  }

  /** Base URL, {@code http://127.0.0.1:<port>}. */
  public URI baseUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** The issuer of a realm's tokens when they are requested through {@link #baseUri()}. */
  public URI issuer(String realm) {
    return URI.create(baseUri() + "/realms/" + realm);
  }

  public URI issuer() {
    return issuer(REALM);
  }

  public URI tokenEndpoint(String realm) {
    return URI.create(issuer(realm) + "/protocol/openid-connect/token");
  }

  public URI jwksUri(String realm) {
    return URI.create(issuer(realm) + "/protocol/openid-connect/certs");
  }

  public String clientSecret() {
    return clientSecret;
  }

  public String otherClientSecret() {
    return otherClientSecret;
  }

  /** An access token for a user from a password grant with the gateway's client. */
  public String accessToken(String user, String password) {
    return accessToken(REALM, CLIENT_ID, clientSecret, user, password);
  }

  public String accessToken(
      String realm, String clientId, String secret, String user, String password) {
    return tokenResponse(realm, clientId, secret, user, password, null)
        .path("access_token")
        .asText();
  }

  /** The token endpoint's whole answer to a password grant (with {@code scope} if not null). */
  public JsonNode tokenResponse(
      String realm, String clientId, String secret, String user, String password, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "password");
    form.put("client_id", clientId);
    form.put("client_secret", secret);
    form.put("username", user);
    form.put("password", password);
    if (scope != null) {
      form.put("scope", scope);
    }
    HttpResponse<String> response = postForm(tokenEndpoint(realm), form);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Password grant for "
              + user
              + " in realm "
              + realm
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    return readJson(response.body());
  }

  /**
   * Creates a realm as the class comment describes. Through the admin REST API, as an operator
   * would with kcadm.
   */
  public synchronized void createRealm(String realm) {
    String token = adminToken();
    ObjectNode representation = JSON.createObjectNode();
    representation.put("realm", realm);
    representation.put("enabled", true);
    ArrayNode roles = representation.putObject("roles").putArray("realm");
    roles.addObject().put("name", "analyst");
    roles.addObject().put("name", "auditor");
    ArrayNode groups = representation.putArray("groups");
    groups.addObject().put("name", "analysts");
    groups.addObject().put("name", "engineers");
    ArrayNode clients = representation.putArray("clients");
    ObjectNode gateway = client(clients, CLIENT_ID, clientSecret);
    ArrayNode mappers = gateway.putArray("protocolMappers");
    mapper(
        mappers,
        "groups",
        "oidc-group-membership-mapper",
        Map.of("claim.name", "groups", "full.path", "false"));
    mapper(
        mappers,
        "audience",
        "oidc-audience-mapper",
        Map.of("included.client.audience", CLIENT_ID, "id.token.claim", "false"));
    mapper(
        mappers,
        "region",
        "oidc-usermodel-attribute-mapper",
        Map.of("user.attribute", "region", "claim.name", "region", "jsonType.label", "String"));
    client(clients, OTHER_CLIENT_ID, otherClientSecret);
    admin("POST", "/admin/realms", representation, token);

    // Custom attributes such as region need the user profile to allow unmanaged attributes.
    ObjectNode profile =
        (ObjectNode) admin("GET", "/admin/realms/" + realm + "/users/profile", null, token);
    profile.put("unmanagedAttributePolicy", "ENABLED");
    admin("PUT", "/admin/realms/" + realm + "/users/profile", profile, token);

    createUser(
        realm,
        token,
        ALICE,
        ALICE_PASSWORD,
        List.of("analysts", "engineers"),
        List.of("analyst"),
        Map.of("region", "emea"));
    createUser(realm, token, BOB, BOB_PASSWORD, List.of(), List.of(), Map.of());
  }

  /**
   * Adds a new RSA signing key with a higher priority than the realm's others: tokens issued from
   * now on carry its key id, which a validator that cached the old key set has not seen.
   */
  public void addSigningKey(String realm, String name, int priority) {
    String token = adminToken();
    String realmId = admin("GET", "/admin/realms/" + realm, null, token).path("id").asText();
    ObjectNode component = JSON.createObjectNode();
    component.put("name", name);
    component.put("providerId", "rsa-generated");
    component.put("providerType", "org.keycloak.keys.KeyProvider");
    component.put("parentId", realmId);
    ObjectNode config = component.putObject("config");
    config.putArray("priority").add(String.valueOf(priority));
    config.putArray("keySize").add("2048");
    config.putArray("algorithm").add("RS256");
    admin("POST", "/admin/realms/" + realm + "/components", component, token);
  }

  private void createUser(
      String realm,
      String token,
      String user,
      String password,
      List<String> groups,
      List<String> roles,
      Map<String, String> attributes) {
    ObjectNode representation = JSON.createObjectNode();
    representation.put("username", user);
    representation.put("enabled", true);
    // Keycloak's default user profile requires these before a login may complete.
    representation.put("email", user + "@example.com");
    representation.put("emailVerified", true);
    representation.put("firstName", user);
    representation.put("lastName", "Tester");
    ObjectNode attributeNode = representation.putObject("attributes");
    attributes.forEach((name, value) -> attributeNode.putArray(name).add(value));
    ObjectNode credential = representation.putArray("credentials").addObject();
    credential.put("type", "password");
    credential.put("value", password);
    credential.put("temporary", false);
    ArrayNode groupPaths = representation.putArray("groups");
    groups.forEach(group -> groupPaths.add("/" + group));
    HttpResponse<String> created =
        adminResponse("POST", "/admin/realms/" + realm + "/users", representation, token);
    String location = created.headers().firstValue("Location").orElseThrow();
    String userId = location.substring(location.lastIndexOf('/') + 1);
    if (!roles.isEmpty()) {
      ArrayNode roleRepresentations = JSON.createArrayNode();
      for (String role : roles) {
        roleRepresentations.add(
            admin("GET", "/admin/realms/" + realm + "/roles/" + role, null, token));
      }
      admin(
          "POST",
          "/admin/realms/" + realm + "/users/" + userId + "/role-mappings/realm",
          roleRepresentations,
          token);
    }
  }

  private static ObjectNode client(ArrayNode clients, String clientId, String secret) {
    ObjectNode client = clients.addObject();
    client.put("clientId", clientId);
    client.put("enabled", true);
    client.put("publicClient", false);
    client.put("secret", secret);
    client.put("directAccessGrantsEnabled", true);
    client.put("standardFlowEnabled", false);
    return client;
  }

  private static void mapper(
      ArrayNode mappers, String name, String type, Map<String, String> settings) {
    ObjectNode mapper = mappers.addObject();
    mapper.put("name", name);
    mapper.put("protocol", "openid-connect");
    mapper.put("protocolMapper", type);
    ObjectNode config = mapper.putObject("config");
    config.put("access.token.claim", "true");
    config.put("id.token.claim", "true");
    config.put("userinfo.token.claim", "true");
    settings.forEach(config::put);
  }

  /** A token of the master realm's admin, for the admin REST API. */
  public String adminToken() {
    HttpResponse<String> response =
        postForm(
            URI.create(baseUri() + "/realms/master/protocol/openid-connect/token"),
            Map.of(
                "grant_type", "password",
                "client_id", "admin-cli",
                "username", "admin",
                "password", adminPassword));
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Cannot log in to Keycloak's admin API: HTTP " + response.statusCode());
    }
    return readJson(response.body()).path("access_token").asText();
  }

  /** Calls the admin REST API and returns the JSON answer (null if there is none). */
  public JsonNode admin(String method, String path, JsonNode body, String token) {
    HttpResponse<String> response = adminResponse(method, path, body, token);
    return response.body().isBlank() ? null : readJson(response.body());
  }

  private HttpResponse<String> adminResponse(
      String method, String path, JsonNode body, String token) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(baseUri() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Authorization", "Bearer " + token)
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body.toString(), UTF_8));
    }
    HttpResponse<String> response = send(request.build());
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          "Keycloak admin call "
              + method
              + " "
              + path
              + " failed: HTTP "
              + response.statusCode()
              + " "
              + response.body());
    }
    return response;
  }

  private HttpResponse<String> postForm(URI uri, Map<String, String> form) {
    String body =
        form.entrySet().stream()
            .map(
                field ->
                    URLEncoder.encode(field.getKey(), UTF_8)
                        + "="
                        + URLEncoder.encode(field.getValue(), UTF_8))
            .collect(Collectors.joining("&"));
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException failure) {
      throw new UncheckedIOException("Cannot call Keycloak at " + request.uri(), failure);
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while calling Keycloak", interrupted);
    }
  }

  private void awaitReady(Path log) {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    URI probe = URI.create(baseUri() + "/realms/master/.well-known/openid-configuration");
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "Keycloak exited with status "
                + process.exitValue()
                + " while starting; its output:\n"
                + tail(log));
      }
      try {
        HttpResponse<Void> response =
            http.send(
                HttpRequest.newBuilder(probe).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Keycloak", interrupted);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for Keycloak", interrupted);
      }
    }
    throw new IllegalStateException(
        "Keycloak did not answer within " + START_TIMEOUT + "; its output:\n" + tail(log));
  }

  /** Stops Keycloak: the script forwards SIGTERM to its JVM; whatever is left is killed. */
  private void stop() {
    List<ProcessHandle> descendants = new ArrayList<>(process.descendants().toList());
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    for (ProcessHandle descendant : descendants) {
      if (descendant.isAlive()) {
        descendant.destroyForcibly();
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log, UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException failure) {
      return "(cannot read " + log + ": " + failure + ")";
    }
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException failure) {
      throw new UncheckedIOException("Keycloak answered with something other than JSON", failure);
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException failure) {
      throw new UncheckedIOException("Cannot find a free port", failure);
    }
  }

  private static String randomSecret() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public String toString() {
    return "TestingKeycloak[" + baseUri() + ", pid " + process.pid() + "]";
  }
}
