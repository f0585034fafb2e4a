package io.processdeploy.api;

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
import static io.processdeploy.api.ApplicationStatus.UpdateApp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The transition table, every one of the 121 pairs, written out independently of the code. */
class ApplicationStatusTest {
  /** The allowed moves, as the design's table states them. Everything else is refused. */
  private static final Set<List<ApplicationStatus>> ALLOWED = Set.of(
      List.of(CreateApp, ImageBuild), List.of(CreateApp, ImageBuildFailed),
      List.of(ImageBuild, ImagePush), List.of(ImageBuild, ImageBuildFailed),
      List.of(ImagePush, DeployStarted), List.of(ImagePush, ImagePushFailed),
      List.of(DeployStarted, Pending), List.of(DeployStarted, DeployStartedFailed),
      List.of(Pending, Running), List.of(Pending, Unknown),
      List.of(Running, Unknown), List.of(Unknown, Running),
      List.of(Running, UpdateApp), List.of(Unknown, UpdateApp),
      List.of(UpdateApp, Running), List.of(UpdateApp, Unknown));

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (ApplicationStatus from : ApplicationStatus.values()) {
      for (ApplicationStatus to : ApplicationStatus.values()) {
        pairs.add(Arguments.of(from, to, ALLOWED.contains(List.of(from, to))));
      }
    }
    return pairs.stream();
  }

  @Test
  void shouldHaveExactlyTheElevenStatusesOfTheContractSpelledSo() {
    assertThat(ApplicationStatus.values()).extracting(Enum::name).containsExactly("CreateApp",
        "ImageBuild", "ImageBuildFailed", "ImagePush", "ImagePushFailed", "DeployStarted",
        "DeployStartedFailed", "Pending", "Running", "Unknown", "UpdateApp");
    assertThat(everyPair()).hasSize(121);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("everyPair")
  void shouldAllowOnlyTheMovesOfTheTable(ApplicationStatus from, ApplicationStatus to,
      boolean allowed) {
    assertThat(from.canTransitionTo(to)).isEqualTo(allowed);
    assertThat(from.successors().contains(to)).isEqualTo(allowed);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @MethodSource("everyPair")
  void shouldMoveAnApplicationOnlyAlongTheTable(ApplicationStatus from, ApplicationStatus to,
      boolean allowed) {
    Application app = in(from);
    if (allowed) {
      Application moved = app.transition(to, "because", Instant.EPOCH.plusSeconds(99));
      assertThat(moved.status()).isEqualTo(to);
      assertThat(moved.history()).hasSize(app.history().size() + 1);
      StatusTransition last = moved.history().get(moved.history().size() - 1);
      assertThat(last.from()).isEqualTo(from);
      assertThat(last.to()).isEqualTo(to);
      assertThat(moved.reason()).isEqualTo("because");
    } else {
      assertThatThrownBy(() -> app.transition(to, "because", Instant.EPOCH))
          .isInstanceOf(IllegalTransitionException.class)
          .hasMessageContaining(from + " to " + to)
          .satisfies(e -> {
            assertThat(((IllegalTransitionException) e).from()).isEqualTo(from);
            assertThat(((IllegalTransitionException) e).to()).isEqualTo(to);
          });
    }
  }

  @Test
  void shouldClassifyEachStatus() {
    assertThat(EnumSet.allOf(ApplicationStatus.class).stream()
        .filter(ApplicationStatus::isTransitional))
        .containsExactlyInAnyOrder(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending,
            UpdateApp);
    assertThat(EnumSet.allOf(ApplicationStatus.class).stream().filter(ApplicationStatus::isFailure))
        .containsExactlyInAnyOrder(ImageBuildFailed, ImagePushFailed, DeployStartedFailed);
    assertThat(EnumSet.allOf(ApplicationStatus.class).stream().filter(ApplicationStatus::isDeployed))
        .containsExactlyInAnyOrder(Running, Unknown);
    for (ApplicationStatus s : ApplicationStatus.values()) {
      if (s.isFailure()) {
        assertThat(s.successors()).as(s + " is final").isEmpty();
      }
    }
  }

  @Test
  void shouldNameTheFailureOfEachTransitionalStatusAndReachItByTheTable() {
    assertThat(CreateApp.failure()).isEqualTo(ImageBuildFailed);
    assertThat(ImageBuild.failure()).isEqualTo(ImageBuildFailed);
    assertThat(ImagePush.failure()).isEqualTo(ImagePushFailed);
    assertThat(DeployStarted.failure()).isEqualTo(DeployStartedFailed);
    assertThat(Pending.failure()).isEqualTo(Unknown);
    assertThat(UpdateApp.failure()).isEqualTo(Unknown);
    for (ApplicationStatus s : ApplicationStatus.values()) {
      if (s.isTransitional()) {
        assertThat(s.canTransitionTo(s.failure())).as(s.name()).isTrue();
      } else {
        assertThatThrownBy(s::failure).isInstanceOf(IllegalStateException.class);
      }
    }
  }

  @Test
  void shouldParseWireNamesIgnoringCase() {
    assertThat(ApplicationStatus.parse("status", "ImagePushFailed")).isEqualTo(ImagePushFailed);
    assertThat(ApplicationStatus.parse("status", " running ")).isEqualTo(Running);
    assertThatThrownBy(() -> ApplicationStatus.parse("query.status", "Deployed"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("query.status: 'Deployed' is not a status");
    assertThatThrownBy(() -> ApplicationStatus.parse("status", null))
        .isInstanceOf(ValidationException.class);
  }

  /** An application brought to {@code status} by allowed moves. */
  private static Application in(ApplicationStatus status) {
    DeploymentDescriptor d = new DeploymentDescriptor("app", ReleaseRef.of("p", "1"),
        new Security(Members.users("alice"), null), List.of(), null, Instant.EPOCH, "dana");
    Application app = Application.create(d, "app", Instant.EPOCH, "dana");
    List<ApplicationStatus> path = switch (status) {
      case CreateApp -> List.of();
      case ImageBuild -> List.of(ImageBuild);
      case ImageBuildFailed -> List.of(ImageBuildFailed);
      case ImagePush -> List.of(ImageBuild, ImagePush);
      case ImagePushFailed -> List.of(ImageBuild, ImagePush, ImagePushFailed);
      case DeployStarted -> List.of(ImageBuild, ImagePush, DeployStarted);
      case DeployStartedFailed -> List.of(ImageBuild, ImagePush, DeployStarted, DeployStartedFailed);
      case Pending -> List.of(ImageBuild, ImagePush, DeployStarted, Pending);
      case Running -> List.of(ImageBuild, ImagePush, DeployStarted, Pending, Running);
      case Unknown -> List.of(ImageBuild, ImagePush, DeployStarted, Pending, Unknown);
      case UpdateApp -> List.of(ImageBuild, ImagePush, DeployStarted, Pending, Running, UpdateApp);
    };
    for (ApplicationStatus next : path) {
      app = app.transition(next, "step", Instant.EPOCH);
    }
    assertThat(app.status()).isEqualTo(status);
    return app;
  }
}
