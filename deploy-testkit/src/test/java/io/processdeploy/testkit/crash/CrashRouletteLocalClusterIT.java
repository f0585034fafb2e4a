package io.processdeploy.testkit.crash;

import io.processdeploy.tck.cluster.ClusterEnvironment;
import java.time.Duration;

/**
 * The crash roulette on the real single-node cluster of {@code scripts/local-cluster.sh}
 * (reached through {@code PROCESSDEPLOY_KUBECONFIG}): application images are built on a base that
 * really runs and pushed to the loopback registry ({@code PROCESSDEPLOY_REGISTRY}), from which
 * the kubelet pulls them.
 */
class CrashRouletteLocalClusterIT extends CrashRoulette {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.local();
  }

  @Override
  protected String registryArgument() {
    return required("PROCESSDEPLOY_REGISTRY");
  }

  @Override
  protected String clusterArgument(ClusterEnvironment environment) {
    return RouletteChild.KUBECONFIG_PREFIX + required("PROCESSDEPLOY_KUBECONFIG");
  }

  @Override
  protected Duration killWindow(Op op) {
    return switch (op) {
      case DEPLOY -> Duration.ofSeconds(30);
      case UNDEPLOY, FORCE -> Duration.ofSeconds(8);
      case PERMISSIONS -> Duration.ofMillis(400);
    };
  }

  @Override
  protected Duration settleTimeout() {
    return Duration.ofMinutes(4);
  }

  private static String required(String variable) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(variable + " is not set: start the local cluster and the"
          + " test servers and export their settings (scripts/local-cluster.sh start,"
          + " scripts/test-servers.sh start, then eval their env)");
    }
    return value;
  }
}
