package io.processdeploy.registry.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PushTallyTest {
  private static final String A = "sha256:" + "a".repeat(64);
  private static final String B = "sha256:" + "b".repeat(64);
  private static final String C = "sha256:" + "c".repeat(64);
  private static final List<Manifests.Descriptor> BLOBS = List.of(
      new Manifests.Descriptor("layer", A, 1000), new Manifests.Descriptor("layer", B, 200),
      new Manifests.Descriptor("config", C, 30));

  @Test
  void countsEveryBlobNotKnownToBePresentAsUploaded() {
    PushTally tally = new PushTally();
    tally.present(A);

    assertThat(tally.counts(BLOBS)).isEqualTo(new PushTally.Counts(230, 2, 1, 1000));
  }

  @Test
  void readsTheBlobsJibReportsAsAlreadyInTheRegistry() {
    PushTally tally = new PushTally();
    tally.onJibLog("Skipping push; BLOB already exists on target registry : digest: " + B
        + ", size: 200");
    tally.onJibLog("Skipping pull; BLOB already exists on target registry : digest: " + A
        + ", size: 1000");
    tally.onJibLog("Pushing BLOB digest: " + C + ", size: 30");
    tally.onJibLog(null);

    assertThat(tally.counts(BLOBS)).isEqualTo(new PushTally.Counts(30, 1, 2, 1200));
  }
}
