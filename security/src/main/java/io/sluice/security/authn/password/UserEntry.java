package io.sluice.security.authn.password;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A user of the password file as {@link UserFile#list()} shows it: everything but the password
 * hash.
 */
public record UserEntry(
    String name, SortedSet<String> groups, SortedMap<String, String> attributes) {
  public UserEntry {
    requireNonNull(name, "name");
    groups = Collections.unmodifiableSortedSet(new TreeSet<>(groups));
    attributes = Collections.unmodifiableSortedMap(new TreeMap<>(attributes));
  }
}
