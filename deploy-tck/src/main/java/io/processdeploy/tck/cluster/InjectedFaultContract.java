package io.processdeploy.tck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.Links;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterHealth.State;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What a Kubernetes {@link ClusterTarget} must do under faults that only a test double can inject
 * on demand: API errors (409, 500, 403) on chosen requests, a rollout past its progress deadline,
 * a replica set refused by a quota, an image that appears in the registry later. Always runs on
 * the {@link EmbeddedCluster}; {@link ClusterTargetContract} holds what runs on real clusters too.
 */
public abstract class InjectedFaultContract extends ClusterTestBase {
  /** Always the embedded cluster: the faults are injected into it. */
  @Override
  protected final ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.startEmbedded();
  }

  /** The embedded cluster the faults are injected into. */
  protected final EmbeddedCluster embeddedCluster() {
    return environment().embedded().orElseThrow();
  }

  @Test
  void shouldRecoverFromImagePullFailureOnceTheImageExists() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = ClusterPlans.plan(name("pulled"), environment().image(),
        environment().port(), environment().image() + "-later", false);
    String later = environment().image() + "-later";
    cluster.imageAvailability(image -> !image.equals(later));
    try {
      target.apply(plan, ProgressSink.NONE);
      HealthRecorder health = watch(target, plan);
      health.await(State.UNKNOWN, environment().patience());
      cluster.imageAvailability(image -> !image.equals(environment().missingImage()));
      health.await(State.RUNNING, environment().patience());
    } finally {
      cluster.imageAvailability(image -> !image.equals(environment().missingImage()));
    }
  }

  @Test
  void shouldReportUnknownWhenTheProgressDeadlineIsExceeded() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("progress"));
    cluster.progressDeadlineExceeded(plan.namespace(), ClusterPlans.RUNTIME_BUNDLE);
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment().patience());
    assertThat(unknown.reason()).contains("service " + ClusterPlans.RUNTIME_BUNDLE)
        .contains("ProgressDeadlineExceeded");
  }

  @Test
  void shouldReportUnknownOnReplicaFailure() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("replica"));
    cluster.replicaFailure(plan.namespace(), ClusterPlans.EMAIL_CONNECTOR,
        "pods \"email-connector\" is forbidden: exceeded quota: compute");
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment().patience());
    assertThat(unknown.reason()).contains("service " + ClusterPlans.EMAIL_CONNECTOR)
        .contains("ReplicaFailure").contains("exceeded quota");
  }

  @Test
  void shouldForceRemoveAHalfCreatedApplicationHeldByItsOwnFinalizer() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("half"));
    cluster.failNext("PATCH", "/apis/apps/v1/namespaces/" + plan.namespace() + "/deployments",
        500, 1000);
    assertThatThrownBy(() -> target.apply(plan, ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("Deployment");
    cluster.failNext("PATCH", "/apis/apps/v1/namespaces/" + plan.namespace() + "/deployments",
        500, 0);
    KubernetesClient client = environment().client();
    client.namespaces().withName(plan.namespace()).edit(n -> {
      n.getMetadata().getFinalizers().add(ResourceNames.FINALIZER);
      return n;
    });
    assertThat(client.configMaps().inNamespace(plan.namespace()).list().getItems()).isNotEmpty();

    target.remove(plan.namespace(), RemovalMode.FORCE, environment().patience());

    assertThat(client.namespaces().withName(plan.namespace()).get()).isNull();
    assertThat(client.configMaps().inNamespace(plan.namespace()).list().getItems()).isEmpty();
  }

  @Test
  void shouldRetryAfterAConflictFromTheApiServer() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("conflict"));
    String path = "/apis/apps/v1/namespaces/" + plan.namespace() + "/deployments";
    cluster.failNext("PATCH", path, 409, 1);

    target.apply(plan, ProgressSink.NONE);

    watch(target, plan).await(State.RUNNING, environment().patience());
    long applies = plan.services().stream()
        .mapToLong(s -> cluster.requestCount("PATCH", path + "/" + s.name() + "?")).sum();
    assertThat(applies).as("applies of the Deployments (not their status), one tried again")
        .isEqualTo(plan.services().size() + 1);
  }

  @Test
  void shouldRetryAfterServerErrors() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("error"));
    String path = "/api/v1/namespaces/" + plan.namespace() + "/configmaps";
    cluster.failNext(null, path, 500, 2);

    target.apply(plan, ProgressSink.NONE);

    watch(target, plan).await(State.RUNNING, environment().patience());
    assertThat(cluster.requestCount(null, path)).isGreaterThanOrEqualTo(
        plan.services().size() + 1 + 2);
  }

  @Test
  void shouldFailAtOnceOnANonRetryableErrorNamingTheObject() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("forbidden"));
    String path = "/api/v1/namespaces/" + plan.namespace() + "/secrets";
    cluster.failNext("PATCH", path, 403, 1);

    assertThatThrownBy(() -> target.apply(plan, ProgressSink.NONE))
        .isInstanceOfSatisfying(StepFailedException.class, e -> {
          assertThat(e.isRetryable()).isFalse();
          assertThat(e.getMessage()).contains("Secret").contains(plan.namespace()).contains("403")
              .doesNotContain(ClusterPlans.SECRET_VALUE);
        });
    assertThat(cluster.requestCount("PATCH", path)).isEqualTo(1);
  }
}
