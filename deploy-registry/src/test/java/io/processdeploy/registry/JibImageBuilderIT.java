package io.processdeploy.registry;

import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.ImageBuilderContract;
import io.processdeploy.tck.image.ImageInspector;
import java.io.IOException;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;

/** The builder contract for Jib, pushing to a real registry, on a base image pulled from it. */
class JibImageBuilderIT extends ImageBuilderContract {
  private static String base;

  @BeforeAll
  static void pushBaseImage() throws IOException {
    base = TestServers.baseImage();
  }

  @Override
  protected ImageBuilder createBuilder() {
    return new JibImageBuilder();
  }

  @Override
  protected ImageRegistry createRegistry() {
    return TestServers.plainRegistry();
  }

  @Override
  protected ImageInspector createInspector() {
    return TestServers.plainInspector();
  }

  @Override
  protected Optional<String> baseImageWithFile() {
    return Optional.of(base);
  }
}
