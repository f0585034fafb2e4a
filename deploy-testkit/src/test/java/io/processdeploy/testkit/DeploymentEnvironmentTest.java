package io.processdeploy.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ImageReference;
import io.processdeploy.registry.DirectoryRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentEnvironmentTest {
  @TempDir Path directory;

  @Test
  void shouldSeedEveryCatalogImageAndTheCustomConnectorIntoItsRegistry() {
    try (DeploymentEnvironment env = DeploymentEnvironment.builder()
        .withWorkDirectory(directory).start()) {
      List<ImageReference> images = new ArrayList<>(env.catalog().images().values());
      images.addAll(env.catalog().connectors().values());
      images.add(ImageReference.parse(env.samples().invoiceScannerImage()));

      assertThat(env.registry()).isInstanceOf(DirectoryRegistry.class);
      assertThat(images).isNotEmpty().allSatisfy(image -> {
        assertThat(image.registry()).isEqualTo(env.registry().host());
        assertThat(env.registry().digestOf(image)).as(image.toString()).isPresent();
      });
    }
  }

  @Test
  void shouldDeleteItsTemporaryDirectoryWhenClosed() {
    DeploymentEnvironment env = DeploymentEnvironment.start();
    Path work = env.workDirectory();
    assertThat(work).isDirectory();

    env.close();

    assertThat(Files.exists(work)).isFalse();
    assertThat(env.isClosed()).isTrue();
  }

  @Test
  void shouldKeepAWorkDirectoryItWasGiven() {
    Path work = directory.resolve("env");
    DeploymentEnvironment.builder().withWorkDirectory(work).start().close();

    assertThat(work.resolve("registry")).isDirectory();
  }
}
