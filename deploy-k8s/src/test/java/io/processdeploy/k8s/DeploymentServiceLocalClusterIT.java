package io.processdeploy.k8s;

import io.processdeploy.tck.cluster.ClusterEnvironment;

/**
 * The end-to-end suite on the real single-node cluster of {@code scripts/local-cluster.sh}: the
 * kubelet pulls the built images from the loopback registry and runs them.
 */
class DeploymentServiceLocalClusterIT extends DeploymentServiceEndToEnd {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.local();
  }
}
