package io.processdeploy.api.event;

/**
 * Receives events. Implementations must be thread-safe: events arrive from the pipeline's worker
 * threads and from cluster watches. A listener that throws is logged and kept; it never breaks a
 * deployment.
 */
@FunctionalInterface
public interface DeploymentListener {
  /** Called once per event, in order for any one application. */
  void onEvent(DeploymentEvent event);
}
