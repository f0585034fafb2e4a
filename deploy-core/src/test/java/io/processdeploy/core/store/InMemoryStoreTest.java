package io.processdeploy.core.store;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.tck.store.DeploymentStoreContract;
import java.time.Clock;

class InMemoryStoreTest extends DeploymentStoreContract {
  @Override
  protected DeploymentStore createStore(Clock clock) {
    return new InMemoryStore(clock);
  }
}
