package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job through the deployment service on a cluster: the sample expenses release gets a
 * descriptor, is built into a real image with Jib on a runnable base, pushed to the loopback
 * registry, deployed, followed to Running, has its permissions changed, gives its links and logs,
 * and is undeployed; another is force undeployed while it is still starting. The platform
 * services run busybox stand-ins ({@link RunnableImages}); the runtime bundle's base serves the
 * release files, so on a real cluster the test reads them back over HTTP from the pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeploymentServiceEndToEnd {
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");

  private ClusterEnvironment environment;
  private String registry;
  private KubernetesClusterTarget target;
  @TempDir
  Path work;

  /** The cluster the suite runs on. */
  protected abstract ClusterEnvironment createEnvironment();

  @BeforeAll
  final void start() {
    registry = System.getenv("PROCESSDEPLOY_REGISTRY");
    if (registry == null || registry.isBlank()) {
      throw new IllegalStateException("the end-to-end suite pushes real images, but"
          + " PROCESSDEPLOY_REGISTRY is not set: start the test servers and export their"
          + " settings (scripts/test-servers.sh start && eval \"$(scripts/test-servers.sh env)\"),"
          + " or run scripts/run-tests.sh");
    }
    environment = createEnvironment();
    environment.embedded().ifPresent(cluster -> {
      HttpRegistryInspector inspector = HttpRegistryInspector.of(registry);
      cluster.imageAvailability(image -> !image.startsWith(registry + "/")
          || inspector.inspect(ImageReference.parse(image)).isPresent());
      cluster.imageStartsSlowly(Kind.SLOW.image(registry), Duration.ofSeconds(5));
    });
    target = TestTargets.create(environment.client(), URI.create("https://apps.example.com/"),
        Duration.ofMinutes(5));
  }

  @AfterEach
  final void removeWhatTheTestLeft() {
    environment.removeCreatedNamespaces();
  }

  @AfterAll
  final void stop() {
    if (target != null) {
      target.close();
    }
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void shouldDeployFollowChangePermissionsGiveLinksAndLogsAndUndeployARelease() throws Exception {
    String name = ClusterPlans.uniqueName("expenses");
    try (DeploymentService service = service(RunnableImages.push(registry, Kind.SERVICE))) {
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name,
          RunnableImages.push(registry, Kind.SERVICE)).build());
      Application running = service.awaitStatus(DEVOPS, name,
          s -> s == ApplicationStatus.Running || s.isFailure() || s == ApplicationStatus.Unknown,
          environment.patience());

      assertThat(running.status()).as("status, history %s", running.history())
          .isEqualTo(ApplicationStatus.Running);
      assertThat(running.history()).extracting(StatusTransition::to).containsSubsequence(
          ApplicationStatus.CreateApp, ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush,
          ApplicationStatus.DeployStarted, ApplicationStatus.Pending, ApplicationStatus.Running);
      KubernetesClient client = environment.client();
      assertThat(client.apps().deployments().inNamespace(name).list().getItems())
          .extracting(d -> d.getMetadata().getName())
          .contains(Catalog.RUNTIME_BUNDLE, Catalog.QUERY, SampleReleases.EMAIL_CONNECTOR);
      if (environment.isReal()) {
        assertServesTheReleaseFiles(name);
      }

      String checksumBefore = checksum(name);
      service.updatePermissions(DEVOPS, name,
          new Security(Members.users("bob"), Members.groups("accounting")));
      assertThat(checksum(name)).isNotEqualTo(checksumBefore);
      assertThat(service.awaitStatus(DEVOPS, name, s -> s == ApplicationStatus.Running,
          environment.patience()).status()).isEqualTo(ApplicationStatus.Running);

      Links links = service.links(DEVOPS, name);
      assertThat(links.gateway()).isEqualTo(URI.create("https://apps.example.com/" + name + "/"));
      assertThat(links.processWorkspaceLink()).isPresent();

      String log = service.logs(DEVOPS, name, Catalog.RUNTIME_BUNDLE, 20);
      assertThat(log).contains(environment.isReal() ? RunnableImages.STARTED_LINE
          : Catalog.RUNTIME_BUNDLE);

      service.undeploy(DEVOPS, name);
      assertThat(client.namespaces().withName(name).get()).isNull();
      assertThatThrownBy(() -> service.getApplication(DEVOPS, name))
          .isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void shouldForceUndeployAnApplicationThatIsStillStarting() {
    String name = ClusterPlans.uniqueName("starting");
    try (DeploymentService service = service(RunnableImages.push(registry, Kind.SLOW))) {
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name,
          RunnableImages.push(registry, Kind.SERVICE)).build());
      Application pending = service.awaitStatus(DEVOPS, name,
          s -> s == ApplicationStatus.Pending || s.isFailure(), environment.patience());
      assertThat(pending.status()).isEqualTo(ApplicationStatus.Pending);

      service.forceUndeploy(DEVOPS, name);

      assertThat(environment.client().namespaces().withName(name).get()).isNull();
      assertThatThrownBy(() -> service.getApplication(DEVOPS, name))
          .isInstanceOf(NotFoundException.class);
      assertThat(service.getDescriptor(DEVOPS, name).name()).isEqualTo(name);
    }
  }

  /** A service whose query service runs {@code queryImage}. */
  private DeploymentService service(String queryImage) {
    return StandInServices.create(registry, target, work, queryImage);
  }

  /** Reads every release file back from the runtime bundle's pod, byte for byte. */
  private void assertServesTheReleaseFiles(String namespace) throws Exception {
    Pod pod = environment.client().pods().inNamespace(namespace)
        .withLabel("app.kubernetes.io/name", Catalog.RUNTIME_BUNDLE).list().getItems().stream()
        .filter(p -> p.getStatus() != null && p.getStatus().getPodIP() != null).findFirst()
        .orElseThrow(() -> new AssertionError("the runtime bundle has no pod with an address"));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String version = SampleReleases.EXPENSES.version();
    Map<String, byte[]> files = SampleReleases.expenses().content().files();
    assertThat(files).isNotEmpty();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      URI uri = URI.create("http://" + pod.getStatus().getPodIP() + ":8080/" + version + "/"
          + file.getKey());
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
      assertThat(response.body()).as("%s served by the pod", file.getKey())
          .isEqualTo(file.getValue());
    }
  }

  private String checksum(String namespace) {
    return environment.client().apps().deployments().inNamespace(namespace)
        .withName(Catalog.RUNTIME_BUNDLE).get().getSpec().getTemplate().getMetadata()
        .getAnnotations().get(ResourceNames.SECURITY_CHECKSUM_ANNOTATION);
  }

}
