package io.processdeploy.k8s;

import io.processdeploy.tck.cluster.ClusterEnvironment;

/** The update suite on the real single-node cluster of {@code scripts/local-cluster.sh}. */
class UpdateLocalClusterIT extends UpdateEndToEnd {
  @Override
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.local();
  }
}
