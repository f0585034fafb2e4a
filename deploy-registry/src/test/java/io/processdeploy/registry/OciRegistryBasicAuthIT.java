package io.processdeploy.registry;

import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.ImageInspector;
import io.processdeploy.tck.image.ImageRegistryContract;

/** The registry contract against a real registry that requires basic authentication. */
class OciRegistryBasicAuthIT extends ImageRegistryContract {
  @Override
  protected ImageRegistry createRegistry() {
    return OciRegistry.builder(TestServers.authRegistry())
        .withCredentials(TestServers.USER, TestServers.PASSWORD)
        .withRepositoryPrefix("apps/")
        .allowInsecure()
        .build();
  }

  @Override
  protected ImageInspector createInspector() {
    return HttpRegistryInspector.of(TestServers.authRegistry(), TestServers.USER,
        TestServers.PASSWORD);
  }
}
