package io.processdeploy.k8s.internal;

import io.processdeploy.api.spi.DeploymentMetrics;
import java.util.Objects;

/**
 * Passes the cluster target's measurements on to the metrics the service hands over after the
 * target was built ({@link io.processdeploy.api.spi.ClusterTarget#reportMetricsTo}); until then,
 * and without any, to {@link DeploymentMetrics#NONE}.
 */
public final class MetricsRelay implements DeploymentMetrics {
  private volatile DeploymentMetrics metrics = DeploymentMetrics.NONE;

  /** From now on, measurements go to {@code value}. */
  public void reportTo(DeploymentMetrics value) {
    this.metrics = Objects.requireNonNull(value, "metrics were not specified");
  }

  @Override
  public void apiRetried(String operation) {
    metrics.apiRetried(operation);
  }

  @Override
  public void watchReconnected(String resource) {
    metrics.watchReconnected(resource);
  }
}
