package io.processdeploy.core.crash;

import static io.processdeploy.api.ApplicationStatus.CreateApp;
import static io.processdeploy.api.ApplicationStatus.DeployStarted;
import static io.processdeploy.api.ApplicationStatus.DeployStartedFailed;
import static io.processdeploy.api.ApplicationStatus.ImageBuild;
import static io.processdeploy.api.ApplicationStatus.ImageBuildFailed;
import static io.processdeploy.api.ApplicationStatus.ImagePush;
import static io.processdeploy.api.ApplicationStatus.ImagePushFailed;
import static io.processdeploy.api.ApplicationStatus.Pending;
import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Revision;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.RecoveryMode;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A deployment service in a child JVM, using the file store, is killed with SIGKILL at each
 * pipeline step (right after the step's status is durably stored), at each step of an update, and
 * at random moments while several applications deploy; a fresh service on the same directory must
 * bring every application to a final status, with every descriptor intact, and an interrupted
 * update to one whole revision (completed, or rolled back).
 */
class CrashRecoveryTest {
  static final String APP = "crash-app";
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final List<ApplicationStatus> PATH = List.of(CreateApp, ImageBuild, ImagePush,
      DeployStarted, Pending, Running);
  private static final Map<ApplicationStatus, ApplicationStatus> FAILED_AS = Map.of(
      CreateApp, ImageBuildFailed, ImageBuild, ImageBuildFailed, ImagePush, ImagePushFailed,
      DeployStarted, DeployStartedFailed, Pending, Unknown, Running, Running);

  @TempDir
  Path root;

  @ParameterizedTest(name = "killed after {0} was stored")
  @ValueSource(strings = {PausingStore.DESCRIPTOR, "CreateApp", "ImageBuild", "ImagePush",
      "DeployStarted", "Pending", "Running"})
  void shouldRecoverAnApplicationKilledAtEachStep(String point) throws Exception {
    Path store = root.resolve("store");
    Process child = launch(store, point);
    awaitSignal(child, "reached " + point, point);
    killHard(child);
    Path copy = copy(store, root.resolve("store-copy"));
    boolean hasApplication = !point.equals(PausingStore.DESCRIPTOR);

    try (DeploymentService service = recover(store, RecoveryMode.RESUME)) {
      assertDescriptorIntact(service.getDescriptor(DEVOPS, APP, true));
      if (hasApplication) {
        Application app = service.awaitStatus(DEVOPS, APP, s -> s == Running, WAIT);
        assertThat(app.history()).extracting(StatusTransition::to).isEqualTo(PATH);
        assertThat(app.descriptor()).isEqualTo(service.getDescriptor(DEVOPS, APP));
      } else {
        assertThat(service.listApplications(DEVOPS)).isEmpty();
        service.deploy(DEVOPS, APP);
        service.awaitStatus(DEVOPS, APP, s -> s == Running, WAIT);
      }
    }
    try (DeploymentService service = recover(copy, RecoveryMode.FAIL)) {
      assertDescriptorIntact(service.getDescriptor(DEVOPS, APP, true));
      if (hasApplication) {
        ApplicationStatus killedIn = ApplicationStatus.valueOf(point);
        Application app = service.getApplication(DEVOPS, APP);
        assertThat(app.status()).isEqualTo(FAILED_AS.get(killedIn));
        assertThat(app.status().isTransitional()).isFalse();
        if (killedIn.isTransitional()) {
          assertThat(app.reason()).isEqualTo("interrupted by restart");
        }
      }
    }
    assertNoTemporaryFiles(store);
    assertNoTemporaryFiles(copy);
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"update:UpdateApp", "update:revision:IN_PROGRESS:switched",
      "update-failing:revision:ROLLING_BACK"})
  void shouldCompleteOrRollBackAnUpdateKilledAtEachStepNeverHalfOldHalfNew(String point)
      throws Exception {
    Path store = root.resolve("store");
    Process child = launch(store, point);
    String pause = point.substring(point.indexOf(':') + 1);
    awaitSignal(child, "reached " + pause, point);
    killHard(child);
    Path copy = copy(store, root.resolve("store-copy"));
    boolean failing = point.startsWith("update-failing");

    FakeClusterTarget cluster = new FakeClusterTarget();
    try (DeploymentService service = recover(store, RecoveryMode.RESUME, cluster)) {
      Application app = atRest(service, cluster);
      assertThat(app.currentRevision().orElseThrow().number()).isEqualTo(failing ? 1 : 2);
      assertThat(app.revisions()).extracting(Revision::outcome).containsExactly(failing
          ? new Revision.Outcome[] {Revision.Outcome.DEPLOYED, Revision.Outcome.ROLLED_BACK}
          : new Revision.Outcome[] {Revision.Outcome.SUPERSEDED, Revision.Outcome.DEPLOYED});
    }
    FakeClusterTarget other = new FakeClusterTarget();
    try (DeploymentService service = recover(copy, RecoveryMode.FAIL, other)) {
      Application app = atRest(service, other);
      assertThat(app.currentRevision().orElseThrow().number()).isEqualTo(1);
      assertThat(app.revisions()).extracting(Revision::outcome).containsExactly(
          Revision.Outcome.DEPLOYED, Revision.Outcome.ROLLED_BACK);
      assertThat(app.reason()).contains("rolled back to revision 1");
      if (!failing) {
        assertThat(app.reason()).contains("interrupted by restart");
      }
    }
  }

  /**
   * Waits until the application rests, and checks that one revision is all of it: its
   * descriptor, the stored descriptor, its image and what was last applied to the cluster.
   */
  private static Application atRest(DeploymentService service, FakeClusterTarget cluster) {
    Application app = service.awaitStatus(DEVOPS, APP, s -> !s.isTransitional(), WAIT);
    assertThat(app.status()).as("history %s", app.history()).isEqualTo(Running);
    assertThat(app.revisionInFlight()).isEmpty();
    Revision current = app.currentRevision().orElseThrow();
    assertThat(app.descriptor().release()).isEqualTo(current.descriptor().release());
    assertThat(service.getDescriptor(DEVOPS, APP)).isEqualTo(app.descriptor());
    assertThat(app.images().get("runtime-bundle")).isEqualTo(current.image());
    assertThat(cluster.applied).isNotEmpty();
    assertThat(cluster.applied.get(cluster.applied.size() - 1).service("runtime-bundle")
        .orElseThrow().image()).isEqualTo(current.image());
    return app;
  }

  /** The sample releases and a released 1.2.0 of expenses, what the update moves to. */
  static io.processdeploy.tck.release.InMemoryReleaseSource releases() {
    io.processdeploy.tck.release.InMemoryReleaseSource releases = SampleReleases.source();
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    return releases;
  }

  /** The sample expenses request, on release 1.2.0. */
  static io.processdeploy.api.DescriptorRequest updateRequest() {
    io.processdeploy.api.DescriptorRequest r = SampleReleases.expensesRequest(APP).build();
    return new io.processdeploy.api.DescriptorRequest(r.name(),
        io.processdeploy.api.ReleaseRef.of(r.release().projectId(), "1.2.0"), r.security(),
        r.connectors(), r.infrastructure());
  }

  @RepeatedTest(3)
  void shouldRecoverEveryApplicationWhenKilledAtARandomMoment() throws Exception {
    Path store = root.resolve("store");
    Process child = launch(store, "storm:6");
    awaitSignal(child, "started", "storm");
    Thread.sleep(new Random().nextInt(250));
    killHard(child);
    try (DeploymentService service = recover(store, RecoveryMode.RESUME)) {
      List<Application> apps = service.listApplications(DEVOPS);
      assertThat(apps).as("applications stored before the kill").isNotEmpty();
      for (Application app : apps) {
        Application done = service.awaitStatus(DEVOPS, app.name(), s -> !s.isTransitional(), WAIT);
        assertThat(done.status()).as(app.name()).isEqualTo(Running);
        assertThat(service.getDescriptor(DEVOPS, app.name())).isEqualTo(app.descriptor());
      }
      List<DeploymentDescriptor> descriptors = service.listDescriptors(DEVOPS,
          io.processdeploy.api.DescriptorQuery.ALL).items();
      assertThat(descriptors.size()).isGreaterThanOrEqualTo(apps.size());
      descriptors.forEach(d -> assertDescriptorIntact(service.getDescriptor(DEVOPS, d.name(),
          true)));
    }
    assertNoTemporaryFiles(store);
  }

  private static void assertDescriptorIntact(DeploymentDescriptor d) {
    DeploymentDescriptor expected = SampleDescriptor.of(d.name());
    assertThat(d.release()).isEqualTo(expected.release());
    assertThat(d.security()).isEqualTo(expected.security());
    assertThat(d.connectors()).isEqualTo(expected.connectors());
    assertThat(d.infrastructure().global()).isEqualTo(expected.infrastructure().global());
    assertThat(d.infrastructure().service("postgresql").group(Infrastructure.POSTGRESQL)
        .get("password")).hasSize(24);
    assertThat(d.createdBy()).isEqualTo("dana");
  }

  private DeploymentService recover(Path store, RecoveryMode mode) {
    return recover(store, mode, new FakeClusterTarget());
  }

  private DeploymentService recover(Path store, RecoveryMode mode, FakeClusterTarget cluster) {
    return DeploymentService.builder()
        .withReleaseSource(releases())
        .withStore(FileStore.open(store))
        .withImageBuilder(new FakeImageBuilder())
        .withImageRegistry(new FakeImageRegistry())
        .withClusterTarget(cluster)
        .withWorkDirectory(root.resolve("work-recovered"))
        .withRecovery(mode)
        .build();
  }

  private Process launch(Path store, String what) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path log = root.resolve("child.log");
    return new ProcessBuilder(java.toString(), "-XX:TieredStopAtLevel=1", "-Xshare:auto",
        "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        store.toString(), root.resolve("signal").toString(), what)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  private void awaitSignal(Process child, String expected, String what) throws Exception {
    Path signal = root.resolve("signal");
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (true) {
      if (Files.exists(signal) && Files.readString(signal).equals(expected)) {
        return;
      }
      if (!child.isAlive() || System.nanoTime() > deadline) {
        child.destroyForcibly();
        throw new AssertionError("the child never reached '" + what + "' (alive: "
            + child.isAlive() + "); its output:\n" + Files.readString(root.resolve("child.log")));
      }
      Thread.sleep(5);
    }
  }

  private static void killHard(Process child) throws InterruptedException {
    child.destroyForcibly();
    assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child ended").isTrue();
    assertThat(child.exitValue()).as("exit status of a process killed by SIGKILL").isEqualTo(137);
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals(".lock")) {
          Files.copy(source, target);
        }
      }
    }
    return to;
  }

  private static void assertNoTemporaryFiles(Path store) throws IOException {
    try (Stream<Path> files = Files.walk(store)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.endsWith(".tmp"));
    }
  }
}
