package io.processdeploy.k8s;

import io.processdeploy.tck.cluster.ClusterEnvironment;

/** The update suite on the embedded cluster, with real images in the loopback registry. */
class UpdateEndToEndIT extends UpdateEndToEnd {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.startEmbedded();
  }
}
