package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.ImagePullSecret;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The whole job through the deployment service on a cluster: the sample expenses release gets a
 * descriptor, is built into a real image with Jib on a runnable base, pushed to the loopback
 * registry, deployed, followed to Running, has its permissions changed, gives its links and logs,
 * and is undeployed; another is force undeployed while it is still starting. The platform
 * services run busybox stand-ins ({@link RunnableImages}); the runtime bundle's base serves the
 * release files, so on a real cluster the test reads them back over HTTP from the pod.
 */
abstract class DeploymentServiceEndToEnd extends RealImagesSuite {
  @Override
  protected void configure(EmbeddedCluster cluster) {
    cluster.imageStartsSlowly(Kind.SLOW.image(registry), Duration.ofSeconds(5));
  }

  @Test
  void shouldDeployFollowChangePermissionsGiveLinksAndLogsAndUndeployARelease() throws Exception {
    String name = ClusterPlans.uniqueName("expenses");
    try (DeploymentService service = service(RunnableImages.push(registry, Kind.SERVICE))) {
      Application running = deployExpensesToRunning(service, name);
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
      assertKeepsTheDatabaseOnAClaim(name);

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

  @Test
  void shouldPullFromARegistryThatNeedsCredentialsWithTheApplicationsPullSecret() throws Exception {
    String host = System.getenv().getOrDefault("PROCESSDEPLOY_AUTH_REGISTRY", "127.0.0.1:5001");
    String user = System.getenv().getOrDefault("PROCESSDEPLOY_AUTH_REGISTRY_USER", "ci");
    String password = System.getenv().getOrDefault("PROCESSDEPLOY_AUTH_REGISTRY_PASSWORD",
        "ci-secret");
    OciRegistry privateRegistry = OciRegistry.builder(host).withCredentials(user, password)
        .withRepositoryPrefix("processdeploy-e2e/").allowInsecure().build();
    String name = ClusterPlans.uniqueName("private");
    try (DeploymentService service = StandInServices.create(registry, privateRegistry, target,
        work, RunnableImages.push(registry, Kind.SERVICE))) {
      Application running = deployExpensesToRunning(service, name);
      String image = running.images().get(Catalog.RUNTIME_BUNDLE);
      assertThat(image).startsWith(host + "/");
      ImageReference pushed = ImageReference.parse(image);
      HttpResponse<Void> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://" + host + "/v2/" + pushed.repository() + "/manifests/"
              + pushed.digest())).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
      assertThat(anonymous.statusCode()).as("an anonymous pull of %s", image).isEqualTo(401);

      KubernetesClient client = environment.client();
      Secret pull = client.secrets().inNamespace(name)
          .withName(ResourceNames.IMAGE_PULL_SECRET).get();
      assertThat(pull.getType()).isEqualTo(ImagePullSecret.TYPE);
      String config = new String(Base64.getDecoder().decode(
          pull.getData().get(ImagePullSecret.KEY)), StandardCharsets.UTF_8);
      assertThat(config).contains("\"" + host + "\"", "\"" + user + "\"");
      assertThat(client.pods().inNamespace(name).list().getItems()).isNotEmpty()
          .allSatisfy(pod -> assertThat(pod.getSpec().getImagePullSecrets())
              .extracting(LocalObjectReference::getName)
              .containsExactly(ResourceNames.IMAGE_PULL_SECRET));
      assertThat(client.configMaps().inNamespace(name).list().getItems())
          .allSatisfy(cm -> assertThat(String.valueOf(cm.getData())).doesNotContain(password));
      assertThat(client.v1().events().inNamespace(name).list().getItems())
          .allSatisfy(e -> assertThat(e.getMessage()).doesNotContain(password));
      if (environment.isReal()) {
        assertServesTheReleaseFiles(name);
      }
      service.undeploy(DEVOPS, name);
      assertThat(client.namespaces().withName(name).get()).isNull();
    }
  }

  /** Deploys the sample expenses release as {@code name} and asserts it reaches Running. */
  private Application deployExpensesToRunning(DeploymentService service, String name) {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name,
        RunnableImages.push(registry, Kind.SERVICE)).build());
    Application running = service.awaitStatus(DEVOPS, name,
        s -> s == ApplicationStatus.Running || s.isFailure() || s == ApplicationStatus.Unknown,
        environment.patience());
    assertThat(running.status()).as("status, history %s", running.history())
        .isEqualTo(ApplicationStatus.Running);
    return running;
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
    Map<String, byte[]> files = SampleReleases.expenses().content().files();
    assertThat(files).isNotEmpty();
    assertServesRelease(http, pod, files);
    URI health = URI.create("http://" + pod.getStatus().getPodIP() + ":8080"
        + RunnableImages.HEALTH_PATH);
    assertThat(http.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("GET %s", health).isEqualTo(200);
  }

  /**
   * The bundled database keeps its data on its claim, in a subdirectory of the mount; on the real
   * cluster the claim is bound to a volume of the default storage class.
   */
  private void assertKeepsTheDatabaseOnAClaim(String namespace) {
    KubernetesClient client = environment.client();
    String claim = ResourceNames.dataClaim(Catalog.POSTGRESQL);
    PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(namespace)
        .withName(claim).get();
    assertThat(pvc).as("claim %s", claim).isNotNull();
    assertThat(pvc.getSpec().getResources().getRequests().get("storage"))
        .isEqualTo(new Quantity(DataVolume.DEFAULT_SIZE));
    if (environment.isReal()) {
      assertThat(pvc.getStatus().getPhase()).isEqualTo("Bound");
    }
    Deployment database = client.apps().deployments().inNamespace(namespace)
        .withName(Catalog.POSTGRESQL).get();
    assertThat(database.getSpec().getStrategy().getType()).isEqualTo("Recreate");
    assertThat(database.getSpec().getTemplate().getSpec().getVolumes())
        .anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo(claim));
    assertThat(client.configMaps().inNamespace(namespace)
        .withName(ResourceNames.envConfigMap(Catalog.POSTGRESQL)).get().getData())
        .containsEntry("PGDATA", "/var/lib/postgresql/data/pgdata");
  }

  private String checksum(String namespace) {
    return environment.client().apps().deployments().inNamespace(namespace)
        .withName(Catalog.RUNTIME_BUNDLE).get().getSpec().getTemplate().getMetadata()
        .getAnnotations().get(ResourceNames.SECURITY_CHECKSUM_ANNOTATION);
  }

}
