package io.sluice.security.access.ranger.source;

/**
 * Where policies come from: a local file ({@link FilePolicySource}), or Ranger Admin ({@link
 * RangerAdminPolicySource}). A source delivers complete snapshots, never deltas, and keeps
 * delivering changes on its own thread until it is closed.
 */
public interface PolicySource extends AutoCloseable {
  /**
   * Delivers the policies available now (if any) before it returns, then each change.
   *
   * @param listener called with each snapshot; when it refuses one, the source keeps the last good
   *     snapshot and says why in its log
   */
  void start(PolicyListener listener);

  /** Where the policies come from, for logs: a path or a URL, never a credential. */
  String describe();

  /** Stops watching; no listener call starts after this returns. */
  @Override
  void close();
}
