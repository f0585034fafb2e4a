package io.processdeploy.testkit.crash;

import io.processdeploy.tck.cluster.ClusterEnvironment;
import java.time.Duration;

/**
 * The crash roulette on the embedded cluster, which lives in the test's process while the
 * deployment service's process is killed and started again; images go to a directory registry.
 */
class CrashRouletteIT extends CrashRoulette {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.startEmbedded();
  }

  @Override
  protected String registryArgument() {
    return RouletteChild.DIRECTORY_REGISTRY;
  }

  @Override
  protected String clusterArgument(ClusterEnvironment environment) {
    return environment.embedded().orElseThrow().url();
  }

  @Override
  protected Duration killWindow(Op op) {
    return switch (op) {
      case DEPLOY -> Duration.ofMillis(2500);
      case UNDEPLOY, FORCE -> Duration.ofMillis(1000);
      case PERMISSIONS -> Duration.ofMillis(150);
    };
  }

  @Override
  protected Duration settleTimeout() {
    return Duration.ofSeconds(60);
  }
}
