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
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
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
 * What every Kubernetes {@link ClusterTarget} must do, checked against any cluster: the
 * {@link EmbeddedCluster} and a real one alike (see {@link ClusterEnvironment}). Faults are real
 * on both: an image that is not in the registry, a program that exits, a service that is slow to
 * listen ({@link ClusterEnvironment#missingImage()}, {@link ClusterEnvironment#crashingImage()},
 * {@link ClusterEnvironment#slowImage()}). An implementation's test extends this class and says
 * how to make its target, and where it runs:
 *
 * <pre>{@code
 * class KubernetesClusterTargetIT extends ClusterTargetContract {
 *   protected ClusterTarget createTarget(KubernetesClient client, URI baseUrl, Duration deadline) {
 *     return KubernetesClusterTarget.builder().withClient(client).withBaseUrl(baseUrl)
 *         .withStartupDeadline(deadline).build();
 *   }
 *
 *   protected ClusterEnvironment createEnvironment() {
 *     return ClusterEnvironment.local(); // default: as the system properties say
 *   }
 * }
 * }</pre>
 *
 * <p>Faults only a test double can inject (API errors, rollout conditions) are checked by
 * {@link InjectedFaultContract}. Every test uses an application name of its own.
 */
public abstract class ClusterTargetContract extends ClusterTestBase {

  @Test
  void shouldCreateOwnedNamespaceWithEveryObjectAndReachRunning() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("happy"));
    target.checkNamespace(plan.namespace());
    RecordingSink sink = new RecordingSink();
    target.apply(plan, sink);
    HealthRecorder health = watch(target, plan);

    health.await(State.RUNNING, environment().patience());
    KubernetesClient client = environment().client();
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
    health.await(State.RUNNING, environment().patience());

    target.apply(plan, ProgressSink.NONE);
    target.apply(plan, ProgressSink.NONE);

    Deployment rb = environment().client().apps().deployments().inNamespace(plan.namespace())
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
    health.await(State.RUNNING, environment().patience());
    var deployment = environment().client().apps().deployments().inNamespace(plan.namespace())
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
    KubernetesClient client = environment().client();
    var namespace = client.namespaces().withName(plan.namespace());
    var deployment = client.apps().deployments().inNamespace(plan.namespace())
        .withName(ClusterPlans.RUNTIME_BUNDLE);
    // as another controller would: a merge patch without a resource version, so that a status
    // update of the cluster's own controllers in between does not make it a conflict
    String foreign = "{\"metadata\":{\"labels\":{\"example.com/team\":\"payments\"},"
        + "\"annotations\":{\"example.com/note\":\"kept\"}}}";
    namespace.patch(PatchContext.of(PatchType.JSON_MERGE), foreign);
    deployment.patch(PatchContext.of(PatchType.JSON_MERGE), foreign);

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
    watch(target, plan).await(State.RUNNING, environment().patience());
    Map<String, String> before = settledVersions(plan.namespace());

    target.apply(plan, ProgressSink.NONE);

    assertThat(versions(plan.namespace())).isEqualTo(before);
  }

  @Test
  void shouldReportUnknownWhenAnImageCannotBePulled() {
    ClusterTarget target = target();
    String name = name("pull");
    ApplicationPlan plan = ClusterPlans.plan(name, environment().image(), environment().port(),
        environment().missingImage(), false);
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment().patience());
    assertThat(unknown.reason()).contains(ClusterPlans.EMAIL_CONNECTOR)
        .containsAnyOf("ImagePullBackOff", "ErrImagePull");
    assertThat(health.states()).doesNotContain(State.RUNNING);
  }

  @Test
  void shouldFollowACrashingContainerToUnknownAndBackToRunningOnceFixed() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("crash"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment().patience());

    target.apply(ClusterPlans.withImage(plan, ClusterPlans.QUERY, environment().crashingImage()),
        ProgressSink.NONE);
    ClusterHealth unknown = health.await(State.UNKNOWN, environment().patience());
    assertThat(unknown.reason()).contains("service " + ClusterPlans.QUERY)
        .contains("CrashLoopBackOff");

    target.apply(plan, ProgressSink.NONE);
    health.await(State.RUNNING, environment().patience());
    assertThat(health.states()).endsWith(State.RUNNING, State.UNKNOWN, State.RUNNING)
        .containsOnlyOnce(State.UNKNOWN);
  }

  @Test
  void shouldReportUnknownWhenTheStartupDeadlinePassesThenRunningWhenReady() {
    ClusterTarget target = target(Duration.ofSeconds(3));
    ApplicationPlan plan = ClusterPlans.withImage(workingPlan(name("slow")), ClusterPlans.QUERY,
        environment().slowImage());
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    ClusterHealth unknown = health.await(State.UNKNOWN, environment().patience());
    assertThat(unknown.reason()).contains("startup deadline").contains("service "
        + ClusterPlans.QUERY);
    health.await(State.RUNNING, environment().patience());
    assertThat(health.states()).endsWith(State.UNKNOWN, State.RUNNING)
        .containsOnlyOnce(State.RUNNING);
  }

  @Test
  void shouldStayPendingUntilASlowServiceIsReadyThenRunning() {
    ClusterTarget target = target();
    ApplicationPlan plan = ClusterPlans.withImage(workingPlan(name("patient")),
        ClusterPlans.RUNTIME_BUNDLE, environment().slowImage());
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);

    assertThat(health.await(State.PENDING, environment().patience()).reason())
        .contains(ClusterPlans.RUNTIME_BUNDLE);
    health.await(State.RUNNING, environment().patience());
    assertThat(health.states()).containsExactly(State.PENDING, State.RUNNING);
  }

  @Test
  void shouldUndeployByDeletingTheNamespaceAndWaitingUntilItIsGone() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("undeploy"));
    target.apply(plan, ProgressSink.NONE);
    watch(target, plan).await(State.RUNNING, environment().patience());

    target.remove(plan.namespace(), RemovalMode.NORMAL, environment().patience());

    KubernetesClient client = environment().client();
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
    assertThat(environment().client().namespaces().withName(name).get()).isNull();
  }

  @Test
  void shouldForceRemoveAnOwnedNamespaceHeldByItsOwnFinalizer() {
    ClusterTarget target = target();
    String name = name("held");
    KubernetesClient client = environment().client();
    client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
        .withLabels(ResourceNames.applicationLabels(name))
        .addToAnnotations(ResourceNames.OWNER_ANNOTATION, ResourceNames.MANAGED_BY)
        .withFinalizers(ResourceNames.FINALIZER).endMetadata().build()).create();
    client.configMaps().inNamespace(name).resource(new ConfigMapBuilder().withNewMetadata()
        .withName("leftover").withLabels(ResourceNames.applicationLabels(name)).endMetadata()
        .build()).create();

    assertThatThrownBy(() -> target.remove(name, RemovalMode.NORMAL, Duration.ofSeconds(2)))
        .isInstanceOf(StepFailedException.class).hasMessageContaining(ResourceNames.FINALIZER);
    target.remove(name, RemovalMode.FORCE, environment().patience());

    assertThat(client.namespaces().withName(name).get()).isNull();
  }

  @Test
  void shouldUpdateSecurityRollingOnlyTheServicesThatReadIt() {
    ClusterTarget target = target();
    ApplicationPlan plan = workingPlan(name("perm"));
    target.apply(plan, ProgressSink.NONE);
    HealthRecorder health = watch(target, plan);
    health.await(State.RUNNING, environment().patience());
    int reportsBefore = health.reports().size();
    KubernetesClient client = environment().client();
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
        if (environment().embedded().isPresent()) {
          // on a real cluster the deployment controller may still touch the status
          assertThat(d.getMetadata().getResourceVersion()).as("version of %s", s.name())
              .isEqualTo(versionsBefore.get(s.name()));
        }
      }
    }
    awaitTrue(() -> environment().client().apps().deployments().inNamespace(plan.namespace())
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

  @Test
  void shouldRefuseAForeignNamespaceAndTouchNothing() {
    ClusterTarget target = target();
    String name = name("foreign");
    KubernetesClient client = environment().client();
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

  @Test
  void shouldGiveTheGatewayLinkAndUiLinksOnlyForUisThePlanHas() {
    ClusterTarget target = target();
    ApplicationPlan withUi = ClusterPlans.plan("links", environment().image(), environment().port(),
        environment().image(), true);
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
    watch(target, plan).await(State.RUNNING, environment().patience());

    String log = target.logs(plan.namespace(), ClusterPlans.RUNTIME_BUNDLE, 20);
    assertThat(log).isNotNull();
    if (environment().embedded().isPresent()) {
      assertThat(log).contains(ClusterPlans.RUNTIME_BUNDLE);
    }
    assertThatThrownBy(() -> target.logs(plan.namespace(), "no-such-service", 20))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no-such-service");
  }


  /** The versions of {@link #versions}, once two readings half a second apart agree. */
  private Map<String, String> settledVersions(String namespace) {
    Map<String, String> last = versions(namespace);
    long deadline = System.nanoTime() + environment().patience().toNanos();
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
    KubernetesClient client = environment().client();
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
}
