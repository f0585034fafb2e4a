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

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A service started on a store that a stopped service left mid-pipeline. */
class RecoveryTest extends ServiceTestSupport {
  private static final List<ApplicationStatus> PATH = List.of(CreateApp, ImageBuild, ImagePush,
      DeployStarted, Pending, Running);
  private static final String IMAGE = "registry.test:5000/apps/x:1.0.0@sha256:"
      + "1111111111111111111111111111111111111111111111111111111111111111";

  private final Map<ApplicationStatus, String> left = new LinkedHashMap<>();

  /** One application per status the pipeline can be in, as a crashed service leaves them. */
  @BeforeEach
  void leaveApplicationsBehind() {
    start();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (ApplicationStatus status : List.of(CreateApp, ImageBuild, ImagePush, DeployStarted,
        Pending, Running, Unknown, ImagePushFailed)) {
      String name = "app-" + status.name().toLowerCase();
      DeploymentDescriptor d = service.createDescriptor(DEVOPS,
          SampleReleases.expensesRequest(name).build());
      Application app = Application.create(d, name, t, "dana");
      for (ApplicationStatus next : PATH.subList(1, PATH.size())) {
        if (app.status() == status || (status == ImagePushFailed && app.status() == ImagePush)) {
          break;
        }
        if (next == DeployStarted) {
          app = app.withImage("runtime-bundle", IMAGE);
        }
        app = app.transition(next, "before the crash", t);
      }
      if (status == Unknown) {
        app = app.transition(Unknown, "before the crash", t);
      }
      if (status == ImagePushFailed) {
        app = app.transition(ImagePushFailed, "registry down", t);
      }
      assertThat(app.status()).isEqualTo(status);
      store.insertApplication(app);
      left.put(status, name);
    }
    service.close();
    events.clear();
  }

  @Test
  void shouldResumeEveryApplicationFromItsStoredStep() {
    start(serviceBuilder().withRecovery(RecoveryMode.RESUME));
    for (ApplicationStatus status : List.of(CreateApp, ImageBuild, ImagePush, DeployStarted,
        Pending, Running)) {
      Application app = awaitStatus(left.get(status), Running);
      assertThat(app.history()).extracting(h -> h.to()).isEqualTo(PATH);
    }
    assertThat(awaitStatus(left.get(Unknown), Running).history()).extracting(h -> h.to())
        .endsWith(Unknown, Running);
    assertThat(store.findApplication(left.get(ImagePushFailed)).orElseThrow().status())
        .isEqualTo(ImagePushFailed);
    assertThat(builder.requests).extracting(r -> r.application())
        .containsExactlyInAnyOrder("app-createapp", "app-imagebuild", "app-imagepush");
    assertThat(cluster.applied).extracting(p -> p.name()).containsExactlyInAnyOrder(
        "app-createapp", "app-imagebuild", "app-imagepush", "app-deploystarted");
    assertThat(cluster.applied).filteredOn(p -> p.name().equals("app-deploystarted"))
        .singleElement().satisfies(p ->
            assertThat(p.service("runtime-bundle").orElseThrow().image()).isEqualTo(IMAGE));
    assertThat(store.descriptors()).hasSize(left.size());
  }

  @Test
  void shouldFailEveryApplicationInProgressAndFollowTheDeployedOnes() {
    cluster.initialHealth = null;
    start(serviceBuilder().withRecovery(RecoveryMode.FAIL));
    Map<ApplicationStatus, ApplicationStatus> expected = Map.of(
        CreateApp, ImageBuildFailed, ImageBuild, ImageBuildFailed, ImagePush, ImagePushFailed,
        DeployStarted, DeployStartedFailed, Pending, Unknown);
    expected.forEach((from, to) -> {
      Application app = store.findApplication(left.get(from)).orElseThrow();
      assertThat(app.status()).as(from.name()).isEqualTo(to);
      assertThat(app.reason()).isEqualTo("interrupted by restart");
    });
    assertThat(announced(left.get(DeployStarted))).containsExactly(DeployStartedFailed);
    assertThat(builder.requests).isEmpty();
    assertThat(cluster.applied).isEmpty();
    for (String name : List.of(left.get(Pending), left.get(Running), left.get(Unknown))) {
      waitUntil(name + " is watched", () -> cluster.openWatches(name) == 1);
    }
    assertThat(cluster.openWatches(left.get(CreateApp))).isZero();
    cluster.report(left.get(Running), ClusterHealth.unknown("service query: OOMKilled"));
    assertThat(awaitStatus(left.get(Running), Unknown).reason()).isEqualTo("service query: OOMKilled");
    cluster.report(left.get(Pending), ClusterHealth.running());
    awaitStatus(left.get(Pending), Running);
  }
}
