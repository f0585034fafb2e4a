package io.processdeploy.api.spi;

/** How {@link ClusterTarget#remove} removes an application's resources. */
public enum RemovalMode {
  /** Delete the namespace and wait until it is gone. */
  NORMAL,
  /**
   * Remove whatever exists, even half-created, and clear this library's own finalizers if they
   * hold the namespace.
   */
  FORCE
}
