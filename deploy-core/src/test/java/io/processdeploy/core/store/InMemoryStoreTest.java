package io.processdeploy.core.store;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.tck.store.DeploymentStoreContract;

class InMemoryStoreTest extends DeploymentStoreContract {
  @Override
  protected DeploymentStore createStore() {
    return new InMemoryStore();
  }
}
