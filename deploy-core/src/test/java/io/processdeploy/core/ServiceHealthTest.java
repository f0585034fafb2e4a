package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ServiceHealth;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.core.store.InMemoryStore;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

class ServiceHealthTest extends ServiceTestSupport {

  @Test
  void shouldBeUpWhenStoreTargetAndServiceAre() {
    ServiceHealth health = start().health();

    assertThat(health.up()).as(health.toString()).isTrue();
    assertThat(health.components()).extracting(ComponentHealth::component)
        .containsExactly("store", "cluster", "service");
  }

  @Test
  void shouldBeDownNamingTheStoreWhenItCannotBeRead() {
    DeploymentStore losing = Mockito.spy(new InMemoryStore());
    start(serviceBuilder().withStore(losing));
    Mockito.doThrow(new IllegalStateException("connection refused")).when(losing).applications();

    ServiceHealth health = service.health();

    assertThat(health.up()).isFalse();
    assertThat(health.component("store").orElseThrow().detail()).contains("connection refused");
    assertThat(health.component("service").orElseThrow().up()).isTrue();
  }

  @Test
  void shouldBeDownWhenTheFileStoreDirectoryIsGone() throws Exception {
    FileStore files = FileStore.open(work.resolve("state"));
    start(serviceBuilder().withStore(files));
    assertThat(service.health().up()).isTrue();

    try (var paths = Files.walk(work.resolve("state"))) {
      for (var p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }

    ComponentHealth store = service.health().component("store").orElseThrow();
    assertThat(store.up()).isFalse();
    assertThat(store.detail()).contains("state");
  }

  @Test
  void shouldBeDownOnceClosed() {
    start().close();

    assertThat(service.health().up()).isFalse();
    assertThat(service.health().component("service").orElseThrow().detail()).isEqualTo("closed");
  }
}
