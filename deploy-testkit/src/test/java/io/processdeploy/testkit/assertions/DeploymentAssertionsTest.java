package io.processdeploy.testkit.assertions;

import static io.processdeploy.api.ApplicationStatus.CreateApp;
import static io.processdeploy.api.ApplicationStatus.DeployStarted;
import static io.processdeploy.api.ApplicationStatus.ImageBuild;
import static io.processdeploy.api.ApplicationStatus.ImageBuildFailed;
import static io.processdeploy.api.ApplicationStatus.ImagePush;
import static io.processdeploy.api.ApplicationStatus.Pending;
import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Links;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Security;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.testkit.EventRecorder;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DeploymentAssertionsTest {
  private static final Instant T0 = Instant.parse("2026-11-01T10:00:00Z");

  private final EventRecorder recorder = new EventRecorder();

  @Test
  void shouldPassWhenTheStatusesCameInThatOrder() {
    record(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending, Running);

    assertThat(recorder.of("app")).passedThrough(CreateApp, ImagePush, Running)
        .hasStatus(Running).neverPassedThrough(Unknown, ImageBuildFailed);
  }

  @Test
  void shouldFailWhenTheStatusesCameInAnotherOrder() {
    record(CreateApp, ImageBuild, ImagePush);

    assertThatThrownBy(() -> assertThat(recorder.of("app")).passedThrough(ImagePush, ImageBuild))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ImagePush -> ImageBuild")
        .hasMessageContaining("CreateApp");
  }

  @Test
  void shouldFailWhenAForbiddenStatusWasReached() {
    record(CreateApp, ImageBuild, ImageBuildFailed);

    assertThatThrownBy(() -> assertThat(recorder.of("app")).neverPassedThrough(ImageBuildFailed))
        .isInstanceOf(AssertionError.class).hasMessageContaining("never to be ImageBuildFailed");
  }

  @Test
  void shouldOnlyLookAtTheEventsOfTheApplicationAsked() {
    record(CreateApp, ImageBuild);
    recorder.onEvent(new StatusChanged("other", Pending, Running, "", T0));

    assertThatThrownBy(() -> assertThat(recorder.of("app")).passedThrough(Running))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldWaitForAStatusThatArrivesLater() {
    record(CreateApp, ImageBuild);
    CompletableFuture<Void> later = CompletableFuture.runAsync(
        () -> record(ImagePush, DeployStarted, Pending, Running));

    assertThat(recorder.of("app")).reaches(Running).within(Duration.ofSeconds(30))
        .passedThrough(CreateApp, Running);
    later.join();
  }

  @Test
  void shouldFailWhenTheStatusDoesNotComeWithinTheTimeout() {
    record(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending);

    assertThatThrownBy(() -> assertThat(recorder.of("app")).reaches(Running)
        .within(Duration.ofMillis(100)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("to reach Running within PT0.1S")
        .hasMessageContaining("Pending");
  }

  @Test
  void shouldFailAtOnceWhenTheApplicationFailsBeforeReachingTheStatus() {
    record(CreateApp, ImageBuild);
    recorder.onEvent(new StatusChanged("app", ImageBuild, ImageBuildFailed,
        "base image missing", T0));

    assertThatThrownBy(() -> assertThat(recorder.of("app")).reaches(Running)
        .within(Duration.ofMinutes(10)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("it failed first")
        .hasMessageContaining("base image missing");
  }

  @Test
  void shouldSeeOnlyLaterEventsFromNow() {
    record(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending, Running, Unknown);
    var afterCrash = recorder.of("app").fromNow();

    assertThatThrownBy(() -> assertThat(afterCrash).reaches(Running).within(Duration.ofMillis(50)))
        .isInstanceOf(AssertionError.class).hasMessageContaining("(none yet)");
    recorder.clear();
    record(Running);
    assertThat(afterCrash).reaches(Running).within(Duration.ofSeconds(30));
    assertThat(afterCrash.statuses()).containsExactly(Running);
  }

  @Test
  void shouldMatchTheFailureReasonIgnoringCase() {
    record(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending);
    recorder.onEvent(new StatusChanged("app", Pending, Unknown,
        "service invoice-scanner: ImagePullBackOff", T0));

    assertThat(recorder.of("app")).failedWith("imagepullbackoff");
    assertThatThrownBy(() -> assertThat(recorder.of("app")).failedWith("CrashLoopBackOff"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("service invoice-scanner: ImagePullBackOff");
  }

  @Test
  void shouldNotCallARunningApplicationFailed() {
    record(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending, Running);

    assertThatThrownBy(() -> assertThat(recorder.of("app")).failedWith("anything"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("Running");
  }

  @Test
  void shouldCheckThatProgressWasReported() {
    recorder.onEvent(new Progress("app", "ImagePush", 1, 3, "blobs", T0));

    assertThat(recorder.of("app")).reportedProgressOf("ImagePush");
    assertThatThrownBy(() -> assertThat(recorder.of("app")).reportedProgressOf("ImageBuild"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("[ImagePush]");
  }

  @Test
  void shouldAssertOnAnApplicationSnapshot() {
    Application app = application(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending,
        Running).withImage("runtime-bundle", "registry.local/app:1@sha256:" + "a".repeat(64));

    assertThat(app).isRunning().passedThrough(ImageBuild, Pending).hasImageFor("runtime-bundle");
    assertThatThrownBy(() -> assertThat(app).hasStatus(Unknown))
        .isInstanceOf(AssertionError.class).hasMessageContaining("to be Unknown but it is Running");
    assertThatThrownBy(() -> assertThat(app).hasImageFor("query"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("[runtime-bundle]");
    assertThatThrownBy(() -> assertThat(app).failedWith("x"))
        .isInstanceOf(AssertionError.class);
  }

  @Test
  void shouldAssertOnAFailedApplicationSnapshot() {
    Application app = application(CreateApp, ImageBuild)
        .transition(ImageBuildFailed, "base image docker.io/x was not found", T0);

    assertThat(app).failedWith("was not found").passedThrough(CreateApp, ImageBuildFailed);
    assertThatThrownBy(() -> assertThat(app).failedWith("credentials"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("was not found");
  }

  @Test
  void shouldAssertOnLinks() {
    Links both = new Links(URI.create("http://apps.example.test/app"),
        URI.create("http://apps.example.test/app/workspace"),
        URI.create("http://apps.example.test/app/content"));
    Links none = new Links(URI.create("http://apps.example.test/app"), null, null);

    assertThat(both).hasGatewayContaining("/app").hasProcessWorkspace().hasContentApp();
    assertThat(none).hasNoProcessWorkspace().hasNoContentApp();
    assertThatThrownBy(() -> assertThat(none).hasProcessWorkspace())
        .isInstanceOf(AssertionError.class).hasMessageContaining("Process Workspace");
    assertThatThrownBy(() -> assertThat(both).hasNoContentApp())
        .isInstanceOf(AssertionError.class).hasMessageContaining("/app/content");
    assertThatThrownBy(() -> assertThat(none).hasGatewayContaining("other"))
        .isInstanceOf(AssertionError.class);
  }

  private void record(ApplicationStatus... statuses) {
    ApplicationStatus from = recorder.of("app").lastStatusChange().map(StatusChanged::to)
        .orElse(null);
    for (ApplicationStatus to : statuses) {
      recorder.onEvent(new StatusChanged("app", from, to, "", T0));
      from = to;
    }
  }

  private static Application application(ApplicationStatus... path) {
    DeploymentDescriptor descriptor = new DeploymentDescriptor("app", ReleaseRef.of("p", "1"),
        new Security(Members.users("alice"), null), List.of(), null, T0, "devops");
    Application app = Application.create(descriptor, "app", T0, "devops");
    for (int i = 1; i < path.length; i++) {
      app = app.transition(path[i], "", T0.plusSeconds(i));
    }
    return app;
  }
}
