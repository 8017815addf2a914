package io.sluice.security.authn.oidc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads claims by dotted path ({@code realm_access.roles}). A key that itself contains dots (a
 * Keycloak client id such as {@code sluice.gateway} under {@code resource_access}) is found too: at
 * each level the whole remaining path is tried as a key first, then each split point in turn.
 */
final class ClaimPaths {
  private ClaimPaths() {}

  static Optional<Object> find(Map<String, Object> claims, String path) {
    if (claims.containsKey(path)) {
      return Optional.ofNullable(claims.get(path));
    }
    for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
      if (claims.get(path.substring(0, dot)) instanceof Map<?, ?> child) {
        @SuppressWarnings("unchecked")
        Map<String, Object> nested = (Map<String, Object>) child;
        Optional<Object> found = find(nested, path.substring(dot + 1));
        if (found.isPresent()) {
          return found;
        }
      }
    }
    return Optional.empty();
  }

  /** A string, or the single element of a one-element list. */
  static Optional<String> string(Map<String, Object> claims, String path) {
    return find(claims, path)
        .flatMap(
            value -> {
              if (value instanceof String text) {
                return Optional.of(text);
              }
              if (value instanceof List<?> list
                  && list.size() == 1
                  && list.get(0) instanceof String only) {
                return Optional.of(only);
              }
              return Optional.empty();
            });
  }

  /** The strings of a list claim, or a single string as a one-element list; else none. */
  static List<String> strings(Map<String, Object> claims, String path) {
    return find(claims, path)
        .map(
            value -> {
              if (value instanceof String text) {
                return List.of(text);
              }
              if (value instanceof Collection<?> values) {
                return values.stream()
                    .filter(String.class::isInstance)
                    .map(String.class::cast)
                    .toList();
              }
              return List.<String>of();
            })
        .orElse(List.of());
  }

  /** A scalar as text; a list of scalars joined with commas; objects are not attributes. */
  static Optional<String> attribute(Map<String, Object> claims, String path) {
    return find(claims, path)
        .flatMap(
            value -> {
              if (value instanceof String || value instanceof Number || value instanceof Boolean) {
                return Optional.of(String.valueOf(value));
              }
              if (value instanceof Collection<?> values
                  && values.stream().noneMatch(v -> v instanceof Map || v instanceof Collection)) {
                return Optional.of(
                    values.stream().map(String::valueOf).collect(Collectors.joining(",")));
              }
              return Optional.empty();
            });
  }
}
