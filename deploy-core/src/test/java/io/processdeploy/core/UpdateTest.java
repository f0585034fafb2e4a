package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Revision.Outcome;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Updates to another revision, automatic and explicit rollbacks, and the revision history. */
class UpdateTest extends ServiceTestSupport {
  private static final String APP = "expenses";
  private static final String NEW_VERSION = "1.2.0";

  @BeforeEach
  void releaseANewerVersion() {
    releases.add(SampleReleases.expensesReleased(NEW_VERSION));
  }

  @Test
  void shouldUpdateToANewerReleaseAsANewRevisionThatSupersedesThePreviousOne() {
    Revision first = deployed();

    Application updating = service.update(DEVOPS, APP, newerRelease());

    assertThat(updating.status()).isEqualTo(ApplicationStatus.UpdateApp);
    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.reason()).startsWith("updated to revision 2 (release 1.2.0)");
    List<Revision> history = service.history(DEVOPS, APP);
    assertThat(history).extracting(Revision::number, Revision::releaseVersion, Revision::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "1.0.0", Outcome.SUPERSEDED),
            org.assertj.core.groups.Tuple.tuple(2, NEW_VERSION, Outcome.DEPLOYED));
    Revision second = history.get(1);
    assertThat(second.imageDigest()).startsWith("sha256:").isNotEqualTo(first.imageDigest());
    assertThat(second.descriptorDigest()).isNotEqualTo(first.descriptorDigest());
    assertThat(second.by()).isEqualTo(DEVOPS.name());
    assertThat(builder.requests).hasSize(2);
    assertThat(runtimeImage(lastApplied())).isEqualTo(second.image());
    assertThat(store.findDescriptor(APP).orElseThrow().release().version()).isEqualTo(NEW_VERSION);
    // Running was announced before: await() cannot tell the update's announcement from that one
    waitUntil("every status is announced", () -> announced(APP).size() == app.history().size());
    assertThat(announced(APP)).endsWith(ApplicationStatus.Running, ApplicationStatus.UpdateApp,
        ApplicationStatus.Running);
  }

  @Test
  void shouldBuildAndPushNothingWhenOnlyConnectorVariablesChange() {
    Revision first = deployed();

    service.update(DEVOPS, APP, request("1.0.0", "smtp2.example.com"));

    awaitStatus(APP, ApplicationStatus.Running);
    Revision second = service.history(DEVOPS, APP).get(1);
    assertThat(second.outcome()).isEqualTo(Outcome.DEPLOYED);
    assertThat(second.image()).isEqualTo(first.image());
    assertThat(second.descriptorDigest()).isNotEqualTo(first.descriptorDigest());
    assertThat(bundledDatabasePassword(second)).as("the bundled database keeps its password")
        .isEqualTo(bundledDatabasePassword(store.findApplication(APP).orElseThrow().revisions()
            .get(0))).isNotNull();
    assertThat(builder.requests).as("no second build").hasSize(1);
    assertThat(registry.pushed).as("no second push").hasSize(1);
  }

  @Test
  void shouldRollBackByItselfWhenTheNewRevisionCannotStart() {
    Revision first = deployed();
    cluster.healthOf = plan -> first.image().equals(runtimeImage(plan)) ? ClusterHealth.running()
        : ClusterHealth.unknown("service runtime-bundle: pod x container runtime-bundle"
            + " CrashLoopBackOff");

    service.update(DEVOPS, APP, newerRelease());

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.reason()).contains("rolled back to revision 1 (release 1.0.0)")
        .contains("revision 2 (release 1.2.0) did not become available")
        .contains("CrashLoopBackOff");
    Revision failed = app.revisions().get(1);
    assertThat(failed.outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(failed.reason()).contains("CrashLoopBackOff");
    assertThat(app.currentRevision()).map(Revision::number).contains(1);
    assertThat(app.descriptor().release().version()).isEqualTo("1.0.0");
    assertThat(runtimeImage(lastApplied())).isEqualTo(first.image());
    assertThat(store.findDescriptor(APP).orElseThrow().release().version()).isEqualTo("1.0.0");
    waitUntil("every status is announced", () -> announced(APP).size() == app.history().size());
    assertThat(announced(APP)).endsWith(ApplicationStatus.UpdateApp, ApplicationStatus.Running);
  }

  @Test
  void shouldRollBackWhenTheNewRevisionIsNotAvailableBeforeTheDeadline() {
    start(serviceBuilder().withUpdateDeadline(Duration.ofMillis(300)));
    Revision first = deployedOnStartedService();
    cluster.healthOf = plan -> first.image().equals(runtimeImage(plan)) ? ClusterHealth.running()
        : ClusterHealth.pending("service runtime-bundle: 0/1 replicas available");

    service.update(DEVOPS, APP, newerRelease());

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.reason()).contains("rolled back to revision 1")
        .contains("not available within the update deadline of PT0.3S")
        .contains("0/1 replicas available");
    assertThat(app.revisions().get(1).outcome()).isEqualTo(Outcome.ROLLED_BACK);
  }

  @Test
  void shouldEndUnknownOnlyWhenTheRollbackFailsToo() {
    deployed();
    cluster.healthOf = plan -> ClusterHealth.unknown("service query: ImagePullBackOff");

    service.update(DEVOPS, APP, newerRelease());

    Application app = awaitStatus(APP, ApplicationStatus.Unknown);
    assertThat(app.reason()).contains("rollback to revision 1 (release 1.0.0) failed too");
    assertThat(app.revisions().get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(app.history()).extracting(t -> t.to()).endsWith(ApplicationStatus.UpdateApp,
        ApplicationStatus.Unknown);
  }

  @Test
  void shouldKeepThePreviousRevisionRunningWhenTheImageCannotBeBuilt() {
    deployed();
    int applied = cluster.applied.size();
    builder.failure = new StepFailedException("the base image cannot be pulled", false, null);

    service.update(DEVOPS, APP, newerRelease());

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.reason()).contains("update to revision 2 (release 1.2.0) failed: ImageBuild:"
        + " the base image cannot be pulled").contains("revision 1 (release 1.0.0) keeps running");
    assertThat(app.revisions().get(1).outcome()).isEqualTo(Outcome.FAILED);
    assertThat(app.currentRevision()).map(Revision::number).contains(1);
    assertThat(cluster.applied).as("the cluster was not touched").hasSize(applied);
  }

  @Test
  void shouldRollBackExplicitlyToAnEarlierRevisionWithoutBuilding() {
    Revision first = deployed();
    service.update(DEVOPS, APP, newerRelease());
    awaitStatus(APP, ApplicationStatus.Running);
    int builds = builder.requests.size();

    assertThat(service.rollback(DEVOPS, APP, 1).status()).isEqualTo(ApplicationStatus.UpdateApp);

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.revisions()).extracting(Revision::outcome)
        .containsExactly(Outcome.SUPERSEDED, Outcome.SUPERSEDED, Outcome.DEPLOYED);
    Revision third = app.revisions().get(2);
    assertThat(third.releaseVersion()).isEqualTo("1.0.0");
    assertThat(third.image()).isEqualTo(first.image());
    assertThat(third.reason()).isEqualTo("available");
    assertThat(builder.requests).hasSize(builds);
    assertThat(runtimeImage(lastApplied())).isEqualTo(first.image());
  }

  @Test
  void shouldRefuseWhatCannotBeUpdated() {
    deployed();
    assertThatThrownBy(() -> service.update(DEVOPS, APP, SampleReleases.expensesRequest(APP)
        .build()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("already runs this release");
    assertThatThrownBy(() -> service.update(DEVOPS, APP, SampleReleases.expensesRequest("other")
        .build()))
        .isInstanceOf(ValidationException.class).hasMessageContaining("request.name");
    assertThatThrownBy(() -> service.update(ALICE, APP, newerRelease()))
        .isInstanceOf(AccessDeniedException.class);
    assertThatThrownBy(() -> service.rollback(DEVOPS, APP, 7))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("no revision 7");
    assertThatThrownBy(() -> service.rollback(DEVOPS, APP, 1))
        .isInstanceOf(ConflictException.class).hasMessageContaining("runs revision 1 already");
    assertThatThrownBy(() -> service.update(DEVOPS, "nope", SampleReleases.expensesRequest("nope")
        .build())).isInstanceOf(NotFoundException.class);
    assertThat(service.history(DEVOPS, APP)).hasSize(1);
  }

  @Test
  void shouldRefuseAnUpdateWhileTheApplicationIsNotDeployed() {
    start();
    cluster.initialHealth = ClusterHealth.pending("starting");
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    awaitStatus(APP, ApplicationStatus.Pending);

    assertThatThrownBy(() -> service.update(DEVOPS, APP, newerRelease()))
        .isInstanceOf(ConflictException.class).hasMessageContaining("is Pending");
  }

  @Test
  void shouldMaskSecretsInTheHistory() {
    deployed();
    Revision first = service.history(DEVOPS, APP).get(0);
    assertThat(first.descriptor().connector(SampleReleases.EMAIL_CONNECTOR).orElseThrow()
        .variables()).containsEntry("EMAIL_PASSWORD", Secrets.MASK);
    assertThat(store.findApplication(APP).orElseThrow().revisions().get(0).descriptor()
        .connector(SampleReleases.EMAIL_CONNECTOR).orElseThrow().variables())
        .containsEntry("EMAIL_PASSWORD", "mail-pa55word");
  }

  @Test
  void shouldCompleteAnInterruptedUpdateOnResume() {
    Application updating = interruptedUpdate();

    start();

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.revisions()).extracting(Revision::outcome)
        .containsExactly(Outcome.SUPERSEDED, Outcome.DEPLOYED);
    assertThat(app.descriptor().release().version()).isEqualTo(NEW_VERSION);
    assertThat(updating.status()).isEqualTo(ApplicationStatus.UpdateApp);
  }

  @Test
  void shouldRollBackAnInterruptedUpdateInFailMode() {
    Revision first = interruptedUpdate().revisions().get(0);

    start(serviceBuilder().withRecovery(RecoveryMode.FAIL));

    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.reason()).contains("rolled back to revision 1").contains("interrupted by"
        + " restart");
    assertThat(app.revisions().get(1).outcome()).isEqualTo(Outcome.ROLLED_BACK);
    assertThat(runtimeImage(lastApplied())).isEqualTo(first.image());
  }

  /** An application whose update to revision 2 was stored, then the service stopped. */
  private Application interruptedUpdate() {
    deployed();
    builder.gate = new io.processdeploy.core.fakes.Gate();
    service.update(DEVOPS, APP, newerRelease());
    waitUntil("the build started", () -> builder.requests.size() == 2);
    service.close();
    service = null;
    builder.gate = null;
    Application stored = store.findApplication(APP).orElseThrow();
    assertThat(stored.revisionInFlight()).map(Revision::number).contains(2);
    return stored;
  }

  private Revision deployed() {
    start();
    return deployedOnStartedService();
  }

  private Revision deployedOnStartedService() {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    Application app = awaitStatus(APP, ApplicationStatus.Running);
    assertThat(app.revisions()).hasSize(1);
    Revision first = app.revisions().get(0);
    assertThat(first.outcome()).isEqualTo(Outcome.DEPLOYED);
    assertThat(first.image()).contains("@sha256:");
    return first;
  }

  private static io.processdeploy.api.DescriptorRequest newerRelease() {
    return request(NEW_VERSION, "smtp.example.com");
  }

  /** The sample expenses request for another release version and email host. */
  private static io.processdeploy.api.DescriptorRequest request(String version, String host) {
    return io.processdeploy.api.DescriptorRequest.builder(APP,
            io.processdeploy.api.ReleaseRef.of(SampleReleases.EXPENSES.projectId(), version))
        .withAdmins(io.processdeploy.api.Members.users("alice"))
        .withUsers(io.processdeploy.api.Members.groups("accounting"))
        .addConnector(io.processdeploy.api.ConnectorRequest.outOfTheBox(
            SampleReleases.EMAIL_CONNECTOR,
            "{\"EMAIL_HOST\":\"" + host + "\",\"EMAIL_PORT\":587,"
                + "\"EMAIL_USERNAME\":\"expenses@example.com\","
                + "\"EMAIL_PASSWORD\":\"mail-pa55word\",\"EMAIL_SSL\":true}"))
        .addConnector(io.processdeploy.api.ConnectorRequest.custom(SampleReleases.INVOICE_SCANNER,
            SampleReleases.INVOICE_SCANNER_IMAGE,
            "{\"SCANNER_API_KEY\":\"scan-k3y-0042\",\"SCANNER_DPI\":300}"))
        .build();
  }

  private String bundledDatabasePassword(Revision masked) {
    Revision stored = store.findApplication(APP).orElseThrow().revision(masked.number())
        .orElseThrow();
    return stored.descriptor().infrastructure().variables(Catalog.POSTGRESQL,
        io.processdeploy.api.Infrastructure.POSTGRESQL).get("password");
  }

  private ApplicationPlan lastApplied() {
    return cluster.applied.get(cluster.applied.size() - 1);
  }

  private static String runtimeImage(ApplicationPlan plan) {
    return plan.service("runtime-bundle").orElseThrow().image();
  }
}
