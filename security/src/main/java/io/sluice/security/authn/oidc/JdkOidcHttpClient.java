package io.sluice.security.authn.oidc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The {@link OidcHttpClient} over {@code java.net.http}. */
final class JdkOidcHttpClient implements OidcHttpClient {
  private final HttpClient client;
  private final Duration timeout;

  JdkOidcHttpClient(Duration timeout) {
    this.timeout = requireNonNull(timeout, "timeout");
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public Response get(URI uri) throws IOException {
    return send(
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build());
  }

  @Override
  public Response postForm(URI uri, Map<String, String> form, Optional<String> authorization)
      throws IOException {
    String body =
        form.entrySet().stream()
            .map(field -> encode(field.getKey()) + "=" + encode(field.getValue()))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, UTF_8));
    authorization.ifPresent(value -> request.header("Authorization", value));
    return send(request.build());
  }

  private Response send(HttpRequest request) throws IOException {
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IOException("Interrupted while calling " + request.uri(), interrupted);
    }
    byte[] body;
    try (InputStream stream = response.body()) {
      body = stream.readNBytes(MAXIMUM_RESPONSE_BYTES + 1);
    }
    if (body.length > MAXIMUM_RESPONSE_BYTES) {
      throw new IOException(
          "The response from " + request.uri() + " is larger than " + MAXIMUM_RESPONSE_BYTES);
    }
    return new Response(
        response.statusCode(),
        new String(body, UTF_8),
        response.headers().firstValue("Content-Type").orElse(""));
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, UTF_8);
  }
}
