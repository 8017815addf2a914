package io.sluice.security.access;

import java.util.Locale;

/** What a statement does to a resource, named as Ranger's Hive service definition names it. */
public enum AccessType {
  SELECT,
  UPDATE,
  CREATE,
  DROP,
  ALTER,
  INDEX,
  LOCK,
  READ,
  WRITE,
  /** Any access at all: used to decide whether an object is visible in metadata listings. */
  ANY;

  /** The access type's name in policies ({@code select}, {@code update}, …). */
  public String rangerName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
