package io.processdeploy.k8s;

import io.processdeploy.tck.cluster.ClusterEnvironment;

/** The end-to-end suite on the embedded cluster, with real images in the loopback registry. */
class DeploymentServiceEndToEndIT extends DeploymentServiceEndToEnd {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.startEmbedded();
  }
}
