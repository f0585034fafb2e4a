package io.processdeploy.registry;

import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.ImageInspector;
import io.processdeploy.tck.image.ImageRegistryContract;

/** The registry contract against a real registry over plain HTTP, without authentication. */
class OciRegistryIT extends ImageRegistryContract {
  @Override
  protected ImageRegistry createRegistry() {
    return TestServers.plainRegistry();
  }

  @Override
  protected ImageInspector createInspector() {
    return TestServers.plainInspector();
  }
}
