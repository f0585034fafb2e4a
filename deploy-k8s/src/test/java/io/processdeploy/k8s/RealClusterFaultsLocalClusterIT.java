package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.core.metrics.MicrometerMetrics;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.HealthRecorder;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Faults that only a real cluster has, on the single-node cluster of
 * {@code scripts/local-cluster.sh}: the API server killed and restarted under watching informers,
 * a concurrent writer whose updates make ours stale (409), a namespace whose deletion waits on a
 * finalizer another controller holds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealClusterFaultsLocalClusterIT {
  private static final String CONTROL_VARIABLE = "PROCESSDEPLOY_CLUSTER_CONTROL";
  private static final String FOREIGN_FINALIZER = "example.com/hold";

  private ClusterEnvironment environment;
  private KubernetesClusterTarget target;
  private final List<Subscription> subscriptions = new ArrayList<>();

  @BeforeAll
  void start() {
    environment = ClusterEnvironment.local();
    target = TestTargets.create(environment.client(), URI.create("http://apps.example.com/"),
        Duration.ofMinutes(5));
  }

  @AfterEach
  void unsubscribeAndRemove() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
    environment.removeCreatedNamespaces();
  }

  @AfterAll
  void stop() {
    if (target != null) {
      target.close();
    }
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void shouldKeepFollowingApplicationsAfterTheApiServerWasKilledAndRestarted() throws Exception {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    target.reportMetricsTo(MicrometerMetrics.of(registry));
    List<ApplicationPlan> plans = new ArrayList<>();
    List<HealthRecorder> health = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ApplicationPlan plan = ClusterPlans.plan(ClusterPlans.uniqueName("outage"), environment.image(),
          environment.port());
      target.apply(plan, ProgressSink.NONE);
      HealthRecorder recorder = new HealthRecorder();
      subscriptions.add(target.watch(plan, recorder));
      plans.add(plan);
      health.add(recorder);
    }
    for (HealthRecorder recorder : health) {
      recorder.await(State.RUNNING, environment.patience());
    }
    // what the untouched applications reported while they started is not this test's concern
    List<Integer> runningAt = health.stream().map(r -> r.states().size() - 1).toList();

    restartApiServer(5);

    ApplicationPlan broken = ClusterPlans.withImage(plans.get(0), ClusterPlans.QUERY,
        environment.crashingImage());
    target.apply(broken, ProgressSink.NONE);
    assertThat(health.get(0).await(State.UNKNOWN, environment.patience()).reason())
        .contains(ClusterPlans.QUERY).contains("CrashLoopBackOff");
    target.apply(plans.get(0), ProgressSink.NONE);
    health.get(0).await(State.RUNNING, environment.patience());
    assertThat(health.get(0).states()).endsWith(State.RUNNING, State.UNKNOWN, State.RUNNING);
    for (int i = 1; i < health.size(); i++) {
      List<State> states = health.get(i).states();
      assertThat(states.subList(runningAt.get(i), states.size()))
          .as("an application nobody touched, from Running on: %s", states)
          .containsOnly(State.RUNNING);
    }
    // a restarted API server no longer has the resource versions the watches stopped at (410
    // Gone): at least one informer lists again, and that is counted
    List<String> reconnects = registry.find(MicrometerMetrics.WATCH_RECONNECTS).counters()
        .stream().map(c -> c.getId().getTag("resource") + "=" + c.count()).toList();
    assertThat(registry.find(MicrometerMetrics.WATCH_RECONNECTS).counters().stream()
        .mapToDouble(Counter::count).sum()).as("watch reconnects counted: %s", reconnects)
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void shouldApplyAndForceRemoveWhileAnotherWriterKeepsUpdatingTheSameObjects()
      throws Exception {
    ApplicationPlan plan = ClusterPlans.plan(ClusterPlans.uniqueName("race"), environment.image(),
        environment.port());
    target.apply(plan, ProgressSink.NONE);
    KubernetesClient client = environment.client();
    client.namespaces().withName(plan.namespace()).edit(n -> {
      n.getMetadata().getFinalizers().add(ResourceNames.FINALIZER);
      return n;
    });
    AtomicBoolean writing = new AtomicBoolean(true);
    AtomicInteger writes = new AtomicInteger();
    Thread writer = new Thread(() -> {
      while (writing.get()) {
        try {
          client.namespaces().withName(plan.namespace()).edit(n -> {
            n.getMetadata().getLabels().put("example.com/touched", "w" + writes.get());
            return n;
          });
          client.apps().deployments().inNamespace(plan.namespace())
              .withName(ClusterPlans.RUNTIME_BUNDLE).edit(d -> {
                d.getMetadata().getLabels().put("example.com/touched", "w" + writes.get());
                return d;
              });
          writes.incrementAndGet();
        } catch (RuntimeException e) {
          // the namespace is going away, or the writer lost a race of its own
        }
      }
    }, "concurrent-writer");
    writer.start();
    try {
      for (int i = 0; i < 5; i++) {
        target.apply(plan, ProgressSink.NONE);
      }
      target.remove(plan.namespace(), RemovalMode.FORCE, environment.patience());
    } finally {
      writing.set(false);
      writer.join(10_000);
    }
    assertThat(writes.get()).as("writes of the other writer").isPositive();
    assertThat(client.namespaces().withName(plan.namespace()).get()).isNull();
  }

  @Test
  void shouldSayWhichFinalizerHoldsANamespaceThatCannotGoAndRemoveItOnceReleased() {
    String name = ClusterPlans.uniqueName("final");
    KubernetesClient client = environment.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(ResourceNames.applicationLabels(name))
        .addToAnnotations(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY).endMetadata()
        .build()).create();
    client.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("held").withFinalizers(FOREIGN_FINALIZER).endMetadata().build()).create();

    assertThatThrownBy(() -> target.remove(name, RemovalMode.NORMAL, Duration.ofSeconds(20)))
        .isInstanceOf(StepFailedException.class).hasMessageContaining(name)
        .hasMessageContaining(FOREIGN_FINALIZER);

    client.configMaps().inNamespace(name).withName("held").edit(c -> {
      c.getMetadata().setFinalizers(List.of());
      return c;
    });
    target.remove(name, RemovalMode.NORMAL, environment.patience());
    assertThat(client.namespaces().withName(name).get()).isNull();
  }

  private static void restartApiServer(int secondsDown) throws IOException, InterruptedException {
    String control = System.getenv(CONTROL_VARIABLE);
    if (control == null || control.isBlank()) {
      throw new IllegalStateException(CONTROL_VARIABLE + " is not set: export the local"
          + " cluster's settings (eval \"$(scripts/local-cluster.sh env)\") or run"
          + " scripts/run-tests.sh");
    }
    Process process = new ProcessBuilder(control, "restart-apiserver",
        Integer.toString(secondsDown)).redirectErrorStream(true).start();
    boolean done = process.waitFor(3, TimeUnit.MINUTES);
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(done && process.exitValue() == 0).as("restart of the API server: %s", output)
        .isTrue();
  }

}
