package io.processdeploy.tck.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

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
 * What every Kubernetes {@link ClusterTarget} must do, checked against a cluster: the
 * {@link EmbeddedCluster} by default, a real one with {@code -Dprocessdeploy.cluster=kubeconfig}
 * (see {@link ClusterEnvironment}). An implementation's test extends this class and says how to
 * make its target:
 *
 * <pre>{@code
 * class KubernetesClusterTargetIT extends ClusterTargetContract {
 *   protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl, Duration deadline) {
 *     return KubernetesClusterTarget.builder().withClient(client).withBaseUrl(baseUrl)
 *         .withStartupDeadline(deadline).build();
 *   }
 * }
 * }</pre>
 *
 * <p>Tests that inject faults (crash loops, failed rollouts, API errors) need the embedded
 * cluster; on a real cluster they are reported as not applicable (assumption), every other test
 * runs there too. Every test uses an application name of its own.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ClusterTargetContract {
  /** The gateway base URL the targets are made with. */
  protected static final URI BASE_URL = URI.create("http://apps.example.com/");
  /** The startup deadline of the targets, except in the deadline test. */
  protected static final Duration DEADLINE = Duration.ofMinutes(5);

  private ClusterEnvironment environment;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /**
   * Makes the target under test.
   *
   * @param client the client of the cluster under test (the test closes it, not the target)
   * @param baseUrl the gateway base URL to use
   * @param startupDeadline how long an application may stay pending
   */
  protected abstract ClusterTarget createTarget(KubernetesClient client, URI baseUrl,
      Duration startupDeadline);

  /** The cluster to run against; by default as {@link ClusterEnvironment#fromSystemProperties}. */
  protected ClusterEnvironment createEnvironment() {
    return ClusterEnvironment.fromSystemProperties();
  }

  @BeforeAll
  final void startCluster() {
    environment = createEnvironment();
  }

  @AfterAll
  final void stopCluster() {
    if (environment != null) {
      environment.close();
    }
  }

  @AfterEach
  final void closeTargets() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    closeables.clear();
  }

  /** The cluster under test. */
  protected final ClusterEnvironment environment() {
    return environment;
  }

  /** A target with the default deadline, closed after the test when it is closeable. */
  protected final ClusterTarget target() {
    return target(DEADLINE);
  }

  /** A target with {@code deadline}, closed after the test when it is closeable. */
  protected final ClusterTarget target(Duration deadline) {
    ClusterTarget target = createTarget(environment.client(), BASE_URL, deadline);
    if (target instanceof AutoCloseable closeable) {
      closeables.add(closeable);
    }
    return target;
  }

  /** A fresh application name starting with {@code tag} (at most 20 characters). */
  protected static String name(String tag) {
    StringBuilder suffix = new StringBuilder();
    for (int i = 0; i < 4; i++) {
      suffix.append((char) ('a' + ThreadLocalRandom.current().nextInt(26)));
    }
    return tag.toLowerCase(Locale.ROOT) + "-" + suffix;
  }

  /** A plan whose services all work. */
  protected final ApplicationPlan workingPlan(String name) {
    return ClusterPlans.plan(name, environment.image(), environment.port());
  }

  /** Watches {@code plan}, closing the subscription after the test. */
  protected final HealthRecorder watch(ClusterTarget target, ApplicationPlan plan) {
    HealthRecorder recorder = new HealthRecorder();
    Subscription subscription = target.watch(plan, recorder);
    closeables.add(subscription);
    return recorder;
  }

  // ---------------------------------------------------------------- deploy and status

  @Test
  void shouldCreateOwnedNamespaceWithEveryObjectAndReachRunning() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("happy"));
    target.checkNamespace(plan.namespace());
    RecordingSink sink = new RecordingSink();
    target.apply(plan, sink);
    HealthRecorder health = watch(target, plan);

    health.await(State.RUNNING, environment.patience());
    KubernetesClient client = environment.client();
    Namespace ns = client.namespaces().withName(plan.namespace()).get();
    assertThat(ns.getMetadata().getLabels())
        .containsAllEntriesOf(ResourceNames.applicationLabels(plan.name()));
    assertThat(ns.getMetadata().getAnnotations())
        .containsEntry(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY);
    for (ServicePlan service : plan.services()) {
      Deployment d = client.apps().deployments().inNamespace(plan.namespace())
          .withName(service.name()).get();
      assertThat(d).as("Deployment %s", service.name()).isNotNull();
      assertThat(d.getMetadata().getLabels())
          .containsAllEntriesOf(ResourceNames.serviceLabels(plan.name(), service));
      assertThat(d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
          .isEqualTo(service.image());
      assertThat(client.services().inNamespace(plan.namespace()).withName(service.name()).get())
          .isNotNull();
      ConfigMap env = client.configMaps().inNamespace(plan.namespace())
          .withName(ResourceNames.envConfigMap(service.name())).get();
      assertThat(env.getData()).containsAllEntriesOf(service.env());
      Secret secret = client.secrets().inNamespace(plan.namespace())
          .withName(ResourceNames.envSecret(service.name())).get();
      service.secretEnv().forEach((k, v) -> assertThat(decode(secret.getData().get(k)))
          .isEqualTo(v));
    }
    assertThat(client.configMaps().inNamespace(plan.namespace())
        .withName(ResourceNames.SECURITY_CONFIG_MAP).get()).isNotNull();
    assertThat(client.serviceAccounts().inNamespace(plan.namespace())
        .withName(ResourceNames.SERVICE_ACCOUNT).get()).isNotNull();
    assertThat(client.rbac().roles().inNamespace(plan.namespace())
        .withName(ResourceNames.SERVICE_ACCOUNT).get()).isNotNull();
    assertThat(client.rbac().roleBindings().inNamespace(plan.namespace())
        .withName(ResourceNames.SERVICE_ACCOUNT).get()).isNotNull();
    assertThat(client.network().v1().ingresses().inNamespace(plan.namespace())
        .withName(ResourceNames.GATEWAY_INGRESS).get()).isNotNull();
    assertThat(sink.logs()).allSatisfy(l -> assertThat(l).doesNotContain(ClusterPlans.SECRET_VALUE));
    assertThat(sink.lastDone()).isPositive().isEqualTo(sink.lastTotal());
  }

  @Test
  void shouldApplyIdempotentlyWithoutWipingStatus() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("again"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment.patience());

    target.apply(plan, ProgressSink.NONE);
    target.apply(plan, ProgressSink.NONE);

    Deployment rb = environment.client().apps().deployments().inNamespace(plan.namespace())
        .withName(ClusterPlans.RUNTIME_BUNDLE).get();
    assertThat(rb.getStatus()).isNotNull();
    assertThat(rb.getStatus().getAvailableReplicas()).isEqualTo(1);
    assertThat(health.states()).doesNotContain(State.UNKNOWN).endsWith(State.RUNNING);
  }

  @Test
  void shouldKeepAReplicaCountSetByOthersWhenAppliedAgain() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("scaled"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment.patience());
    var deployment = environment.client().apps().deployments().inNamespace(plan.namespace())
        .withName(ClusterPlans.RUNTIME_BUNDLE);

    deployment.scale(2);
    target.apply(plan, ProgressSink.NONE);

    assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(2);
    awaitTrue(() -> Objects.equals(deployment.get().getStatus().getAvailableReplicas(), 2));
    target.apply(plan, ProgressSink.NONE);
    assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void shouldKeepLabelsAndAnnotationsOthersAddWhenAppliedAgain() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("foreignmeta"));
    target.apply(plan, ProgressSink.NONE);
    KubernetesClient client = environment.client();
    var namespace = client.namespaces().withName(plan.namespace());
    var deployment = client.apps().deployments().inNamespace(plan.namespace())
        .withName(ClusterPlans.RUNTIME_BUNDLE);
    namespace.edit(n -> addForeignMetadata(n));
    deployment.edit(d -> addForeignMetadata(d));

    target.apply(plan, ProgressSink.NONE);

    for (HasMetadata o : List.of(namespace.get(), deployment.get())) {
      assertThat(o.getMetadata().getLabels()).as("labels of %s", o.getKind())
          .containsEntry("example.com/team", "payments")
          .containsAllEntriesOf(ResourceNames.applicationLabels(plan.name()));
      assertThat(o.getMetadata().getAnnotations()).as("annotations of %s", o.getKind())
          .containsEntry("example.com/note", "kept");
    }
    assertThat(namespace.get().getMetadata().getAnnotations())
        .containsEntry(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY);
  }

  @Test
  void shouldChangeNoResourceVersionWhenAppliedUnchanged() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("unchanged"));
    target.apply(plan, ProgressSink.NONE);
    watch(target, plan).await(State.RUNNING, environment.patience());
    Map<String, String> before = settledVersions(plan.namespace());

    target.apply(plan, ProgressSink.NONE);

    assertThat(versions(plan.namespace())).isEqualTo(before);
  }

  @Test
  void shouldReportUnknownWhenAnImageCannotBePulled() {
    ClusterTarget target = target();
    String name = name("pull");
    ApplicationPlan plan = ClusterPlans.plan(name, environment.image(), environment.port(),
        ClusterEnvironment.MISSING_IMAGE, false);
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment.patience());
    assertThat(unknown.reason()).contains(ClusterPlans.EMAIL_CONNECTOR)
        .containsAnyOf("ImagePullBackOff", "ErrImagePull");
    assertThat(health.states()).doesNotContain(State.RUNNING);
  }

  @Test
  void shouldRecoverFromImagePullFailureOnceTheImageExists() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = ClusterPlans.plan(name("pulled"), environment.image(),
        environment.port(), environment.image() + "-later", false);
    String later = environment.image() + "-later";
    cluster.imageAvailability(image -> !image.equals(later));
    try {
      target.apply(plan, ProgressSink.NONE);
      HealthRecorder health = watch(target, plan);
      health.await(State.UNKNOWN, environment.patience());
      cluster.imageAvailability(image -> !image.equals(ClusterEnvironment.MISSING_IMAGE));
      health.await(State.RUNNING, environment.patience());
    } finally {
      cluster.imageAvailability(image -> !image.equals(ClusterEnvironment.MISSING_IMAGE));
    }
  }

  @Test
  void shouldFollowACrashLoopToUnknownAndBackToRunning() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("crash"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment.patience());

    cluster.crashLoop(plan.namespace(), ClusterPlans.QUERY);
    ClusterHealth unknown = health.await(State.UNKNOWN, environment.patience());
    assertThat(unknown.reason()).contains("service " + ClusterPlans.QUERY)
        .contains("CrashLoopBackOff");

    cluster.heal(plan.namespace(), ClusterPlans.QUERY);
    health.await(State.RUNNING, environment.patience());
    assertThat(health.states()).endsWith(State.RUNNING, State.UNKNOWN, State.RUNNING)
        .containsOnlyOnce(State.UNKNOWN);
  }

  @Test
  void shouldReportUnknownWhenTheProgressDeadlineIsExceeded() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("progress"));
    cluster.progressDeadlineExceeded(plan.namespace(), ClusterPlans.RUNTIME_BUNDLE);
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment.patience());
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

    ClusterHealth unknown = health.await(State.UNKNOWN, environment.patience());
    assertThat(unknown.reason()).contains("service " + ClusterPlans.EMAIL_CONNECTOR)
        .contains("ReplicaFailure").contains("exceeded quota");
  }

  @Test
  void shouldReportUnknownWhenTheStartupDeadlinePassesThenRunningWhenReady() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target(Duration.ofSeconds(3));
    ApplicationPlan plan = workingPlan(name("slow"));
    cluster.slowStart(plan.namespace(), ClusterPlans.QUERY, Duration.ofMinutes(10));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment.patience());
    assertThat(unknown.reason()).contains("startup deadline").contains("service "
        + ClusterPlans.QUERY);
    cluster.heal(plan.namespace(), ClusterPlans.QUERY);
    health.await(State.RUNNING, environment.patience());
    assertThat(health.states()).endsWith(State.UNKNOWN, State.RUNNING)
        .containsOnlyOnce(State.RUNNING);
  }

  @Test
  void shouldStayPendingWhileServicesStartSlowlyWithinTheDeadline() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("patient"));
    cluster.slowStart(plan.namespace(), ClusterPlans.RUNTIME_BUNDLE, Duration.ofSeconds(5));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    assertThat(health.await(State.PENDING, environment.patience()).reason())
        .contains(ClusterPlans.RUNTIME_BUNDLE);
    health.await(State.RUNNING, environment.patience());
    assertThat(health.states()).containsExactly(State.PENDING, State.RUNNING);
  }

  // ---------------------------------------------------------------- removal

  @Test
  void shouldUndeployByDeletingTheNamespaceAndWaitingUntilItIsGone() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("undeploy"));
    target.apply(plan, ProgressSink.NONE);
    watch(target, plan).await(State.RUNNING, environment.patience());

    target.remove(plan.namespace(), RemovalMode.NORMAL, environment.patience());

    KubernetesClient client = environment.client();
    assertThat(client.namespaces().withName(plan.namespace()).get()).isNull();
    assertThat(client.apps().deployments().inNamespace(plan.namespace()).list().getItems())
        .isEmpty();
    assertThat(client.configMaps().inNamespace(plan.namespace()).list().getItems()).isEmpty();
  }

  @Test
  void shouldSucceedRemovingAnAbsentNamespace() {
    ClusterTarget target = target();
    String name = name("absent");
    target.remove(name, RemovalMode.NORMAL, Duration.ofSeconds(5));
    target.remove(name, RemovalMode.FORCE, Duration.ofSeconds(5));
    assertThat(environment.client().namespaces().withName(name).get()).isNull();
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
    KubernetesClient client = environment.client();
    client.namespaces().withName(plan.namespace()).edit(n -> {
      n.getMetadata().getFinalizers().add(ResourceNames.FINALIZER);
      return n;
    });
    assertThat(client.configMaps().inNamespace(plan.namespace()).list().getItems()).isNotEmpty();

    target.remove(plan.namespace(), RemovalMode.FORCE, environment.patience());

    assertThat(client.namespaces().withName(plan.namespace()).get()).isNull();
    assertThat(client.configMaps().inNamespace(plan.namespace()).list().getItems()).isEmpty();
  }

  @Test
  void shouldForceRemoveAnOwnedNamespaceHeldByItsOwnFinalizer() {
    ClusterTarget target = target();
    String name = name("held");
    KubernetesClient client = environment.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(ResourceNames.applicationLabels(name))
        .addToAnnotations(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY)
        .withFinalizers(ResourceNames.FINALIZER).endMetadata().build()).create();
    client.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("leftover").withLabels(ResourceNames.applicationLabels(name)).endMetadata()
        .build()).create();

    assertThatThrownBy(() -> target.remove(name, RemovalMode.NORMAL, Duration.ofSeconds(2)))
        .isInstanceOf(StepFailedException.class).hasMessageContaining(ResourceNames.FINALIZER);
    target.remove(name, RemovalMode.FORCE, environment.patience());

    assertThat(client.namespaces().withName(name).get()).isNull();
  }

  // ---------------------------------------------------------------- permissions

  @Test
  void shouldUpdateSecurityRollingOnlyTheServicesThatReadIt() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("perm"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment.patience());
    int reportsBefore = health.reports().size();
    KubernetesClient client = environment.client();
    Map<String, String> before = new java.util.TreeMap<>();
    Map<String, String> versionsBefore = new java.util.TreeMap<>();
    for (ServicePlan s : plan.services()) {
      Deployment d = client.apps().deployments().inNamespace(plan.namespace())
          .withName(s.name()).get();
      before.put(s.name(), client.getKubernetesSerialization().asJson(d.getSpec()));
      versionsBefore.put(s.name(), d.getMetadata().getResourceVersion());
    }
    Map<String, String> securityBefore = client.configMaps().inNamespace(plan.namespace())
        .withName(ResourceNames.SECURITY_CONFIG_MAP).get().getData();

    ApplicationPlan changed = plan.withSecurity(ClusterPlans.security("bob"));
    target.updateSecurity(changed);

    Map<String, String> securityAfter = client.configMaps().inNamespace(plan.namespace())
        .withName(ResourceNames.SECURITY_CONFIG_MAP).get().getData();
    assertThat(securityAfter).isNotEqualTo(securityBefore);
    assertThat(String.join(",", securityAfter.values())).contains("bob").doesNotContain("alice");
    for (ServicePlan s : plan.services()) {
      Deployment d = client.apps().deployments().inNamespace(plan.namespace())
          .withName(s.name()).get();
      String spec = client.getKubernetesSerialization().asJson(d.getSpec());
      if (s.readsSecurity()) {
        assertThat(spec).as("pod template of %s", s.name()).isNotEqualTo(before.get(s.name()));
        assertThat(d.getSpec().getTemplate().getMetadata().getAnnotations())
            .containsKey(ResourceNames.SECURITY_CHECKSUM_ANNOTATION);
      } else {
        assertThat(spec).as("Deployment %s", s.name()).isEqualTo(before.get(s.name()));
        if (environment.embedded().isPresent()) {
          // on a real cluster the deployment controller may still touch the status
          assertThat(d.getMetadata().getResourceVersion()).as("version of %s", s.name())
              .isEqualTo(versionsBefore.get(s.name()));
        }
      }
    }
    awaitTrue(() -> environment.client().apps().deployments().inNamespace(plan.namespace())
        .list().getItems().stream().allMatch(ClusterTargetContract::isAvailable));
    assertThat(health.reports()).as("health reports after the update").hasSize(reportsBefore);
  }

  @Test
  void shouldLeaveDeploymentsAloneWhenSecurityIsUnchanged() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("sameperm"));
    target.apply(plan, ProgressSink.NONE);
    Map<String, String> versions = deploymentVersions(plan);

    target.updateSecurity(plan);

    assertThat(deploymentVersions(plan)).isEqualTo(versions);
  }

  @Test
  void shouldRefuseSecurityUpdateOfAnApplicationThatIsNotThere() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("noperm"));
    assertThatThrownBy(() -> target.updateSecurity(plan)).isInstanceOf(NotFoundException.class)
        .hasMessageContaining(plan.namespace());
  }

  // ---------------------------------------------------------------- ownership

  @Test
  void shouldRefuseAForeignNamespaceAndTouchNothing() {
    ClusterTarget target = target();
    String name = name("foreign");
    KubernetesClient client = environment.client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .addToLabels("team", "payments").endMetadata().build()).create();
    client.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("theirs").endMetadata().addToData("k", "v").build()).create();
    awaitTrue(() -> {
      Namespace ns = client.namespaces().withName(name).get();
      return ns.getStatus() != null && "Active".equals(ns.getStatus().getPhase());
    });
    Map<String, String> before = snapshot(name);

    assertThatThrownBy(() -> target.checkNamespace(name)).isInstanceOf(ConflictException.class)
        .hasMessageContaining(name);
    assertThatThrownBy(() -> target.apply(workingPlan(name), ProgressSink.NONE))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> target.updateSecurity(workingPlan(name)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> target.remove(name, RemovalMode.NORMAL, Duration.ofSeconds(5)))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> target.remove(name, RemovalMode.FORCE, Duration.ofSeconds(5)))
        .isInstanceOf(ConflictException.class);

    assertThat(snapshot(name)).isEqualTo(before);
    assertThat(client.apps().deployments().inNamespace(name).list().getItems()).isEmpty();
    client.namespaces().withName(name).delete();
  }

  // ---------------------------------------------------------------- API errors

  @Test
  void shouldRetryAfterAConflictFromTheApiServer() {
    EmbeddedCluster cluster = embeddedCluster();
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("conflict"));
    String path = "/apis/apps/v1/namespaces/" + plan.namespace() + "/deployments";
    cluster.failNext("PATCH", path, 409, 1);

    target.apply(plan, ProgressSink.NONE);

    watch(target, plan).await(State.RUNNING, environment.patience());
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

    watch(target, plan).await(State.RUNNING, environment.patience());
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

  // ---------------------------------------------------------------- links and logs

  @Test
  void shouldGiveTheGatewayLinkAndUiLinksOnlyForUisThePlanHas() {
    ClusterTarget target = target();
    ApplicationPlan withUi = ClusterPlans.plan("links", environment.image(), environment.port(),
        environment.image(), true);
    ApplicationPlan withoutUi = workingPlan("links");

    Links links = target.links(withUi);
    assertThat(links.gateway()).isEqualTo(BASE_URL.resolve("links/"));
    assertThat(links.processWorkspaceLink()).isPresent();
    assertThat(links.processWorkspaceLink().get().toString()).startsWith(BASE_URL + "links/");
    assertThat(links.contentAppLink()).isEmpty();
    assertThat(target.links(withoutUi).processWorkspaceLink()).isEmpty();
  }

  @Test
  void shouldGiveTheLogOfAServiceAndRefuseAServiceWithoutPods() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("logs"));
    target.apply(plan, ProgressSink.NONE);
    watch(target, plan).await(State.RUNNING, environment.patience());

    String log = target.logs(plan.namespace(), ClusterPlans.RUNTIME_BUNDLE, 20);
    assertThat(log).isNotNull();
    if (environment.embedded().isPresent()) {
      assertThat(log).contains(ClusterPlans.RUNTIME_BUNDLE);
    }
    assertThatThrownBy(() -> target.logs(plan.namespace(), "no-such-service", 20))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-service");
  }

  // ---------------------------------------------------------------- helpers

  /** The embedded cluster; the test is not applicable on a real cluster. */
  protected final EmbeddedCluster embeddedCluster() {
    assumeTrue(environment.embedded().isPresent(),
        "injects faults, which needs the embedded cluster");
    return environment.embedded().get();
  }

  /** Waits for a condition within the environment's patience. */
  protected final void awaitTrue(BooleanSupplier condition) {
    long deadline = System.nanoTime() + environment.patience().toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("condition not met within " + environment.patience());
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }
  }

  private Map<String, String> deploymentVersions(ApplicationPlan plan) {
    Map<String, String> out = new java.util.TreeMap<>();
    environment.client().apps().deployments().inNamespace(plan.namespace()).list().getItems()
        .forEach(d -> out.put(d.getMetadata().getName(), client().getKubernetesSerialization()
            .asJson(d.getSpec())));
    return out;
  }

  private KubernetesClient client() {
    return environment.client();
  }

  private static <T extends HasMetadata> T addForeignMetadata(T object) {
    object.getMetadata().getLabels().put("example.com/team", "payments");
    if (object.getMetadata().getAnnotations() == null) {
      object.getMetadata().setAnnotations(new java.util.HashMap<>());
    }
    object.getMetadata().getAnnotations().put("example.com/note", "kept");
    return object;
  }

  /** The versions of {@link #versions}, once two readings half a second apart agree. */
  private Map<String, String> settledVersions(String namespace) {
    Map<String, String> last = versions(namespace);
    long deadline = System.nanoTime() + environment.patience().toNanos();
    while (System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
      Map<String, String> now = versions(namespace);
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    throw new AssertionError("the objects in " + namespace + " kept changing");
  }

  /** The resource version of the namespace and of every object of ours in it, by kind and name. */
  private Map<String, String> versions(String namespace) {
    KubernetesClient client = environment.client();
    Map<String, String> out = new java.util.TreeMap<>();
    out.put("Namespace", client.namespaces().withName(namespace).get().getMetadata()
        .getResourceVersion());
    String label = ResourceNames.APPLICATION_LABEL;
    Map<String, List<? extends HasMetadata>> kinds = Map.of(
        "ServiceAccount", client.serviceAccounts().inNamespace(namespace).withLabel(label).list()
            .getItems(),
        "Role", client.rbac().roles().inNamespace(namespace).withLabel(label).list().getItems(),
        "RoleBinding", client.rbac().roleBindings().inNamespace(namespace).withLabel(label).list()
            .getItems(),
        "ConfigMap", client.configMaps().inNamespace(namespace).withLabel(label).list()
            .getItems(),
        "Secret", client.secrets().inNamespace(namespace).withLabel(label).list().getItems(),
        "Deployment", client.apps().deployments().inNamespace(namespace).withLabel(label).list()
            .getItems(),
        "Service", client.services().inNamespace(namespace).withLabel(label).list().getItems(),
        "Ingress", client.network().v1().ingresses().inNamespace(namespace).withLabel(label)
            .list().getItems());
    kinds.forEach((kind, items) -> items.forEach(o -> out.put(kind + "/"
        + o.getMetadata().getName(), o.getMetadata().getResourceVersion())));
    return out;
  }

  private Map<String, String> snapshot(String namespace) {
    Map<String, String> out = new java.util.TreeMap<>();
    KubernetesClient client = environment.client();
    Namespace ns = client.namespaces().withName(namespace).get();
    out.put("namespace", describe(ns));
    client.configMaps().inNamespace(namespace).list().getItems()
        .forEach(c -> out.put("configmap " + c.getMetadata().getName(), describe(c)
            + Objects.toString(c.getData())));
    return out;
  }

  private static String describe(HasMetadata o) {
    return o.getMetadata().getResourceVersion() + " " + o.getMetadata().getLabels() + " "
        + o.getMetadata().getAnnotations() + " " + o.getMetadata().getFinalizers();
  }

  private static boolean isAvailable(Deployment d) {
    return d.getStatus() != null && Objects.equals(d.getStatus().getAvailableReplicas(), 1);
  }

  private static String decode(String base64) {
    return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }

  /** Records what a target reports while applying. */
  private static final class RecordingSink implements ProgressSink {
    private final List<String> logs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile long lastDone;
    private volatile long lastTotal;

    @Override
    public void progress(long done, long total, String unit) {
      lastDone = done;
      lastTotal = total;
    }

    @Override
    public void log(String message) {
      logs.add(message);
    }

    List<String> logs() {
      return logs;
    }

    long lastDone() {
      return lastDone;
    }

    long lastTotal() {
      return lastTotal;
    }
  }
}
