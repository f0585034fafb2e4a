package io.processdeploy.core;

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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.Security;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ReleaseSource;
import io.processdeploy.core.fakes.Gate;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PipelineTest extends ServiceTestSupport {
  private static final String APP = "expenses";

  @BeforeEach
  void startService() {
    start();
  }

  private Application deployExpenses() {
    return service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
  }

  private List<DeploymentEvent> eventsOf(String name) {
    return events.stream().filter(e -> e.application().equals(name)).toList();
  }

  private static List<ApplicationStatus> statuses(Application app) {
    return app.history().stream().map(StatusTransition::to).toList();
  }

  @Test
  void shouldGoThroughEveryStepToRunningAnnouncingEachStatusInOrder() {
    Application accepted = deployExpenses();
    assertThat(accepted.status()).isEqualTo(CreateApp);
    assertThat(accepted.createdBy()).isEqualTo("dana");

    Application running = awaitStatus(APP, Running);
    List<ApplicationStatus> path = List.of(CreateApp, ImageBuild, ImagePush, DeployStarted,
        Pending, Running);
    assertThat(statuses(running)).isEqualTo(path);
    // A status is stored, then announced: the announcement may follow the await by a moment.
    waitUntil("Running is announced", () -> announced(APP).size() == path.size());
    assertThat(announced(APP)).isEqualTo(path);
    StatusChanged first = (StatusChanged) eventsOf(APP).get(0);
    assertThat(first.from()).isNull();
    assertThat(first.to()).isEqualTo(CreateApp);

    List<DeploymentEvent> own = eventsOf(APP);
    int build = indexOfStatus(own, ImageBuild);
    int push = indexOfStatus(own, ImagePush);
    assertThat(own.subList(build, push)).anySatisfy(e -> assertThat(e).isInstanceOf(Progress.class)
        .extracting(p -> ((Progress) p).step()).isEqualTo("ImageBuild"));
    assertThat(own.subList(push, indexOfStatus(own, DeployStarted)))
        .anySatisfy(e -> assertThat(e).isInstanceOf(Progress.class)
            .extracting(p -> ((Progress) p).step()).isEqualTo("ImagePush"));
  }

  @Test
  void shouldReadTheReleaseOnceToValidateOnceToBuildAndOnceToPlan() {
    AtomicInteger reads = new AtomicInteger();
    ReleaseSource counting = ref -> {
      reads.incrementAndGet();
      return releases.find(ref);
    };
    service.close();
    start(serviceBuilder().withReleaseSource(counting));

    deployExpenses();
    awaitStatus(APP, Running);

    assertThat(reads).hasValue(3);
  }

  private static int indexOfStatus(List<DeploymentEvent> events, ApplicationStatus status) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) instanceof StatusChanged s && s.to() == status) {
        return i;
      }
    }
    throw new AssertionError("no " + status + " in " + events);
  }

  @Test
  void shouldBuildTheReleaseIntoANamedLabelledImageAndDeployItByDigest() {
    deployExpenses();
    Application running = awaitStatus(APP, Running);
    ImageBuildRequest request = builder.requests.get(0);
    assertThat(request.target()).isEqualTo(
        new ImageReference(FakeImageRegistry().host(), "apps/expenses", "1.0.0", null));
    assertThat(request.baseImage()).isEqualTo(Catalog.defaults().runtimeBundleBase());
    assertThat(request.content()).isEqualTo(SampleReleases.expenses().content());
    assertThat(request.labels()).containsEntry("org.opencontainers.image.title", APP)
        .containsEntry("processdeploy.io/project", "expenses")
        .containsEntry("processdeploy.io/release", "1.0.0");
    String byDigest = "registry.test:5000/apps/expenses:1.0.0@"
        + io.processdeploy.core.fakes.FakeImageBuilder.digestOf(request);
    assertThat(running.images()).containsExactly(java.util.Map.entry("runtime-bundle", byDigest));
    ApplicationPlan applied = cluster.applied.get(0);
    assertThat(applied.service("runtime-bundle").orElseThrow().image()).isEqualTo(byDigest);
    assertThat(service.plan(DEVOPS, APP, true)).isEqualTo(applied);
  }

  private io.processdeploy.core.fakes.FakeImageRegistry FakeImageRegistry() {
    return registry;
  }

  @Test
  void shouldStoreEachStatusBeforeItsStepActs() throws Exception {
    Gate build = new Gate();
    Gate push = new Gate();
    Gate apply = new Gate();
    builder.gate = build;
    registry.gate = push;
    cluster.applyGate = apply;
    deployExpenses();
    build.awaitArrival();
    assertThat(store.findApplication(APP).orElseThrow().status()).isEqualTo(ImageBuild);
    build.open();
    push.awaitArrival();
    assertThat(store.findApplication(APP).orElseThrow().status()).isEqualTo(ImagePush);
    push.open();
    apply.awaitArrival();
    Application deploying = store.findApplication(APP).orElseThrow();
    assertThat(deploying.status()).isEqualTo(DeployStarted);
    assertThat(deploying.images()).containsKey("runtime-bundle");
    apply.open();
    awaitStatus(APP, Running);
  }

  @Test
  void shouldFailTheBuildWithItsReason() {
    builder.failure = new StepFailedException("base image acme/base:1 not found in"
        + " registry.example.com; push it or choose another base image");
    deployExpenses();
    Application failed = awaitStatus(APP, ImageBuildFailed);
    assertThat(failed.reason()).contains("base image acme/base:1 not found");
    assertThat(statuses(failed)).containsExactly(CreateApp, ImageBuild, ImageBuildFailed);
    assertThat(registry.pushed).isEmpty();
    assertThat(cluster.applied).isEmpty();
  }

  @Test
  void shouldFailThePushWithItsReason() {
    registry.failure = new StepFailedException("registry registry.test:5000 rejected the"
        + " credentials of user ci");
    deployExpenses();
    Application failed = awaitStatus(APP, ImagePushFailed);
    assertThat(failed.reason()).isEqualTo("registry registry.test:5000 rejected the credentials"
        + " of user ci");
    assertThat(statuses(failed)).containsExactly(CreateApp, ImageBuild, ImagePush, ImagePushFailed);
    assertThat(cluster.applied).isEmpty();
  }

  @Test
  void shouldFailTheDeploymentWithItsReasonWithoutRetryingAPermanentError() {
    cluster.applyFailures.add(new StepFailedException("forbidden: cannot create namespaces"));
    cluster.applyFailures.add(new StepFailedException("never reached"));
    deployExpenses();
    Application failed = awaitStatus(APP, DeployStartedFailed);
    assertThat(failed.reason()).isEqualTo("forbidden: cannot create namespaces");
    assertThat(cluster.applyFailures).hasSize(1);
  }

  @Test
  void shouldRetryTransientClusterFailures() {
    cluster.applyFailures.add(new StepFailedException("500 from the API server", true, null));
    cluster.applyFailures.add(new StepFailedException("409 conflict", true, null));
    deployExpenses();
    Application running = awaitStatus(APP, Running);
    assertThat(cluster.applied).hasSize(1);
    assertThat(statuses(running)).doesNotContain(DeployStartedFailed);
    assertThat(eventsOf(APP)).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LogLine.class,
        l -> assertThat(l.message()).contains("500 from the API server").contains("attempt 2")));
  }

  @Test
  void shouldGiveUpOnTransientClusterFailuresAfterTheLastAttempt() {
    service.close();
    start(serviceBuilder().withApplyAttempts(2));
    for (int i = 0; i < 3; i++) {
      cluster.applyFailures.add(new StepFailedException("503 unavailable", true, null));
    }
    deployExpenses();
    Application failed = awaitStatus(APP, DeployStartedFailed);
    assertThat(failed.reason()).isEqualTo("503 unavailable (after 2 attempts)");
    assertThat(cluster.applyFailures).hasSize(1);
  }

  @Test
  void shouldReportUnknownWithTheClusterReason() {
    cluster.initialHealth = ClusterHealth.unknown("service invoice-scanner: ImagePullBackOff");
    deployExpenses();
    Application unknown = awaitStatus(APP, Unknown);
    assertThat(unknown.reason()).isEqualTo("service invoice-scanner: ImagePullBackOff");
    assertThat(statuses(unknown)).endsWith(Pending, Unknown);
  }

  @Test
  void shouldStayPendingUntilTheClusterSaysOtherwise() {
    cluster.initialHealth = ClusterHealth.pending("2 of 7 services available");
    deployExpenses();
    awaitStatus(APP, Pending);
    waitUntil("the application is watched", () -> cluster.openWatches(APP) == 1);
    cluster.report(APP, ClusterHealth.running());
    assertThat(awaitStatus(APP, Running).reason()).isEqualTo("every service is available");
  }

  @Test
  void shouldFollowTheClusterBetweenRunningAndUnknownBothWays() {
    deployExpenses();
    awaitStatus(APP, Running);
    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    assertThat(awaitStatus(APP, Unknown).reason()).isEqualTo("service query: CrashLoopBackOff");
    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    cluster.report(APP, ClusterHealth.pending("rolling"));
    cluster.report(APP, ClusterHealth.running());
    Application again = awaitStatus(APP, Running);
    assertThat(statuses(again)).endsWith(Pending, Running, Unknown, Running);
    waitUntil("Running is announced again",
        () -> announced(APP).size() == statuses(again).size());
    assertThat(announced(APP)).endsWith(Running, Unknown, Running);
  }

  @Test
  void shouldRecordAnUnexpectedErrorWithoutItsMessage() {
    builder.failure = new IllegalStateException("boom: mail-pa55word");
    deployExpenses();
    Application failed = awaitStatus(APP, ImageBuildFailed);
    assertThat(failed.reason()).contains("IllegalStateException").doesNotContain("mail-pa55word");
  }

  @Test
  void shouldMaskSecretValuesAStepHappensToMention() {
    builder.failure = new StepFailedException("login to smtp.example.com with mail-pa55word"
        + " failed");
    deployExpenses();
    Application failed = awaitStatus(APP, ImageBuildFailed);
    assertThat(failed.reason()).isEqualTo("login to smtp.example.com with ****** failed");
    assertThat(events).noneSatisfy(e -> assertThat(e.toString()).contains("mail-pa55word"));
    assertThat(failed.toString()).doesNotContain("mail-pa55word").doesNotContain("scan-k3y-0042");
  }

  @Test
  void shouldCancelAPipelineInFlightOnForceUndeploy() throws Exception {
    Gate build = new Gate();
    builder.gate = build;
    deployExpenses();
    build.awaitArrival();
    service.forceUndeploy(DEVOPS, APP);
    assertThat(store.findApplication(APP)).isEmpty();
    assertThat(builder.interrupted).isTrue();
    assertThat(cluster.removals).containsExactly("expenses:FORCE");
    assertThat(store.findDescriptor(APP)).isPresent();
    // stored, then announced: the announcement may follow by a moment
    waitUntil("ImageBuild is announced", () -> announced(APP).size() >= 2);
    assertThat(announced(APP)).containsExactly(CreateApp, ImageBuild);
    build.open();
    assertThat(cluster.applied).isEmpty();
    assertThat(registry.pushed).isEmpty();
    service.deleteDescriptor(DEVOPS, APP);
    assertThat(store.descriptors()).isEmpty();
  }

  @Test
  void shouldWaitForAClusterStepBeforeForciblyRemovingItsResources() throws Exception {
    Gate apply = new Gate();
    cluster.applyGate = apply;
    deployExpenses();
    apply.awaitArrival();
    service.forceUndeploy(DEVOPS, APP);
    assertThat(store.findApplication(APP)).isEmpty();
    assertThat(announced(APP)).endsWith(DeployStarted);
    assertThat(cluster.removals).containsExactly("expenses:FORCE");
    assertThat(cluster.namespaces).doesNotContain(APP);
  }

  @Test
  void shouldForceUndeployAFailedApplication() {
    registry.failure = new StepFailedException("registry down");
    deployExpenses();
    awaitStatus(APP, ImagePushFailed);
    assertThatThrownBy(() -> service.undeploy(DEVOPS, APP))
        .isInstanceOf(ConflictException.class).hasMessageContaining("forceUndeploy");
    service.forceUndeploy(DEVOPS, APP);
    assertThat(store.findApplication(APP)).isEmpty();
    assertThat(cluster.removals).containsExactly("expenses:FORCE");
  }

  @Test
  void shouldUndeployARunningApplicationAndKeepItsDescriptor() {
    deployExpenses();
    awaitStatus(APP, Running);
    assertThatThrownBy(() -> service.deleteDescriptor(DEVOPS, APP))
        .isInstanceOf(ConflictException.class).hasMessageContaining("undeploy it first");
    service.undeploy(DEVOPS, APP);
    assertThat(store.findApplication(APP)).isEmpty();
    assertThat(cluster.removals).containsExactly("expenses:NORMAL");
    assertThat(cluster.openWatches(APP)).isZero();
    assertThat(service.getDescriptor(DEVOPS, APP).name()).isEqualTo(APP);
    assertThatThrownBy(() -> service.getApplication(DEVOPS, APP))
        .isInstanceOf(NotFoundException.class);
    service.deleteDescriptor(DEVOPS, APP);
    assertThatThrownBy(() -> service.getDescriptor(DEVOPS, APP))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void shouldRedeployADescriptorAfterUndeploy() {
    deployExpenses();
    awaitStatus(APP, Running);
    service.undeploy(DEVOPS, APP);
    Application again = service.deploy(DEVOPS, APP);
    assertThat(again.history()).hasSize(1);
    awaitStatus(APP, Running);
    assertThat(cluster.applied).hasSize(2);
  }

  @Test
  void shouldUndeployAnUnknownApplication() {
    cluster.initialHealth = ClusterHealth.unknown("service query: ImagePullBackOff");
    deployExpenses();
    awaitStatus(APP, Unknown);
    service.undeploy(DEVOPS, APP);
    assertThat(store.applications()).isEmpty();
  }

  @Test
  void refusesToUndeployAnApplicationInProgress() throws Exception {
    Gate build = new Gate();
    builder.gate = build;
    deployExpenses();
    build.awaitArrival();
    assertThatThrownBy(() -> service.undeploy(DEVOPS, APP))
        .isInstanceOf(ConflictException.class).hasMessageContaining("ImageBuild")
        .hasMessageContaining("forceUndeploy");
    build.open();
    awaitStatus(APP, Running);
    assertThat(cluster.removals).isEmpty();
  }

  @Test
  void shouldKeepFollowingAnApplicationWhoseUndeployFailed() {
    deployExpenses();
    awaitStatus(APP, Running);
    cluster.removeFailure = new StepFailedException("namespace expenses still terminating after PT5M");
    assertThatThrownBy(() -> service.undeploy(DEVOPS, APP))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("still terminating");
    assertThat(store.findApplication(APP).orElseThrow().status()).isEqualTo(Running);
    waitUntil("the application is watched again",
        () -> cluster.watchesOpened.get() == 2 && cluster.openWatches(APP) == 1);
    cluster.report(APP, ClusterHealth.unknown("service query: CrashLoopBackOff"));
    awaitStatus(APP, Unknown);
  }

  @Test
  void shouldChangePermissionsInPlaceWithoutRebuilding() {
    deployExpenses();
    awaitStatus(APP, Running);
    Security security = new Security(Members.users("bob"), Members.groups("finance"));
    Application updated = service.updatePermissions(DEVOPS, APP, security);
    assertThat(updated.status()).isEqualTo(Running);
    assertThat(updated.descriptor().security()).isEqualTo(security);
    assertThat(store.findApplication(APP).orElseThrow().descriptor().security()).isEqualTo(security);
    assertThat(store.findDescriptor(APP).orElseThrow().security()).isEqualTo(security);
    assertThat(cluster.securityUpdates).singleElement()
        .satisfies(p -> assertThat(p.descriptor().security()).isEqualTo(security));
    assertThat(cluster.securityUpdates.get(0).services()).isEqualTo(cluster.applied.get(0).services());
    assertThat(builder.requests).hasSize(1);
    assertThat(cluster.applied).hasSize(1);
    assertThat(announced(APP)).endsWith(Running);
    assertThat(statuses(updated)).hasSize(6);
  }

  @Test
  void refusesPermissionsWithoutAdminOrBeforeDeployment() throws Exception {
    Gate build = new Gate();
    builder.gate = build;
    deployExpenses();
    build.awaitArrival();
    Security ok = new Security(Members.users("bob"), null);
    assertThatThrownBy(() -> service.updatePermissions(DEVOPS, APP, ok))
        .isInstanceOf(ConflictException.class).hasMessageContaining("Running or Unknown");
    assertThatThrownBy(() -> service.updatePermissions(DEVOPS, APP, new Security(null,
        Members.users("bob")))).isInstanceOf(io.processdeploy.api.ValidationException.class)
        .hasMessageStartingWith("security.admins");
    build.open();
    awaitStatus(APP, Running);
    assertThat(cluster.securityUpdates).isEmpty();
  }

  @Test
  void shouldGiveLinksToTheUisTheReleaseHas() {
    deployExpenses();
    service.deployRelease(DEVOPS, SampleReleases.timesheetsRequest("timesheets").build());
    awaitStatus(APP, Running);
    awaitStatus("timesheets", Running);
    Links withUis = service.links(DEVOPS, APP);
    assertThat(withUis.processWorkspaceLink()).isPresent();
    assertThat(withUis.contentAppLink()).isPresent();
    Links withoutUis = service.links(DEVOPS, "timesheets");
    assertThat(withoutUis.gateway().toString()).isEqualTo("http://apps.test/timesheets/");
    assertThat(withoutUis.processWorkspaceLink()).isEmpty();
    assertThat(withoutUis.contentAppLink()).isEmpty();
  }

  @Test
  void shouldGiveTheLogsOfAServiceItHas() {
    deployExpenses();
    awaitStatus(APP, Running);
    assertThat(service.logs(DEVOPS, APP, "invoice-scanner", 10)).contains("invoice-scanner");
    assertThatThrownBy(() -> service.logs(DEVOPS, APP, "mailer", 10))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("email-connector");
    assertThatThrownBy(() -> service.logs(DEVOPS, APP, "query", 0))
        .isInstanceOf(io.processdeploy.api.ValidationException.class).hasMessageStartingWith("tailLines");
  }

  @Test
  void refusesADeployOfAnApplicationThatExists() {
    deployExpenses();
    awaitStatus(APP, Running);
    assertThatThrownBy(() -> service.deploy(DEVOPS, APP))
        .isInstanceOf(ConflictException.class).hasMessageContaining("exists (status Running)");
    assertThatThrownBy(() -> service.deploy(DEVOPS, "nothing"))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("createDescriptor");
    assertThat(store.applications()).hasSize(1);
  }

  @Test
  void shouldSayWhichStatusAWaitEndedIn() throws Exception {
    Gate build = new Gate();
    builder.gate = build;
    deployExpenses();
    build.awaitArrival();
    assertThatThrownBy(() -> service.awaitStatus(DEVOPS, APP, s -> s == Running,
        Duration.ofMillis(200)))
        .isInstanceOf(DeploymentException.class)
        .hasMessageContaining("within PT0.2S").hasMessageContaining("it is ImageBuild");
    assertThatThrownBy(() -> service.awaitStatus(DEVOPS, "ghost", s -> true, WAIT))
        .isInstanceOf(NotFoundException.class);
    build.open();
    awaitStatus(APP, Running);
  }

  @Test
  void shouldKeepAListenerThatThrowsAndStopOneThatUnsubscribes() {
    AtomicInteger thrower = new AtomicInteger();
    AtomicInteger leaver = new AtomicInteger();
    service.subscribe(DEVOPS, e -> {
      thrower.incrementAndGet();
      throw new IllegalStateException("listener bug");
    });
    Subscription leaving = service.subscribe(DEVOPS, e -> leaver.incrementAndGet());
    leaving.close();
    leaving.close();
    deployExpenses();
    awaitStatus(APP, Running);
    waitUntil("the throwing listener has seen the six statuses of a deploy",
        () -> thrower.get() >= 6);
    assertThat(leaver.get()).isZero();
    assertThat(announced(APP)).endsWith(Running);
  }
}
