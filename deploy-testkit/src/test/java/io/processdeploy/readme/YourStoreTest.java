package io.processdeploy.readme;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.store.DeploymentStoreContract;

// The README of deploy-testkit shows this class (ReadmeTest keeps them equal).
// tag::store-contract[]
class YourStoreTest extends DeploymentStoreContract {
  @Override
  protected DeploymentStore createStore() {
    return new InMemoryStore();  // yours, e.g. new JdbcStore(dataSource)
  }
}
// end::store-contract[]
