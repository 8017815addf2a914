package io.sluice.security.access.ranger.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Optional;
import org.apache.ranger.authorization.utils.JsonUtils;
import org.apache.ranger.plugin.util.RangerRoles;
import org.apache.ranger.plugin.util.ServicePolicies;

/**
 * Sluice's policy file format: Ranger's {@code ServicePolicies} JSON exactly as Ranger Admin
 * exports or serves it, optionally with the service's roles (as {@code
 * /service/roles/secure/download/{service}} serves them) under a top-level {@code "roles"} key.
 * Ranger Admin's cache files are written in the same format.
 *
 * <p>Errors name the place in the file, never its content.
 */
public final class PolicyJson {
  static final String ROLES_FIELD = "roles";

  private PolicyJson() {}

  /** Reads a policy file's content. */
  public static PolicySnapshot parse(byte[] json, String origin) throws InvalidPoliciesException {
    ObjectMapper mapper = mapper();
    try {
      JsonNode root = mapper.readTree(json);
      if (root == null || !root.isObject()) {
        throw new InvalidPoliciesException(
            "Cannot load policies from "
                + origin
                + ": expected a JSON object (Ranger's ServicePolicies)");
      }
      ObjectNode policiesNode = ((ObjectNode) root).deepCopy();
      JsonNode rolesNode = policiesNode.remove(ROLES_FIELD);
      ServicePolicies policies = mapper.treeToValue(policiesNode, ServicePolicies.class);
      Optional<RangerRoles> roles =
          rolesNode == null || rolesNode.isNull()
              ? Optional.empty()
              : Optional.of(mapper.treeToValue(rolesNode, RangerRoles.class));
      return new PolicySnapshot(policies, roles, origin);
    } catch (JsonProcessingException e) {
      throw invalid(origin, e);
    } catch (IOException e) {
      throw new InvalidPoliciesException("Cannot load policies from " + origin + ": " + e, e);
    }
  }

  static ServicePolicies parsePolicies(byte[] json, String origin) throws InvalidPoliciesException {
    try {
      return mapper().readValue(json, ServicePolicies.class);
    } catch (IOException e) {
      throw invalid(origin, e);
    }
  }

  static RangerRoles parseRoles(byte[] json, String origin) throws InvalidPoliciesException {
    try {
      return mapper().readValue(json, RangerRoles.class);
    } catch (IOException e) {
      throw invalid(origin, e);
    }
  }

  /** A snapshot in the policy file format. */
  public static byte[] write(PolicySnapshot snapshot) {
    ObjectMapper mapper = mapper();
    ObjectNode root = mapper.valueToTree(snapshot.policies());
    snapshot.roles().ifPresent(roles -> root.set(ROLES_FIELD, mapper.valueToTree(roles)));
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write policies as JSON", e);
    }
  }

  /** A deep copy, for code that changes policies before handing them to Ranger's engine. */
  public static ServicePolicies copy(ServicePolicies policies) {
    ObjectMapper mapper = mapper();
    return mapper.convertValue(mapper.valueToTree(policies), ServicePolicies.class);
  }

  /** A deep copy of roles. */
  public static RangerRoles copy(RangerRoles roles) {
    ObjectMapper mapper = mapper();
    return mapper.convertValue(mapper.valueToTree(roles), RangerRoles.class);
  }

  /** Ranger's own mapper: its date format ("20170221-13:11:59.000-+0000"), unknown keys ignored. */
  private static ObjectMapper mapper() {
    return JsonUtils.getMapper();
  }

  private static InvalidPoliciesException invalid(String origin, IOException e) {
    StringBuilder message = new StringBuilder("Cannot load policies from ").append(origin);
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      message.append(": a value has the wrong type at ").append(path(mapping));
    } else {
      message.append(": not valid JSON");
    }
    JsonLocation location =
        e instanceof JsonProcessingException processing ? processing.getLocation() : null;
    if (location != null && location.getLineNr() > 0) {
      message
          .append(" (line ")
          .append(location.getLineNr())
          .append(", column ")
          .append(location.getColumnNr())
          .append(')');
    }
    // Not kept as the cause: Jackson's messages quote the input, which may hold secrets.
    return new InvalidPoliciesException(message.toString());
  }

  private static String path(JsonMappingException mapping) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference reference : mapping.getPath()) {
      if (reference.getFieldName() != null) {
        path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
      } else if (reference.getIndex() >= 0) {
        path.append('[').append(reference.getIndex()).append(']');
      }
    }
    return path.toString();
  }
}
