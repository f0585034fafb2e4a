package io.processdeploy.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ClusterTargetContract;
import java.net.URI;
import java.time.Duration;

/**
 * The Kubernetes target against the cluster contract on the real single-node cluster of
 * {@code scripts/local-cluster.sh}, with real images pulled by a real kubelet. Fails, saying what
 * to start, when that cluster is not running.
 */
class KubernetesClusterTargetLocalClusterIT extends ClusterTargetContract {
  @Override
  protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline) {
    return TestTargets.create(client, baseUrl, startupDeadline);
  }

  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.local();
  }
}
