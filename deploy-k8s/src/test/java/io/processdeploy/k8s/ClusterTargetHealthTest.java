package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ComponentHealth;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The target's health: the API server before the first watch, the informers after it. */
class ClusterTargetHealthTest {
  private static final URI BASE = URI.create("https://apps.example.com/");

  @Test
  void shouldReportTheApiServerThenTheInformersAndGoDownWhenTheServerStops() {
    EmbeddedCluster cluster = EmbeddedCluster.start();
    boolean closed = false;
    try (KubernetesClusterTarget target = TestTargets.create(cluster.newClient(), BASE,
        Duration.ofMinutes(1))) {
      ComponentHealth before = target.health();
      assertThat(before.up()).as(before.toString()).isTrue();
      assertThat(before.detail()).contains("API server");

      Subscription watch = target.watch(ClusterPlans.plan("health", "example/web:1", 8080),
          h -> { });
      ComponentHealth watching = await(target::health, h -> h.detail().contains("informers"));
      assertThat(watching.up()).isTrue();

      cluster.close();
      closed = true;
      ComponentHealth down = await(target::health, h -> !h.up());
      assertThat(down.component()).isEqualTo("cluster");
      assertThat(down.detail()).contains("not watching");
      watch.close();
    } finally {
      if (!closed) {
        cluster.close();
      }
    }
  }

  @Test
  void shouldBeDownNamingTheServerWhenItDoesNotAnswer() {
    EmbeddedCluster cluster = EmbeddedCluster.start();
    String url = cluster.url();
    KubernetesClusterTarget target = TestTargets.create(cluster.newClient(), BASE,
        Duration.ofMinutes(1));
    cluster.close();

    ComponentHealth health = target.health();

    assertThat(health.up()).isFalse();
    assertThat(health.detail()).contains("does not answer").contains(url.replaceAll("/$", ""));
    target.close();
  }

  private static ComponentHealth await(Supplier<ComponentHealth> health,
      java.util.function.Predicate<ComponentHealth> until) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    ComponentHealth last = health.get();
    while (!until.test(last)) {
      assertThat(System.nanoTime() - deadline).as("still %s after 30 s", last).isNegative();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      last = health.get();
    }
    return last;
  }
}
