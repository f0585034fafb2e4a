package io.processdeploy.tck.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ImageRegistry} fulfils: what is pushed can be found by tag and by
 * digest, blobs the registry holds are not sent again, a failed push leaves no tag. An
 * implementation's test extends this class and supplies the registry and an independent way to
 * read images back.
 *
 * <pre>{@code
 * class DirectoryRegistryTest extends ImageRegistryContract {
 *   @TempDir Path dir;
 *   protected ImageRegistry createRegistry() { return DirectoryRegistry.at(dir); }
 *   protected ImageInspector createInspector() { return LayoutInspector.of(dir); }
 * }
 * }</pre>
 */
public abstract class ImageRegistryContract {
  /** The registry under test, created before each test. */
  protected ImageRegistry registry;
  /** Reads what the registry holds, independently of it. */
  protected ImageInspector inspector;
  /** A repository no other test run uses. */
  protected String repository;
  private Path work;

  /** A registry that can be pushed to; it may hold images of earlier runs. */
  protected abstract ImageRegistry createRegistry() throws Exception;

  /** Reads images back from the same place, without the registry under test. */
  protected abstract ImageInspector createInspector() throws Exception;

  @BeforeEach
  void setUpRegistry() throws Exception {
    registry = createRegistry();
    inspector = createInspector();
    repository = registry.repositoryPrefix() + "tck/registry-" + UUID.randomUUID().toString()
        .substring(0, 8);
    work = Files.createTempDirectory("registry-contract");
  }

  /** The reference of {@code tag} in this test's repository. */
  protected ImageReference target(String tag) {
    return new ImageReference(registry.host(), repository, tag, null);
  }

  /** An archive with a base layer and an application layer holding {@code text}. */
  protected BuiltImage image(String tag, String text) {
    return TestImages.archive(work.resolve(tag + "-" + UUID.randomUUID() + ".tar"), target(tag),
        Map.of("base/os-release", "ID=tck\n"),
        Map.of("project-release/1/app.json", text));
  }

  @Test
  void shouldStorePushedImageUnderItsTagAndDigest() {
    PushedImage pushed = registry.push(image("1", "{\"v\":1}"), ProgressSink.NONE);

    assertThat(pushed.reference().digest()).startsWith("sha256:");
    assertThat(pushed.reference().tag()).isEqualTo("1");
    assertThat(registry.digestOf(target("1"))).contains(pushed.reference().digest());
    assertThat(registry.digestOf(target(null).withDigest(pushed.reference().digest())))
        .contains(pushed.reference().digest());
    InspectedImage image = inspector.inspect(target("1")).orElseThrow();
    assertThat(image.digest()).isEqualTo(pushed.reference().digest());
    assertThat(image.layers()).hasSize(2);
    assertThat(image.file("project-release/1/app.json")).get()
        .extracting(TarEntries.Entry::text).isEqualTo("{\"v\":1}");
  }

  @Test
  void shouldReportNoDigestForUnknownImages() {
    assertThat(registry.digestOf(target("never-pushed"))).isEmpty();
    assertThat(registry.digestOf(target(null).withDigest("sha256:" + "a".repeat(64)))).isEmpty();
  }

  @Test
  void shouldUploadEveryBlobOnceAndNothingOnAnUnchangedPush() {
    BuiltImage image = image("1", "{\"v\":1}");
    PushedImage first = registry.push(image, ProgressSink.NONE);
    PushedImage second = registry.push(image, ProgressSink.NONE);

    assertThat(first.blobsUploaded() + first.blobsSkipped()).isEqualTo(3);
    assertThat(first.bytesUploaded()).isPositive();
    assertThat(second.bytesUploaded()).isZero();
    assertThat(second.blobsUploaded()).isZero();
    assertThat(second.blobsSkipped()).isEqualTo(3);
    assertThat(second.bytesSkipped()).as("bytes not sent again")
        .isEqualTo(first.bytesUploaded() + first.bytesSkipped());
    assertThat(second.reference()).isEqualTo(first.reference());
  }

  @Test
  void shouldUploadOnlyTheLayerThatChanged() throws IOException {
    registry.push(image("1", "{\"v\":1}"), ProgressSink.NONE);
    BuiltImage next = image("2", "{\"v\":2}");

    PushedImage pushed = registry.push(next, ProgressSink.NONE);

    assertThat(pushed.blobsSkipped()).as("the shared base layer").isEqualTo(1);
    assertThat(pushed.blobsUploaded()).as("the new layer and configuration").isEqualTo(2);
    assertThat(pushed.bytesUploaded()).isLessThan(Files.size(next.archive()));
  }

  @Test
  void shouldMoveATagToTheImagePushedLast() {
    PushedImage first = registry.push(image("1", "{\"v\":1}"), ProgressSink.NONE);
    PushedImage second = registry.push(image("1", "{\"v\":2}"), ProgressSink.NONE);

    assertThat(second.reference().digest()).isNotEqualTo(first.reference().digest());
    assertThat(registry.digestOf(target("1"))).contains(second.reference().digest());
    assertThat(inspector.inspect(target("1")).orElseThrow().file("project-release/1/app.json"))
        .get().extracting(TarEntries.Entry::text).isEqualTo("{\"v\":2}");
  }

  @Test
  void shouldReportProgressInBlobs() {
    RecordingProgress progress = new RecordingProgress();

    registry.push(image("1", "{\"v\":1}"), progress);

    assertThat(progress.reports("blobs")).isNotEmpty();
    RecordingProgress.Report last = progress.reports("blobs").get(
        progress.reports("blobs").size() - 1);
    assertThat(last.done()).isEqualTo(last.total()).isEqualTo(3);
  }

  @Test
  void rejectsAnImageWithoutArchiveAndTagsNothing() {
    BuiltImage noArchive = new BuiltImage(target("1"), "sha256:" + "b".repeat(64), null, 0);

    assertThatThrownBy(() -> registry.push(noArchive, ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("archive");
    assertThat(registry.digestOf(target("1"))).isEmpty();
  }

  @Test
  void rejectsACorruptArchiveAndTagsNothing() throws IOException {
    Path broken = work.resolve("broken.tar");
    Files.write(broken, TarEntries.write(Map.of("manifest.json",
        "[{\"Config\":\"config.json\",\"Layers\":[\"missing.tar.gz\"]}]".getBytes(
            java.nio.charset.StandardCharsets.UTF_8), "config.json", "{}".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)), false));
    BuiltImage image = new BuiltImage(target("1"), "sha256:" + "c".repeat(64), broken, 0);

    assertThatThrownBy(() -> registry.push(image, ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("missing.tar.gz");
    assertThat(registry.digestOf(target("1"))).isEmpty();
  }

  @Test
  void rejectsAnImageNamedAfterAnotherRegistry() {
    BuiltImage image = image("1", "{}");
    BuiltImage elsewhere = new BuiltImage(new ImageReference("elsewhere.example.com:5000",
        repository, "1", null), image.digest(), image.archive(), image.sizeBytes());

    assertThatThrownBy(() -> registry.push(elsewhere, ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("elsewhere.example.com:5000");
  }
}
