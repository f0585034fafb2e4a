package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.k8s.internal.HealthEvaluator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How Deployments and pods turn into one health, each way to UNKNOWN included. */
class HealthEvaluatorTest {
  private static final List<String> SERVICES = List.of("query", "runtime-bundle");
  private static final Duration DEADLINE = Duration.ofMinutes(5);

  @Test
  void shouldBeRunningWhenEveryDeploymentIsAvailable() {
    ClusterHealth health = evaluate(List.of(available("query"), available("runtime-bundle")),
        List.of(), false, false);
    assertThat(health.state()).isEqualTo(State.RUNNING);
  }

  @Test
  void shouldBePendingNamingWhatIsNotAvailableYet() {
    ClusterHealth health = evaluate(List.of(available("query"), starting("runtime-bundle")),
        List.of(), false, false);
    assertThat(health.state()).isEqualTo(State.PENDING);
    assertThat(health.reason()).contains("runtime-bundle: 0/1").doesNotContain("query");
  }

  @Test
  void shouldBePendingWhileADeploymentDoesNotExistYet() {
    ClusterHealth health = evaluate(List.of(available("query")), List.of(), false, false);
    assertThat(health.state()).isEqualTo(State.PENDING);
    assertThat(health.reason()).contains("runtime-bundle: its Deployment does not exist");
  }

  @Test
  void shouldBeUnknownOnProgressDeadlineExceeded() {
    Deployment d = new DeploymentBuilder(starting("query")).editStatus().addNewCondition()
        .withType("Progressing").withStatus("False").withReason("ProgressDeadlineExceeded")
        .withMessage("ReplicaSet \"query-1\" has timed out progressing.").endCondition()
        .endStatus().build();
    ClusterHealth health = evaluate(List.of(d, available("runtime-bundle")), List.of(), false,
        false);
    assertThat(health.state()).isEqualTo(State.UNKNOWN);
    assertThat(health.reason()).isEqualTo("service query: ProgressDeadlineExceeded:"
        + " ReplicaSet \"query-1\" has timed out progressing.");
  }

  @Test
  void shouldBeUnknownOnReplicaFailure() {
    Deployment d = new DeploymentBuilder(starting("query")).editStatus().addNewCondition()
        .withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
        .withMessage("exceeded quota").endCondition().endStatus().build();
    ClusterHealth health = evaluate(List.of(d, available("runtime-bundle")), List.of(), false,
        false);
    assertThat(health.state()).isEqualTo(State.UNKNOWN);
    assertThat(health.reason()).contains("service query: ReplicaFailure: FailedCreate exceeded"
        + " quota");
  }

  @Test
  void shouldKeepWaitingWhenTheApiServerRefusesPodsOnlyUntilTheServiceAccountTokenExists() {
    Deployment d = new DeploymentBuilder(starting("query")).editStatus().addNewCondition()
        .withType("ReplicaFailure").withStatus("True").withReason("FailedCreate")
        .withMessage("pods \"query-5d9c-\" is forbidden: error looking up service account"
            + " app/application: no API token found for service account \"application\","
            + " retry after the token is automatically created and added to the service"
            + " account").endCondition().endStatus().build();
    ClusterHealth health = evaluate(List.of(d, available("runtime-bundle")), List.of(), false,
        false);
    assertThat(health.state()).isEqualTo(State.PENDING);
    assertThat(health.reason()).contains("service query: ReplicaFailure").contains("retry after");
  }

  @Test
  void shouldBeUnknownWhenAContainerIsStuck() {
    for (String reason : List.of("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull")) {
      ClusterHealth health = evaluate(List.of(starting("query"), available("runtime-bundle")),
          List.of(waiting("query", reason)), false, false);
      assertThat(health.state()).as(reason).isEqualTo(State.UNKNOWN);
      assertThat(health.reason()).contains("service query: pod query-abc container query "
          + reason + ": because");
    }
  }

  @Test
  void shouldIgnoreStuckPodsOfOtherApplicationsServicesAndTransientWaits() {
    ClusterHealth health = evaluate(List.of(starting("query"), available("runtime-bundle")),
        List.of(waiting("other", "CrashLoopBackOff"), waiting("query", "ContainerCreating")),
        false, false);
    assertThat(health.state()).isEqualTo(State.PENDING);
  }

  @Test
  void shouldBeUnknownWhenTheDeadlinePassedWithoutAvailability() {
    ClusterHealth health = evaluate(List.of(starting("query"), available("runtime-bundle")),
        List.of(), true, false);
    assertThat(health.state()).isEqualTo(State.UNKNOWN);
    assertThat(health.reason()).contains("startup deadline of PT5M").contains("query");
  }

  @Test
  void shouldBeUnknownWhenARunningApplicationLosesAvailability() {
    ClusterHealth health = evaluate(List.of(starting("query"), available("runtime-bundle")),
        List.of(), false, true);
    assertThat(health.state()).isEqualTo(State.UNKNOWN);
    assertThat(health.reason()).startsWith("no longer available").contains("query");
  }

  @Test
  void shouldBePendingWhileARollingUpdateStillHasPodsOfThePreviousTemplate() {
    Deployment rolling = new DeploymentBuilder(available("runtime-bundle")).editMetadata()
        .withGeneration(2L).endMetadata().editStatus().withObservedGeneration(2L)
        .withReplicas(2).withUpdatedReplicas(1).withAvailableReplicas(1).endStatus().build();
    ClusterHealth health = evaluate(List.of(available("query"), rolling), List.of(), false,
        false);
    assertThat(health.state()).isEqualTo(State.PENDING);
    assertThat(health.reason()).contains("runtime-bundle: rolling out its new version"
        + " (1 updated of 2 replicas)");
    assertThat(evaluate(List.of(available("query"), rolling), List.of(), false, true).state())
        .as("an application that ran keeps running while an available service rolls")
        .isEqualTo(State.RUNNING);

    Deployment done = new DeploymentBuilder(rolling).editStatus().withReplicas(1).endStatus()
        .build();
    assertThat(evaluate(List.of(available("query"), done), List.of(), false, false).state())
        .isEqualTo(State.RUNNING);
  }

  @Test
  void shouldReadAnUpdatedReplicaCountLeftOutByTheApiServerAsZero() {
    Deployment justObserved = new DeploymentBuilder(available("runtime-bundle")).editMetadata()
        .withGeneration(2L).endMetadata().editStatus().withObservedGeneration(2L)
        .withReplicas(1).withUpdatedReplicas(null).endStatus().build();
    assertThat(evaluate(List.of(available("query"), justObserved), List.of(), false, false)
        .state()).as("the new ReplicaSet has no pod yet").isEqualTo(State.PENDING);
  }

  @Test
  void shouldBePendingUntilTheControllerObservedTheAppliedGeneration() {
    Deployment stale = new DeploymentBuilder(available("runtime-bundle")).editMetadata()
        .withGeneration(3L).endMetadata().editStatus().withObservedGeneration(3L)
        .withUpdatedReplicas(1).endStatus().build();
    List<Deployment> ds = List.of(available("query"), stale);
    assertThat(HealthEvaluator.evaluate(SERVICES, ds, List.of(), false, DEADLINE, false,
        java.util.Map.of("runtime-bundle", 4L)).state())
        .as("the cache still holds generation 3, the apply made 4").isEqualTo(State.PENDING);
    assertThat(HealthEvaluator.evaluate(SERVICES, ds, List.of(), false, DEADLINE, false,
        java.util.Map.of("runtime-bundle", 3L)).state()).isEqualTo(State.RUNNING);

    Deployment unobserved = new DeploymentBuilder(stale).editMetadata().withGeneration(4L)
        .endMetadata().build();
    assertThat(evaluate(List.of(available("query"), unobserved), List.of(), false, false)
        .state()).as("generation 4 not observed yet").isEqualTo(State.PENDING);
  }

  @Test
  void shouldIgnoreACrashingPodOfAnotherTemplateThatARollbackIsReplacing() {
    Deployment back = new DeploymentBuilder(available("runtime-bundle")).editSpec()
        .withNewTemplate().withNewSpec().addNewContainer().withName("runtime-bundle")
        .withImage("registry/app@sha256:1").endContainer().endSpec().endTemplate().endSpec()
        .build();
    Pod crashing = new PodBuilder(waiting("runtime-bundle", "CrashLoopBackOff")).withNewSpec()
        .addNewContainer().withName("runtime-bundle").withImage("registry/app@sha256:2")
        .endContainer().endSpec().build();
    assertThat(evaluate(List.of(available("query"), back), List.of(crashing), false, false)
        .state()).as("the crashing pod is of the template rolled back from")
        .isEqualTo(State.RUNNING);

    Pod current = new PodBuilder(crashing).editSpec().editFirstContainer()
        .withImage("registry/app@sha256:1").endContainer().endSpec().build();
    assertThat(evaluate(List.of(available("query"), back), List.of(current), false, false)
        .state()).isEqualTo(State.UNKNOWN);
  }

  @Test
  void shouldIgnoreTheConditionsOfAGenerationNotObservedYet() {
    Deployment stale = new DeploymentBuilder(starting("runtime-bundle")).editMetadata()
        .withGeneration(5L).endMetadata().editStatus().withObservedGeneration(4L)
        .addNewCondition().withType("Progressing").withStatus("False")
        .withReason("ProgressDeadlineExceeded").endCondition().endStatus().build();
    ClusterHealth health = evaluate(List.of(available("query"), stale), List.of(), false, false);
    assertThat(health.state()).isEqualTo(State.PENDING);
    Deployment observed = new DeploymentBuilder(stale).editStatus().withObservedGeneration(5L)
        .endStatus().build();
    assertThat(evaluate(List.of(available("query"), observed), List.of(), false, false).state())
        .isEqualTo(State.UNKNOWN);
  }

  private static ClusterHealth evaluate(List<Deployment> ds, List<Pod> pods, boolean late,
      boolean wasRunning) {
    return HealthEvaluator.evaluate(SERVICES, ds, pods, late, DEADLINE, wasRunning);
  }

  private static Deployment starting(String name) {
    return new DeploymentBuilder().withNewMetadata().withName(name).withNamespace("app")
        .withGeneration(1L).endMetadata().withNewSpec().withReplicas(1).endSpec().withNewStatus()
        .withObservedGeneration(1L).withReplicas(1).withUpdatedReplicas(1)
        .withAvailableReplicas(0).endStatus().build();
  }

  private static Deployment available(String name) {
    return new DeploymentBuilder(starting(name)).editStatus().withAvailableReplicas(1)
        .withReadyReplicas(1).addNewCondition().withType("Available").withStatus("True")
        .withReason("MinimumReplicasAvailable").endCondition().endStatus().build();
  }

  private static Pod waiting(String service, String reason) {
    return new PodBuilder().withNewMetadata().withName(service + "-abc").withNamespace("app")
        .addToLabels("app.kubernetes.io/name", service).endMetadata().withNewStatus()
        .addNewContainerStatus().withName(service).withNewState().withNewWaiting()
        .withReason(reason).withMessage("because").endWaiting().endState().endContainerStatus()
        .endStatus().build();
  }
}
