package io.sluice.security.access.ranger;

import io.sluice.security.access.ranger.source.InvalidPoliciesException;
import io.sluice.security.access.ranger.source.PolicyJson;
import io.sluice.security.access.ranger.source.PolicyListener;
import io.sluice.security.access.ranger.source.PolicySnapshot;
import io.sluice.security.access.ranger.source.PolicySource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Policies given by a test, published when the test says so. */
final class TestingPolicySource implements PolicySource {
  private final PolicySnapshot initial;
  private PolicyListener listener;
  private boolean closed;

  private TestingPolicySource(PolicySnapshot initial) {
    this.initial = initial;
  }

  /** Policies in {@link PolicyJson}'s format. */
  static TestingPolicySource of(String json) {
    return new TestingPolicySource(parse(json));
  }

  /** One of the test resources, such as {@code ranger/hive-policies-example.json}. */
  static TestingPolicySource ofResource(String name) {
    try (InputStream in = TestingPolicySource.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("No test resource " + name);
      }
      return new TestingPolicySource(PolicyJson.parse(in.readAllBytes(), name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InvalidPoliciesException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static PolicySnapshot parse(String json) {
    try {
      return PolicyJson.parse(json.getBytes(StandardCharsets.UTF_8), "test policies");
    } catch (InvalidPoliciesException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void start(PolicyListener newListener) {
    listener = newListener;
    try {
      listener.policiesChanged(initial);
    } catch (InvalidPoliciesException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Hands new policies to the access control, as a source's own thread would. */
  void publish(PolicySnapshot snapshot) throws InvalidPoliciesException {
    listener.policiesChanged(snapshot);
  }

  boolean isClosed() {
    return closed;
  }

  @Override
  public String describe() {
    return "test policies";
  }

  @Override
  public void close() {
    closed = true;
  }
}
