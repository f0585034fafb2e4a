package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.core.metrics.MicrometerMetrics;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.HealthRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Many watched applications share two watches, and a change reaches only the application it
 * concerns. On the bare mock server: this test writes the Deployment statuses itself.
 */
class HealthMonitorTest {
  private final EmbeddedCluster cluster = EmbeddedCluster.builder().withControllers(false).start();
  private final KubernetesClusterTarget target = KubernetesClusterTarget.builder()
      .withClient(cluster.client()).withBaseUrl(URI.create("http://gw/")).build();

  @AfterEach
  void close() {
    target.close();
    cluster.close();
  }

  @Test
  void shouldWatchAnyNumberOfApplicationsWithTwoWatchesAndNoPolling() throws Exception {
    List<ApplicationPlan> plans = new ArrayList<>();
    List<HealthRecorder> recorders = new ArrayList<>();
    List<Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      ApplicationPlan plan = ClusterPlans.plan("app-" + i, "example/svc:1", 8080);
      target.apply(plan, ProgressSink.NONE);
      plans.add(plan);
    }
    long watchesBefore = cluster.watchRequestCount();
    for (ApplicationPlan plan : plans) {
      HealthRecorder recorder = new HealthRecorder();
      subscriptions.add(target.watch(plan, recorder));
      recorders.add(recorder);
    }
    recorders.forEach(r -> r.await(State.PENDING, Duration.ofSeconds(20)));
    assertThat(cluster.watchRequestCount() - watchesBefore).isEqualTo(2);

    long requestsBefore = cluster.requestCount();
    Thread.sleep(500);
    assertThat(cluster.requestCount()).as("requests while nothing changes")
        .isEqualTo(requestsBefore);

    ApplicationPlan chosen = plans.get(7);
    markAvailable(chosen);
    recorders.get(7).await(State.RUNNING, Duration.ofSeconds(20));
    for (int i = 0; i < recorders.size(); i++) {
      if (i != 7) {
        assertThat(recorders.get(i).states()).as("app-%d", i).containsExactly(State.PENDING);
      }
    }

    subscriptions.get(7).close();
    subscriptions.get(7).close();
    cluster.client().apps().deployments().inNamespace(chosen.namespace())
        .withName(ClusterPlans.QUERY).delete();
    Thread.sleep(300);
    assertThat(recorders.get(7).states()).as("reports after closing")
        .containsExactly(State.PENDING, State.RUNNING);
    subscriptions.forEach(Subscription::close);
  }

  @Test
  void shouldCountEachWatchLostAndListedAgainAndKeepReporting() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    target.reportMetricsTo(MicrometerMetrics.of(registry));
    ApplicationPlan plan = ClusterPlans.plan("app-0", "example/svc:1", 8080);
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder recorder = new HealthRecorder();
    Subscription subscription = target.watch(plan, recorder);
    recorder.await(State.PENDING, Duration.ofSeconds(20));
    assertThat(registry.find(MicrometerMetrics.WATCH_RECONNECTS).counters())
        .as("the first list is no reconnect").isEmpty();

    assertThat(cluster.expireWatches()).isEqualTo(2);

    waitUntil("both watches are counted again", () -> reconnects(registry, "deployments") == 1
        && reconnects(registry, "pods") == 1);
    markAvailable(plan);
    recorder.await(State.RUNNING, Duration.ofSeconds(20));
    assertThat(target.health().up()).as("watching again").isTrue();
    subscription.close();
  }

  /** Reports every Deployment of {@code plan} rolled out and available, as its controller would. */
  private void markAvailable(ApplicationPlan plan) {
    for (ServicePlan service : plan.services()) {
      cluster.client().apps().deployments().inNamespace(plan.namespace())
          .withName(service.name()).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(1)
                .withUpdatedReplicas(1).withAvailableReplicas(1).withReadyReplicas(1)
                .addNewCondition().withType("Available").withStatus("True").endCondition()
                .build());
            return d;
          });
    }
  }

  private static double reconnects(SimpleMeterRegistry registry, String resource) {
    Counter counter = registry.find(MicrometerMetrics.WATCH_RECONNECTS).tag("resource", resource)
        .counter();
    return counter == null ? 0 : counter.count();
  }

  private static void waitUntil(String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still not true after 20 s: " + what);
      }
      Thread.sleep(10);
    }
  }
}
