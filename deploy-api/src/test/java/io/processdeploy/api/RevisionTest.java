package io.processdeploy.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Revisions: validated, kept in order on the application, found by number and outcome. */
class RevisionTest {
  private static final DeploymentDescriptor D = new DeploymentDescriptor("app",
      ReleaseRef.of("p", "1"), new Security(Members.users("alice"), null), List.of(), null,
      Instant.EPOCH, "dana");

  @Test
  void shouldRefuseANumberBelowOneNamingTheField() {
    assertThatThrownBy(() -> revision(0, Revision.Outcome.DEPLOYED))
        .isInstanceOf(ValidationException.class).hasMessageContaining("revision.number");
  }

  @Test
  void shouldGiveTheDigestOfItsImageOnceItIsPushed() {
    assertThat(revision(1, Revision.Outcome.IN_PROGRESS).imageDigest()).isNull();
    assertThat(revision(1, Revision.Outcome.DEPLOYED).withImage("r/app@sha256:ab").imageDigest())
        .isEqualTo("sha256:ab");
  }

  @Test
  void shouldReplaceARevisionOfTheSameNumberAndFindTheCurrentAndTheOneInFlight() {
    Application app = Application.create(D, "app", Instant.EPOCH, "dana")
        .withRevision(revision(1, Revision.Outcome.DEPLOYED));
    assertThat(app.nextRevisionNumber()).isEqualTo(2);
    Application updating = app.withRevision(revision(2, Revision.Outcome.IN_PROGRESS));
    assertThat(updating.currentRevision()).map(Revision::number).contains(1);
    assertThat(updating.revisionInFlight()).map(Revision::number).contains(2);

    Application done = updating
        .withRevision(revision(1, Revision.Outcome.SUPERSEDED))
        .withRevision(revision(2, Revision.Outcome.DEPLOYED));
    assertThat(done.revisions()).extracting(Revision::number).containsExactly(1, 2);
    assertThat(done.currentRevision()).map(Revision::number).contains(2);
    assertThat(done.revisionInFlight()).isEmpty();
    assertThat(Revision.Outcome.ROLLING_BACK.isInFlight()).isTrue();
    assertThat(Revision.Outcome.ROLLED_BACK.isInFlight()).isFalse();
  }

  @Test
  void shouldKeepTheLatestRevisionsAndAlwaysTheRunningOneAndTheOneInFlight() {
    Application app = Application.create(D, "app", Instant.EPOCH, "dana")
        .withRevision(revision(1, Revision.Outcome.SUPERSEDED))
        .withRevision(revision(2, Revision.Outcome.DEPLOYED));
    for (int n = 3; n <= 14; n++) {
      app = app.withRevision(revision(n, Revision.Outcome.FAILED));
    }
    app = app.withRevision(revision(15, Revision.Outcome.IN_PROGRESS));

    assertThat(app.revisions()).hasSize(Application.REVISION_HISTORY_LIMIT);
    assertThat(app.revisions()).extracting(Revision::number)
        .containsExactly(2, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    assertThat(app.currentRevision()).map(Revision::number).contains(2);
    assertThat(app.revisionInFlight()).map(Revision::number).contains(15);
    assertThat(app.nextRevisionNumber()).isEqualTo(16);
  }

  private static Revision revision(int number, Revision.Outcome outcome) {
    return new Revision(number, "1", null, "sha256:00", D, "dana", Instant.EPOCH, outcome, null);
  }
}
