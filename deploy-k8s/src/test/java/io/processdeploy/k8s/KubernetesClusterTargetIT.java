package io.processdeploy.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.tck.cluster.ClusterTargetContract;
import java.net.URI;
import java.time.Duration;

/**
 * The Kubernetes target against the cluster contract: the embedded cluster by default, a real
 * cluster from {@code KUBECONFIG} with {@code -Pcluster}.
 */
class KubernetesClusterTargetIT extends ClusterTargetContract {
  @Override
  protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline) {
    return KubernetesClusterTarget.builder().withClient(client).withBaseUrl(baseUrl)
        .withStartupDeadline(startupDeadline)
        .withRetry(6, Duration.ofMillis(20), Duration.ofMillis(200)).build();
  }
}
