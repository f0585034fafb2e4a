package io.processdeploy.core;

import static io.processdeploy.api.ApplicationStatus.DeployStarted;
import static io.processdeploy.api.ApplicationStatus.ImageBuild;
import static io.processdeploy.api.ApplicationStatus.ImagePush;
import static io.processdeploy.api.ApplicationStatus.Running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.Members;
import io.processdeploy.api.Removal;
import io.processdeploy.api.Security;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.core.internal.Redaction;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Removals and permission changes are stored before they act, and a service that starts on a
 * store holding one completes it: an application being removed is removed, never resumed or
 * deployed again; a pending permission change reaches descriptor, cluster and application.
 */
class StoredIntentsTest extends ServiceTestSupport {
  private static final String APP = "expenses";
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
  private static final Security NEW = new Security(Members.users("bob"), Members.groups("audit"));

  @ParameterizedTest(name = "{0}")
  @EnumSource(RemovalMode.class)
  void shouldStoreTheRemovalBeforeTheNamespaceIsTouched(RemovalMode mode) {
    start();
    deployAndAwaitRunning();
    List<Removal> seenByTheCluster = new CopyOnWriteArrayList<>();
    cluster.onRemove = namespace ->
        seenByTheCluster.add(store.findApplication(APP).orElseThrow().removal());
    if (mode == RemovalMode.NORMAL) {
      service.undeploy(DEVOPS, APP);
    } else {
      service.forceUndeploy(DEVOPS, APP);
    }
    assertThat(seenByTheCluster).singleElement().satisfies(r -> {
      assertThat(r.mode()).isEqualTo(mode);
      assertThat(r.requestedBy()).isEqualTo("dana");
    });
    assertThat(store.findApplication(APP)).isEmpty();
  }

  @ParameterizedTest(name = "{0} in RESUME and FAIL recovery")
  @EnumSource(RecoveryMode.class)
  void shouldCompleteAStoredUndeployOfARunningApplicationAtStart(RecoveryMode recovery) {
    start();
    deployAndAwaitRunning();
    service.close();
    int watches = cluster.watchesOpened.get();
    store.replaceApplication(store.findApplication(APP).orElseThrow()
        .withRemoval(new Removal(RemovalMode.NORMAL, "dana", T)));
    events.clear();

    start(serviceBuilder().withRecovery(recovery));

    waitUntil("the application is removed", () -> store.findApplication(APP).isEmpty());
    assertThat(cluster.removals).containsExactly("expenses:NORMAL");
    assertThat(cluster.namespaces).doesNotContain(APP);
    assertThat(cluster.watchesOpened.get()).as("watches opened").isEqualTo(watches);
    assertThat(events).noneMatch(e -> e instanceof StatusChanged);
    waitUntil("the completion is announced", () -> events.stream().anyMatch(e ->
        e instanceof LogLine l && l.message().contains("completed after a restart")));
    assertThat(store.findDescriptor(APP)).isPresent();
    assertThat(cluster.applied).hasSize(1);
  }

  @Test
  void shouldForceRemoveAnApplicationLeftMidPipelineInsteadOfResumingIt() {
    start();
    Application left = leaveInDeployStarted().withRemoval(new Removal(RemovalMode.FORCE, "dana",
        T));
    store.insertApplication(left);
    service.close();
    events.clear();

    start(serviceBuilder().withRecovery(RecoveryMode.RESUME));

    waitUntil("the application is removed", () -> store.findApplication(APP).isEmpty());
    assertThat(cluster.removals).containsExactly("expenses:FORCE");
    assertThat(cluster.applied).as("resources created again").isEmpty();
    assertThat(builder.requests).isEmpty();
    assertThat(events).noneMatch(e -> e instanceof StatusChanged);
    assertThat(service.getDescriptor(DEVOPS, APP).name()).isEqualTo(APP);
  }

  @Test
  void shouldKeepAFailedForceUndeployStoredAndNeverResumeThatApplication() {
    start();
    deployAndAwaitRunning();
    cluster.removeFailure = new StepFailedException("namespace expenses still terminating");
    assertThatThrownBy(() -> service.forceUndeploy(DEVOPS, APP))
        .isInstanceOf(StepFailedException.class);
    Application stored = store.findApplication(APP).orElseThrow();
    assertThat(stored.removal().mode()).isEqualTo(RemovalMode.FORCE);
    assertThat(cluster.openWatches(APP)).isZero();
    assertThatThrownBy(() -> service.undeploy(DEVOPS, APP))
        .isInstanceOf(ConflictException.class).hasMessageContaining("forceUndeploy");
    assertThatThrownBy(() -> service.updatePermissions(DEVOPS, APP, NEW))
        .isInstanceOf(ConflictException.class).hasMessageContaining("being removed");
    service.close();

    cluster.removeFailure = null;
    start();
    waitUntil("the application is removed", () -> store.findApplication(APP).isEmpty());
    assertThat(cluster.removals).containsExactly("expenses:FORCE");
    assertThat(cluster.applied).hasSize(1);
  }

  @Test
  void shouldStoreAPermissionChangeBeforeWritingItAnywhere() {
    start();
    deployAndAwaitRunning();
    List<Application> seenByTheCluster = new CopyOnWriteArrayList<>();
    cluster.onSecurityUpdate = plan ->
        seenByTheCluster.add(store.findApplication(APP).orElseThrow());
    Application updated = service.updatePermissions(DEVOPS, APP, NEW);
    assertThat(seenByTheCluster).singleElement()
        .satisfies(a -> assertThat(a.pendingSecurity()).isEqualTo(NEW));
    assertThat(updated.pendingSecurity()).isNull();
    assertThat(Redaction.masked(store.findApplication(APP).orElseThrow())).isEqualTo(updated);
    assertThat(updated.descriptor().security()).isEqualTo(NEW);
    assertThat(store.findDescriptor(APP).orElseThrow().security()).isEqualTo(NEW);
  }

  @Test
  void shouldPutTheOldPermissionsBackWhenTheClusterRefusesTheNewOnes() {
    start();
    Security old = deployAndAwaitRunning().descriptor().security();
    cluster.securityFailure = new StepFailedException("config map refused");
    List<Security> tried = new CopyOnWriteArrayList<>();
    cluster.onSecurityUpdate = plan -> {
      tried.add(plan.descriptor().security());
      if (tried.size() == 2) {
        cluster.securityFailure = null;
      }
    };
    assertThatThrownBy(() -> service.updatePermissions(DEVOPS, APP, NEW))
        .isInstanceOf(StepFailedException.class);
    assertThat(tried).containsExactly(NEW, old);
    Application stored = store.findApplication(APP).orElseThrow();
    assertThat(stored.pendingSecurity()).isNull();
    assertThat(stored.descriptor().security()).isEqualTo(old);
    assertThat(store.findDescriptor(APP).orElseThrow().security()).isEqualTo(old);
  }

  @Test
  void shouldCompleteAPermissionChangeAKillInterruptedAtStart() {
    start();
    deployAndAwaitRunning();
    service.close();
    // As a kill right after the intent and the descriptor were written leaves them.
    store.replaceApplication(store.findApplication(APP).orElseThrow().withPendingSecurity(NEW));
    store.replaceDescriptor(store.findDescriptor(APP).orElseThrow().withSecurity(NEW));

    start();

    waitUntil("the change is completed",
        () -> store.findApplication(APP).orElseThrow().pendingSecurity() == null);
    Application app = store.findApplication(APP).orElseThrow();
    assertThat(app.descriptor().security()).isEqualTo(NEW);
    assertThat(store.findDescriptor(APP).orElseThrow().security()).isEqualTo(NEW);
    assertThat(cluster.securityUpdates).singleElement()
        .satisfies(p -> assertThat(p.descriptor().security()).isEqualTo(NEW));
    assertThat(awaitStatus(APP, Running).status()).isEqualTo(Running);
  }

  private Application deployAndAwaitRunning() {
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest(APP).build());
    return awaitStatus(APP, Running);
  }

  /** The descriptor stored, and its application as a crash in DeployStarted leaves it. */
  private Application leaveInDeployStarted() {
    Application app = Application.create(service.createDescriptor(DEVOPS,
        SampleReleases.expensesRequest(APP).build()), APP, T, "dana");
    app = app.transition(ImageBuild, "before", T)
        .transition(ImagePush, "before", T)
        .withImage("runtime-bundle", "registry.test:5000/apps/x:1.0.0@sha256:"
            + "1111111111111111111111111111111111111111111111111111111111111111")
        .transition(DeployStarted, "before", T);
    return app;
  }
}
