package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.k8s.internal.HealthMonitor;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.HealthRecorder;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two installations on one cluster: neither checks, applies to, updates, removes, follows nor
 * reads the logs of the other's namespaces, and the informers of one ignore the other's objects.
 */
class InstallationOwnershipTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  private final EmbeddedCluster cluster = EmbeddedCluster.builder().withControllers(false).start();
  private final KubernetesClusterTarget teamA = target("team-a");
  private final KubernetesClusterTarget teamB = target("team-b");
  private final KubernetesClusterTarget unnamed = KubernetesClusterTarget.builder()
      .withClient(cluster.client()).withBaseUrl(URI.create("http://gw/")).build();

  private KubernetesClusterTarget target(String id) {
    return KubernetesClusterTarget.builder().withClient(cluster.client())
        .withBaseUrl(URI.create("http://gw/")).withInstallationId(id)
        .withRetry(3, Duration.ofMillis(10), Duration.ofMillis(50)).build();
  }

  @AfterEach
  void close() {
    Stream.of(teamA, teamB, unnamed).forEach(KubernetesClusterTarget::close);
    cluster.close();
  }

  @Test
  void shouldMarkNamespacesWithTheInstallation() {
    ApplicationPlan a = ClusterPlans.plan("app-a", "example/svc:1", 8080);
    teamA.apply(a, ProgressSink.NONE);
    var ns = cluster.client().namespaces().withName("app-a").get();
    assertThat(ns.getMetadata().getAnnotations())
        .containsEntry(ResourceNames.OWNER_ANNOTATION, "processdeploy/team-a");
    assertThat(ns.getMetadata().getLabels())
        .containsEntry("processdeploy.io/installation", "team-a");
    assertThat(cluster.client().apps().deployments().inNamespace("app-a").list().getItems())
        .allSatisfy(d -> assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
            .containsEntry("processdeploy.io/installation", "team-a"));
    ApplicationPlan d = ClusterPlans.plan("app-d", "example/svc:1", 8080);
    unnamed.apply(d, ProgressSink.NONE);
    assertThat(cluster.client().namespaces().withName("app-d").get().getMetadata()
        .getAnnotations()).containsEntry(ResourceNames.OWNER_ANNOTATION, "processdeploy");
    assertThat(unnamed.installationId()).isEqualTo("default");
  }

  @Test
  void shouldRefuseEveryOperationOnAnotherInstallationsNamespace() {
    ApplicationPlan b = ClusterPlans.plan("app-b", "example/svc:1", 8080);
    teamB.apply(b, ProgressSink.NONE);
    ApplicationPlan d = ClusterPlans.plan("app-d", "example/svc:1", 8080);
    unnamed.apply(d, ProgressSink.NONE);
    String before = contents("app-b") + contents("app-d");

    for (KubernetesClusterTarget other : List.of(teamA, unnamed)) {
      refused(() -> other.checkNamespace("app-b"), "team-b");
      refused(() -> other.apply(b, ProgressSink.NONE), "team-b");
      refused(() -> other.updateSecurity(b.withSecurity(ClusterPlans.security("mallory"))),
          "team-b");
      refused(() -> other.remove("app-b", RemovalMode.NORMAL, PATIENCE), "team-b");
      refused(() -> other.remove("app-b", RemovalMode.FORCE, PATIENCE), "team-b");
      refused(() -> other.watch(b, h -> { }), "team-b");
      refused(() -> other.logs("app-b", ClusterPlans.QUERY, 10), "team-b");
    }
    refused(() -> teamA.apply(d, ProgressSink.NONE), "default");
    refused(() -> teamA.remove("app-d", RemovalMode.FORCE, PATIENCE), "default");

    assertThat(contents("app-b") + contents("app-d")).isEqualTo(before);
    assertThat(cluster.client().namespaces().withName("app-b").get().getMetadata()
        .getDeletionTimestamp()).isNull();
    teamB.checkNamespace("app-b");
    teamB.remove("app-b", RemovalMode.NORMAL, PATIENCE);
    assertThat(cluster.client().namespaces().withName("app-b").get()).isNull();
  }

  @Test
  void shouldNotCountAnotherInstallationsObjectsInItsInformers() throws Exception {
    ApplicationPlan b = ClusterPlans.plan("app-b", "example/svc:1", 8080);
    teamB.apply(b, ProgressSink.NONE);
    try (HealthMonitor ofA = new HealthMonitor(cluster.client(), PATIENCE, "team-a");
        HealthMonitor ofB = new HealthMonitor(cluster.client(), PATIENCE, "team-b")) {
      HealthRecorder seenByA = new HealthRecorder();
      HealthRecorder seenByB = new HealthRecorder();
      Subscription a = ofA.watch(b, seenByA);
      Subscription s = ofB.watch(b, seenByB);
      seenByB.await(State.PENDING, PATIENCE);
      for (ServicePlan service : b.services()) {
        cluster.client().apps().deployments().inNamespace("app-b").withName(service.name())
            .editStatus(dep -> {
              dep.setStatus(new DeploymentStatusBuilder().withReplicas(1)
                  .withObservedGeneration(dep.getMetadata().getGeneration())
                  .withUpdatedReplicas(1).withAvailableReplicas(1).withReadyReplicas(1).addNewCondition()
                  .withType("Available").withStatus("True").endCondition().build());
              return dep;
            });
      }
      seenByB.await(State.RUNNING, PATIENCE);
      Thread.sleep(300);
      assertThat(seenByA.states()).doesNotContain(State.RUNNING);
      a.close();
      s.close();
    }
  }

  @Test
  void shouldRefuseAnInstallationIdThatIsNotALabelValue() {
    for (String bad : new String[] {"", "-a", "a b", "a/b", "x".repeat(64), "ä", null}) {
      assertThatThrownBy(() -> KubernetesClusterTarget.builder().withInstallationId(bad))
          .as(String.valueOf(bad)).isInstanceOf(ValidationException.class)
          .extracting(e -> ((ValidationException) e).field()).isEqualTo("installationId");
    }
  }

  private static void refused(Runnable call, String owner) {
    assertThatThrownBy(call::run).isInstanceOf(ConflictException.class)
        .hasMessageContaining("installation '" + owner + "'");
  }

  private String contents(String ns) {
    StringBuilder out = new StringBuilder();
    Consumer<List<? extends HasMetadata>> add = items -> items.forEach(o -> out.append(o.getKind())
        .append('/').append(o.getMetadata().getName()).append('@')
        .append(o.getMetadata().getResourceVersion()).append(' '));
    add.accept(cluster.client().apps().deployments().inNamespace(ns).list().getItems());
    add.accept(cluster.client().configMaps().inNamespace(ns).list().getItems());
    add.accept(cluster.client().secrets().inNamespace(ns).list().getItems());
    add.accept(cluster.client().services().inNamespace(ns).list().getItems());
    add.accept(List.of(cluster.client().namespaces().withName(ns).get()));
    return out.toString();
  }
}
