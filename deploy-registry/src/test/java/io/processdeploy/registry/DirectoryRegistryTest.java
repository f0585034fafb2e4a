package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.tck.image.ImageInspector;
import io.processdeploy.tck.image.ImageRegistryContract;
import io.processdeploy.tck.image.LayoutInspector;
import io.processdeploy.tck.image.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry contract for images kept in a directory, plus what only it promises. */
class DirectoryRegistryTest extends ImageRegistryContract {
  @TempDir
  Path dir;

  @Override
  protected ImageRegistry createRegistry() {
    return DirectoryRegistry.at(dir);
  }

  @Override
  protected ImageInspector createInspector() {
    return LayoutInspector.of(dir);
  }

  @Test
  void shouldShareImagesBetweenInstancesOfOneDirectory() {
    PushedImage pushed = registry.push(image("1", "{}"), ProgressSink.NONE);

    assertThat(DirectoryRegistry.at(dir).digestOf(target("1")))
        .contains(pushed.reference().digest());
    assertThat(DirectoryRegistry.at(dir).tags(repository)).containsExactly("1");
  }

  @Test
  void shouldWriteAnOciImageLayout() {
    PushedImage pushed = registry.push(image("1", "{}"), ProgressSink.NONE);

    assertThat(dir.resolve("oci-layout")).content().contains("\"imageLayoutVersion\"");
    assertThat(dir.resolve("index.json")).content().contains(pushed.reference().digest());
    assertThat(((DirectoryRegistry) registry).blob(pushed.reference().digest())).isPresent();
  }

  @Test
  void shouldBeFoundByServiceLoaderInTheConfiguredDirectory() {
    String old = System.getProperty(DirectoryRegistry.DIRECTORY_PROPERTY);
    System.setProperty(DirectoryRegistry.DIRECTORY_PROPERTY, dir.toString());
    try {
      ImageRegistry found = ServiceLoader.load(ImageRegistry.class).stream()
          .map(ServiceLoader.Provider::get).filter(r -> r.id().equals("directory"))
          .findFirst().orElseThrow();

      assertThat(found.host()).isEqualTo(DirectoryRegistry.DEFAULT_HOST);
      assertThat(((DirectoryRegistry) found).directory()).isEqualTo(dir.toAbsolutePath());
    } finally {
      if (old == null) {
        System.clearProperty(DirectoryRegistry.DIRECTORY_PROPERTY);
      } else {
        System.setProperty(DirectoryRegistry.DIRECTORY_PROPERTY, old);
      }
    }
  }

  @Test
  void shouldNotKnowImagesOfOtherRegistries() throws Exception {
    BuiltImage image = TestImages.archive(Files.createTempFile(dir, "i", ".tar"), target("1"),
        Map.of("a", "b"));
    registry.push(image, ProgressSink.NONE);

    assertThat(registry.digestOf(new ImageReference("other.example.com", repository, "1", null)))
        .isEmpty();
  }
}
