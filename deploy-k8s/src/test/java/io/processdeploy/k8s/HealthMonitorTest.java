package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.HealthRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
    for (ServicePlan service : chosen.services()) {
      cluster.client().apps().deployments().inNamespace(chosen.namespace())
          .withName(service.name()).editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder()
                .withObservedGeneration(d.getMetadata().getGeneration()).withReplicas(1)
                .withUpdatedReplicas(1).withAvailableReplicas(1)
                .withReadyReplicas(1).addNewCondition().withType("Available").withStatus("True")
                .endCondition().build());
            return d;
          });
    }
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
}
