package io.sluice.security.authn.oidc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestClaimPaths {
  private static final Map<String, Object> CLAIMS =
      Map.of(
          "preferred_username", "alice",
          "groups", List.of("analysts", "engineers"),
          "realm_access", Map.of("roles", List.of("analyst")),
          "resource_access", Map.of("sluice.gateway", Map.of("roles", List.of("reader"))),
          "region", List.of("emea"),
          "level", 3,
          "tags", List.of("a", "b"),
          "address", Map.of("country", "DE"),
          "dotted.key", "literal");

  @Test
  void dottedPathsReachIntoObjects() {
    assertThat(ClaimPaths.strings(CLAIMS, "realm_access.roles")).containsExactly("analyst");
    assertThat(ClaimPaths.strings(CLAIMS, "resource_access.sluice.gateway.roles"))
        .containsExactly("reader");
    assertThat(ClaimPaths.string(CLAIMS, "dotted.key")).contains("literal");
    assertThat(ClaimPaths.attribute(CLAIMS, "address.country")).contains("DE");
    assertThat(ClaimPaths.strings(CLAIMS, "realm_access.missing")).isEmpty();
  }

  @Test
  void valuesAreReadByShape() {
    assertThat(ClaimPaths.string(CLAIMS, "preferred_username")).contains("alice");
    assertThat(ClaimPaths.string(CLAIMS, "region")).contains("emea");
    assertThat(ClaimPaths.string(CLAIMS, "groups")).isEmpty();
    assertThat(ClaimPaths.strings(CLAIMS, "preferred_username")).containsExactly("alice");
    assertThat(ClaimPaths.attribute(CLAIMS, "level")).contains("3");
    assertThat(ClaimPaths.attribute(CLAIMS, "tags")).contains("a,b");
    assertThat(ClaimPaths.attribute(CLAIMS, "address")).isEmpty();
  }
}
