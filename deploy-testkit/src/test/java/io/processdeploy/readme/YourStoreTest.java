package io.processdeploy.readme;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.store.DeploymentStoreContract;
import java.time.Clock;

// The README of deploy-testkit shows this class (ReadmeTest keeps them equal).
// tag::store-contract[]
class YourStoreTest extends DeploymentStoreContract {
  @Override
  protected DeploymentStore createStore(Clock clock) {
    return new InMemoryStore(clock);  // yours, its leases expiring by clock
  }
}
// end::store-contract[]
