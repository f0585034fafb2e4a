package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.spi.Discoverable;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ServiceDiscoveryTest {
  @Test
  void shouldFindBothBuildersWithJibFirst() {
    List<ImageBuilder> builders = ServiceLoader.load(ImageBuilder.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(Discoverable::priority).reversed())
        .toList();

    assertThat(builders).extracting(ImageBuilder::id).containsExactly("jib", "docker");
    assertThat(builders.get(0)).isInstanceOf(ImagePusher.class);
    assertThat(builders.get(1)).isInstanceOf(ImagePusher.class);
  }

  @Test
  void shouldCreateTheDockerBuilderWithoutTouchingAnEngine() {
    DockerImageBuilder docker = new DockerImageBuilder();

    assertThat(docker.dockerHost()).isNotBlank();
  }
}
