package io.sluice.spi;

/** Who is at fault when a statement fails; each protocol maps a kind to its own status once. */
public enum ErrorKind {
  /** The statement or request is wrong; the user can fix it. */
  USER_ERROR,
  /** Sluice could not establish who the caller is. */
  UNAUTHENTICATED,
  /** The statement is well formed but the caller may not run it. */
  ACCESS_DENIED,
  /** The lakehouse engine failed, could not start, or went away. */
  ENGINE_FAILURE,
  /** Sluice ran out of a resource (queue slots, memory, time). */
  INSUFFICIENT_RESOURCES,
  /** A bug in Sluice. */
  INTERNAL
}
