package io.processdeploy.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.tck.cluster.InjectedFaultContract;
import java.net.URI;
import java.time.Duration;

/** The Kubernetes target under faults injected into the embedded cluster. */
class KubernetesClusterTargetInjectedFaultsIT extends InjectedFaultContract {
  @Override
  protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline) {
    return TestTargets.create(client, baseUrl, startupDeadline);
  }
}
