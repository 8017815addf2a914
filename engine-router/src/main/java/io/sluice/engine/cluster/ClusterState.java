package io.sluice.engine.cluster;

/** Where a cluster is in its life. */
public enum ClusterState {
  STOPPED,
  STARTING,
  RUNNING,
  STOPPING
}
