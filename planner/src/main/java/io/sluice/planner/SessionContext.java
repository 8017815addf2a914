package io.sluice.planner;

import static java.util.Objects.requireNonNull;

import io.sluice.security.access.RequestContext;
import io.sluice.security.authn.Identity;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The part of a session the planner needs: the current catalog and schema that unqualified table
 * names resolve against, who the session is authenticated as, and where its requests come from.
 *
 * @param catalog the current catalog
 * @param schema the current schema of that catalog
 * @param identity the session's user with their groups, roles and attributes, whom policies are
 *     decided for; {@code current_user()} and its synonyms return the user's name in place of the
 *     engine's own service user
 * @param request where the session's requests come from, for policy conditions and the audit
 * @param settings the session's engine settings (Spark's SET), in the order they were made
 */
public record SessionContext(
    String catalog,
    String schema,
    Identity identity,
    RequestContext request,
    Map<String, String> settings) {
  public SessionContext {
    requireNonNull(catalog, "catalog");
    requireNonNull(schema, "schema");
    requireNonNull(identity, "identity");
    requireNonNull(request, "request");
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    if (identity.user().isBlank()) {
      throw new IllegalArgumentException(
          "Cannot create session context: the user name is blank; a session belongs to an"
              + " authenticated user");
    }
  }

  /** A context without engine settings. */
  public SessionContext(String catalog, String schema, Identity identity, RequestContext request) {
    this(catalog, schema, identity, request, Map.of());
  }

  /** The session's user name; never blank. */
  public String user() {
    return identity.user();
  }

  /** This context with another current catalog and schema, as USE sets them. */
  public SessionContext withNamespace(String catalog, String schema) {
    return new SessionContext(catalog, schema, identity, request, settings);
  }

  /** This context with an engine setting made (SET key=value); a setting made again moves last. */
  public SessionContext withSetting(String key, String value) {
    Map<String, String> changed = new LinkedHashMap<>(settings);
    changed.remove(key);
    changed.put(key, value);
    return new SessionContext(catalog, schema, identity, request, changed);
  }

  /** This context without an engine setting (RESET key), or without any (RESET). */
  public SessionContext withoutSettings(Optional<String> key) {
    Map<String, String> changed = new LinkedHashMap<>(settings);
    if (key.isPresent()) {
      changed.remove(key.get());
    } else {
      changed.clear();
    }
    return new SessionContext(catalog, schema, identity, request, changed);
  }

  /**
   * This context with the groups, roles and attributes of the user's latest authentication.
   *
   * @throws IllegalArgumentException when the identity is another user's: a session's user never
   *     changes
   */
  public SessionContext withIdentity(Identity latest) {
    requireNonNull(latest, "latest");
    if (!latest.user().equals(identity.user())) {
      throw new IllegalArgumentException("A session's user never changes");
    }
    return new SessionContext(catalog, schema, latest, request, settings);
  }
}
