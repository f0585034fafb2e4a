package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.ImageBuilderContract;
import io.processdeploy.tck.image.ImageInspector;
import io.processdeploy.tck.image.LayoutInspector;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The builder contract for the Docker builder against a real Docker engine and a real registry,
 * on a base image the engine pulls from that registry.
 */
class DockerImageBuilderIT extends ImageBuilderContract {
  private static String base;
  private static String dockerHost;

  @BeforeAll
  static void pushBaseImage() throws IOException {
    dockerHost = TestServers.dockerHost();
    base = TestServers.baseImage();
  }

  @AfterEach
  void closeEngine() throws IOException {
    ((DockerImageBuilder) builder).close();
  }

  @Override
  protected ImageBuilder createBuilder() {
    return DockerImageBuilder.builder().withDockerHost(URI.create(dockerHost)).build();
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

  @Test
  void shouldStoreEngineBuiltImagesInADirectoryRegistry(@TempDir Path dir) {
    DirectoryRegistry directory = DirectoryRegistry.at(dir);
    BuiltImage built = builder.build(new io.processdeploy.api.spi.ImageBuildRequest("expenses-app",
        SampleReleases.EXPENSES, SampleReleases.expenses().content(), base,
        new ImageReference(directory.host(), repository, "1.0.0", null), LABELS, work),
        ProgressSink.NONE);

    PushedImage pushed = ((DockerImageBuilder) builder).push(built, directory, ProgressSink.NONE);

    assertThat(directory.digestOf(pushed.reference())).contains(pushed.reference().digest());
    assertThat(LayoutInspector.of(dir).inspect(pushed.reference()).orElseThrow()
        .lastLayerFiles()).containsKey("project-release/1.0.0/expenses.json");
  }
}
