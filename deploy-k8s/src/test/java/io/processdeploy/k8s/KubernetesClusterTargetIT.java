package io.processdeploy.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.tck.cluster.ClusterTargetContract;
import java.net.URI;
import java.time.Duration;

/**
 * The Kubernetes target against the cluster contract on the embedded cluster (or, with
 * {@code -Pcluster}, on the cluster {@code KUBECONFIG} points at).
 */
class KubernetesClusterTargetIT extends ClusterTargetContract {
  @Override
  protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline) {
    return TestTargets.create(client, baseUrl, startupDeadline);
  }
}
