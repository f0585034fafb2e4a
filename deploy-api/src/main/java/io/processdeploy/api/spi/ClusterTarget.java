package io.processdeploy.api.spi;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Links;
import io.processdeploy.api.event.Subscription;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Where applications run: creates their resources in a namespace of their own (DeployStarted),
 * reports their health (Pending, Running, Unknown), updates permissions, removes them and gives
 * their links. Never touches anything that does not carry this library's ownership marks
 * ({@link io.processdeploy.api.ResourceNames}).
 */
public interface ClusterTarget extends Discoverable {
  /**
   * Checks, before anything is built, that the namespace can be used.
   *
   * @throws io.processdeploy.api.ConflictException when a namespace of that name exists and is
   *     not owned by this library
   */
  void checkNamespace(String namespace);

  /**
   * Creates or updates every resource of the plan. Idempotent: a retried or resumed step is safe.
   *
   * @throws io.processdeploy.api.StepFailedException when resources cannot be created
   */
  void apply(ApplicationPlan plan, ProgressSink progress);

  /**
   * Follows the health of an application's resources, calling {@code listener} with each change
   * (first call soon after subscribing). Implementations share watches across applications.
   */
  Subscription watch(ApplicationPlan plan, Consumer<ClusterHealth> listener);

  /** Updates the security configuration in place and rolls only the services that read it. */
  void updateSecurity(ApplicationPlan plan);

  /**
   * Removes the application's namespace and waits until it is gone, at most {@code timeout}.
   * Removing an absent namespace succeeds.
   *
   * @throws io.processdeploy.api.StepFailedException when it is still there after the timeout
   */
  void remove(String namespace, RemovalMode mode, Duration timeout);

  /** The application's links; the UIs only where the plan has them. */
  Links links(ApplicationPlan plan);

  /**
   * Where the applications of this target answer, when it has a gateway: an export through the
   * deployment service then answers there too. The default has none.
   */
  default java.util.Optional<Gateway> gateway() {
    return java.util.Optional.empty();
  }

  /**
   * Whether the target can reach its cluster and follow applications now, for the service's
   * health check. The default reports it up without checking.
   */
  default ComponentHealth health() {
    return ComponentHealth.up("cluster", id() + ": not checked");
  }

  /**
   * Where to report retried API calls and lost watches. The service calls it once, before
   * anything else, with the metrics it was given; the default ignores them.
   */
  default void reportMetricsTo(DeploymentMetrics metrics) {}

  /**
   * The last lines of one service's log.
   *
   * @throws io.processdeploy.api.NotFoundException when the service has no running pod
   */
  default String logs(String namespace, String service, int tailLines) {
    throw new UnsupportedOperationException(id() + " does not give logs");
  }
}
