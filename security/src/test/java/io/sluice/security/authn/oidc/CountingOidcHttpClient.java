package io.sluice.security.authn.oidc;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** The real client, counting the calls per path: shows what reached the provider. */
final class CountingOidcHttpClient implements OidcHttpClient {
  private final OidcHttpClient delegate;
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

  CountingOidcHttpClient(OidcHttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public Response get(URI uri) throws IOException {
    count("GET", uri);
    return delegate.get(uri);
  }

  @Override
  public Response postForm(URI uri, Map<String, String> form, Optional<String> authorization)
      throws IOException {
    count("POST", uri);
    return delegate.postForm(uri, form, authorization);
  }

  int discoveries() {
    return calls("GET", "/.well-known/openid-configuration");
  }

  int keySetFetches() {
    return calls("GET", "/protocol/openid-connect/certs");
  }

  int passwordGrants() {
    return calls("POST", "/protocol/openid-connect/token");
  }

  private int calls(String method, String pathSuffix) {
    return calls.entrySet().stream()
        .filter(
            entry -> entry.getKey().startsWith(method + " ") && entry.getKey().endsWith(pathSuffix))
        .mapToInt(entry -> entry.getValue().get())
        .sum();
  }

  private void count(String method, URI uri) {
    calls
        .computeIfAbsent(method + " " + uri.getPath(), ignored -> new AtomicInteger())
        .incrementAndGet();
  }
}
