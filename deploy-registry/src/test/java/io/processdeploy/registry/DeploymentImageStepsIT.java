package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.registry.support.AcceptingClusterTarget;
import io.processdeploy.registry.support.FaultProxy;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.InspectedImage;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image steps of real deployments through the deployment service: images built by Jib or the
 * Docker engine and pushed to the real registries; each failure lands in ImageBuildFailed or
 * ImagePushFailed with its reason, and no tag is left behind.
 */
class DeploymentImageStepsIT {
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50),
      Duration.ofMillis(200));

  @TempDir
  Path work;
  private DeploymentService service;
  private final List<DeploymentEvent> events = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    if (service != null) {
      service.close();
    }
  }

  /** A runnable base image in the plain registry. */
  private static String base() {
    try {
      return TestServers.baseImage();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DeploymentService start(ImageBuilder builder, ImageRegistry registry, String base) {
    service = DeploymentService.builder()
        .withReleaseSource(SampleReleases.source())
        .withStore(new InMemoryStore())
        .withImageBuilder(builder)
        .withImageRegistry(registry)
        .withClusterTarget(new AcceptingClusterTarget())
        .withCatalog(Catalog.builder().withRuntimeBundleBase(base).build())
        .withWorkDirectory(work)
        .build();
    service.subscribe(DEVOPS, events::add);
    return service;
  }

  private static String name(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  private Application deployTimesheets(String name) {
    service.deployRelease(DEVOPS, SampleReleases.timesheetsRequest(name).build());
    return service.awaitStatus(DEVOPS, name, s -> !s.isTransitional() || s.isDeployed(), WAIT);
  }

  private static String reason(Application app) {
    List<StatusTransition> history = app.history();
    return history.get(history.size() - 1).reason();
  }

  private static OciRegistry prefixed(OciRegistry.Builder builder) {
    return builder.withRepositoryPrefix("deployments/").withRetryPolicy(QUICK).build();
  }

  @Test
  void shouldRunWithTheJibImageInTheRealRegistry() {
    OciRegistry registry = prefixed(OciRegistry.builder(TestServers.registry()).allowInsecure());
    start(new JibImageBuilder(), registry, base());
    String name = name("jib");

    Application app = deployTimesheets(name);

    assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
    assertThat(app.history()).extracting(StatusTransition::to).containsSubsequence(
        ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush,
        ApplicationStatus.DeployStarted, ApplicationStatus.Running);
    ImageReference image = ImageReference.parse(app.images().values().iterator().next());
    assertThat(registry.digestOf(image)).contains(image.digest());
    InspectedImage pushed = TestServers.plainInspector().inspect(image).orElseThrow();
    assertThat(pushed.lastLayerFiles()).containsKeys("project-release/3/timesheets.json",
        "project-release/3/processes/timesheet-submission.bpmn20.xml");
    assertThat(events).filteredOn(e -> e instanceof Progress p
        && p.step().equals("ImagePush") && p.unit().equals("bytes")).isNotEmpty();
  }

  @Test
  void shouldRunWithTheDockerImageInTheRegistryWithAuthentication() {
    OciRegistry registry = prefixed(OciRegistry.builder(TestServers.authRegistry())
        .withCredentials(TestServers.USER, TestServers.PASSWORD).allowInsecure());
    start(DockerImageBuilder.builder().withDockerHost(URI.create(TestServers.dockerHost()))
        .build(), registry, base());
    String name = name("docker");

    Application app = deployTimesheets(name);

    assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
    ImageReference image = ImageReference.parse(app.images().values().iterator().next());
    assertThat(registry.digestOf(image)).contains(image.digest());
    assertThat(HttpRegistryInspector.of(TestServers.authRegistry(), TestServers.USER,
        TestServers.PASSWORD).inspect(image).orElseThrow().lastLayerFiles())
        .containsKey("project-release/3/timesheets.json");
  }

  @Test
  void shouldFailInImageBuildWhenTheBaseImageIsMissing() {
    String missing = TestServers.registry() + "/tck/missing-base:404";
    OciRegistry registry = prefixed(OciRegistry.builder(TestServers.registry()).allowInsecure());
    start(new JibImageBuilder(), registry, missing);
    String name = name("nobase");

    Application app = deployTimesheets(name);

    assertThat(app.status()).isEqualTo(ApplicationStatus.ImageBuildFailed);
    assertThat(reason(app)).contains("base image " + missing + " was not found");
    assertThat(registry.tags("deployments/" + name)).isEmpty();
  }

  @Test
  void shouldFailInImagePushWhenTheRegistryRejectsTheCredentials() {
    OciRegistry registry = prefixed(OciRegistry.builder(TestServers.authRegistry())
        .withCredentials(TestServers.USER, "wrong").allowInsecure());
    start(new JibImageBuilder(), registry, base());
    String name = name("badcreds");

    Application app = deployTimesheets(name);

    assertThat(app.status()).isEqualTo(ApplicationStatus.ImagePushFailed);
    assertThat(reason(app)).contains("registry " + TestServers.authRegistry()
        + " rejected the credentials of user ci").doesNotContain("wrong");
    assertThat(TestServers.securedRegistry().tags("deployments/" + name)).isEmpty();
  }

  @Test
  void shouldFailInImagePushWhenTheEngineCannotPush() {
    OciRegistry registry = prefixed(OciRegistry.builder(TestServers.authRegistry())
        .withCredentials(TestServers.USER, "wrong").allowInsecure());
    start(DockerImageBuilder.builder().withDockerHost(URI.create(TestServers.dockerHost()))
        .build(), registry, base());
    String name = name("engbad");

    Application app = deployTimesheets(name);

    assertThat(app.status()).isEqualTo(ApplicationStatus.ImagePushFailed);
    assertThat(reason(app)).contains("rejected the credentials of user ci");
    assertThat(TestServers.securedRegistry().tags("deployments/" + name)).isEmpty();
  }

  @Test
  void shouldFailInImagePushWhenTheRegistryIsDown() throws IOException {
    String host;
    try (ServerSocket socket = new ServerSocket(0)) {
      host = "127.0.0.1:" + socket.getLocalPort();
    }
    start(new JibImageBuilder(), prefixed(OciRegistry.builder(host).allowInsecure()), base());

    Application app = deployTimesheets(name("down"));

    assertThat(app.status()).isEqualTo(ApplicationStatus.ImagePushFailed);
    assertThat(reason(app)).contains("registry " + host + " could not be reached");
  }

  @Test
  void shouldRunWhenTheRegistryAnswers500ThenRecovers() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      proxy.answer(500, 2, "PUT", "/manifests/");
      start(new JibImageBuilder(), prefixed(OciRegistry.builder(proxy.host()).allowInsecure()),
          base());

      Application app = deployTimesheets(name("flaky"));

      assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
      assertThat(proxy.seen("PUT", "/manifests/")).extracting(FaultProxy.Seen::status)
          .containsExactly(500, 500, 201);
    }
  }
}
