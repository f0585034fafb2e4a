package io.processdeploy.tck.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link ImageBuilder} fulfils: the application image is the base image plus
 * one layer holding exactly the release files under {@code /project-release/<version>/}, labelled
 * as asked; the same release gives the same image; bad input fails the build with a
 * {@link StepFailedException} before anything is pushed. An implementation's test extends this
 * class; images are pushed (by the builder when it is an {@link ImagePusher}, else by the
 * registry) and read back with an independent {@link ImageInspector}.
 *
 * <pre>{@code
 * class JibImageBuilderIT extends ImageBuilderContract {
 *   protected ImageBuilder createBuilder() { return new JibImageBuilder(); }
 *   protected ImageRegistry createRegistry() {
 *     return OciRegistry.builder("127.0.0.1:5000").allowInsecure().build();
 *   }
 *   protected ImageInspector createInspector() { return HttpRegistryInspector.of("127.0.0.1:5000"); }
 * }
 * }</pre>
 */
public abstract class ImageBuilderContract {
  /** Labels every test image carries. */
  protected static final Map<String, String> LABELS = Map.of(
      "org.opencontainers.image.title", "expenses",
      "org.opencontainers.image.version", "1.0.0",
      "io.processdeploy.application", "expenses-app");

  /** The builder under test. */
  protected ImageBuilder builder;
  /** Where images go. */
  protected ImageRegistry registry;
  /** Reads pushed images back. */
  protected ImageInspector inspector;
  /** A repository no other test run uses. */
  protected String repository;
  /** The work directory of this test's builds. */
  protected Path work;

  /** The builder under test. */
  protected abstract ImageBuilder createBuilder() throws Exception;

  /** The registry images are pushed to. */
  protected abstract ImageRegistry createRegistry() throws Exception;

  /** Reads images back from that registry without the code under test. */
  protected abstract ImageInspector createInspector() throws Exception;

  /**
   * A base image in a registry the builder can pull from, holding the file
   * {@link #BASE_FILE}, made with {@link TestImages#archive}, or empty when this test setup has
   * none (the base image test then uses {@link #runnableBaseImage()}).
   */
  protected Optional<String> baseImageWithFile() {
    return Optional.empty();
  }

  /**
   * A base image the application images of these tests are built on: one made with
   * {@link TestImages#archive}, whose entrypoint, command, user, working directory and
   * environment the application image must keep. By default {@link #baseImageWithFile()}, else
   * an archive written in the work directory ({@code docker-archive:}).
   */
  protected String runnableBaseImage() {
    return baseImageWithFile().orElseGet(() -> {
      Path tar = work.resolve("runnable-base.tar");
      if (!Files.exists(tar)) {
        TestImages.archive(tar, new ImageReference("registry.local", "tck/base", "1", null),
            Map.of("bin/placeholder", "#!/bin/sh\n"));
      }
      return "docker-archive:" + tar;
    });
  }

  /** The file a {@link #baseImageWithFile()} image holds. */
  protected static final String BASE_FILE = "etc/tck-base-release";

  /** A base image reference that does not exist, in a registry the builder can reach. */
  protected String missingBaseImage() {
    return registry.host() + "/tck/no-such-base:404";
  }

  @BeforeEach
  void setUpBuilder() throws Exception {
    builder = createBuilder();
    registry = createRegistry();
    inspector = createInspector();
    repository = registry.repositoryPrefix() + "tck/builder-" + UUID.randomUUID().toString()
        .substring(0, 8);
    work = Files.createTempDirectory("builder-contract");
  }

  /** A build request for a release onto a base image, to be pushed to {@link #registry}. */
  protected ImageBuildRequest request(ReleasedProject release, String baseImage, String tag) {
    return new ImageBuildRequest("expenses-app", release.ref(), release.content(), baseImage,
        new ImageReference(registry.host(), repository, tag, null), LABELS, work, registry);
  }

  /** Pushes the way the deployment service does: through the builder when it pushes itself. */
  protected PushedImage push(BuiltImage image) {
    if (builder instanceof ImagePusher pusher) {
      return pusher.push(image, registry, ProgressSink.NONE);
    }
    return registry.push(image, ProgressSink.NONE);
  }

  @Test
  void shouldPutTheReleaseFilesInTheirOwnLayerUnderTheReleaseDirectory() {
    ReleasedProject release = SampleReleases.expenses();
    RecordingProgress progress = new RecordingProgress();

    BuiltImage built = builder.build(request(release, runnableBaseImage(), "1.0.0"), progress);
    PushedImage pushed = push(built);

    InspectedImage image = inspector.inspect(pushed.reference()).orElseThrow();
    assertThat(image.digest()).isEqualTo(pushed.reference().digest());
    if (built.archive() != null) {
      assertThat(built.digest()).as("the digest announced by the build").isEqualTo(
          pushed.reference().digest());
    }
    Map<String, String> expected = new TreeMap<>();
    release.content().files().forEach((path, bytes) ->
        expected.put("project-release/1.0.0/" + path, new String(bytes, StandardCharsets.UTF_8)));
    Map<String, String> actual = new TreeMap<>();
    image.lastLayerFiles().forEach((path, entry) -> actual.put(path, entry.text()));
    assertThat(actual).isEqualTo(expected);
    assertThat(image.lastLayerFiles().values()).allSatisfy(entry ->
        assertThat(entry.mode() & 0777).as(entry.path()).isEqualTo(0644));
    assertThat(progress.lines()).isNotEmpty();
  }

  @Test
  void shouldLabelTheImage() {
    PushedImage pushed = push(builder.build(request(SampleReleases.expenses(), runnableBaseImage(), "1"),
        ProgressSink.NONE));

    assertThat(inspector.inspect(pushed.reference()).orElseThrow().labels())
        .containsAllEntriesOf(LABELS);
  }

  @Test
  void shouldGiveTheSameDigestForTheSameReleaseAndUploadNothingAgain() {
    ImageBuildRequest request = request(SampleReleases.expenses(), runnableBaseImage(), "1.0.0");
    PushedImage first = push(builder.build(request, ProgressSink.NONE));

    BuiltImage again = builder.build(request, ProgressSink.NONE);
    PushedImage second = push(again);

    assertThat(second.reference().digest()).isEqualTo(first.reference().digest());
    assertThat(second.bytesUploaded()).isZero();
    assertThat(second.blobsUploaded()).isZero();
    assertThat(second.blobsSkipped()).isPositive();
  }

  @Test
  void shouldGiveAnotherDigestWhenAReleaseFileChanges() {
    ReleasedProject release = SampleReleases.expenses();
    Map<String, byte[]> files = release.content().files();
    files.put("forms/extra-form.json", "{\"id\":\"extra\"}".getBytes(StandardCharsets.UTF_8));
    ReleasedProject changed = new ReleasedProject(release.ref(), release.projectName(), true,
        ReleaseContent.of(files));

    PushedImage first = push(builder.build(request(release, runnableBaseImage(), "a"), ProgressSink.NONE));
    PushedImage second = push(builder.build(request(changed, runnableBaseImage(), "b"),
        ProgressSink.NONE));

    assertThat(second.reference().digest()).isNotEqualTo(first.reference().digest());
    assertThat(inspector.inspect(second.reference()).orElseThrow().lastLayerFiles())
        .containsKey("project-release/1.0.0/forms/extra-form.json");
  }

  @Test
  void shouldKeepTheBaseImageLayersBelowTheReleaseLayer() {
    String base = baseImageWithFile().orElseGet(this::runnableBaseImage);

    PushedImage pushed = push(builder.build(request(SampleReleases.timesheets(), base, "3"),
        ProgressSink.NONE));

    InspectedImage image = inspector.inspect(pushed.reference()).orElseThrow();
    assertThat(image.lastLayerFiles()).containsKey("project-release/3/timesheets.json");
    if (baseImageWithFile().isPresent()) {
      assertThat(image.layers()).hasSizeGreaterThan(1);
      assertThat(image.file(BASE_FILE)).isPresent();
      assertThat(image.lastLayerFiles()).doesNotContainKey(BASE_FILE);
    } else {
      assertThat(image.layers()).hasSize(2);
    }
  }

  @Test
  void shouldRunWhatTheBaseImageRuns() {
    PushedImage pushed = push(builder.build(request(SampleReleases.timesheets(),
        runnableBaseImage(), "run"), ProgressSink.NONE));

    InspectedImage.Run run = inspector.inspect(pushed.reference()).orElseThrow().run();
    assertThat(run.entrypoint()).containsExactly(TestImages.ENTRYPOINT);
    assertThat(run.cmd()).containsExactly(TestImages.CMD);
    assertThat(run.user()).isEqualTo(TestImages.USER);
    assertThat(run.workingDir()).isEqualTo(TestImages.WORKING_DIR);
    assertThat(run.env()).contains(TestImages.ENV);
  }

  @Test
  void refusesScratchAsBaseImageBeforeBuildingAnything() {
    assertThatThrownBy(() -> builder.build(request(SampleReleases.timesheets(), "scratch",
        "empty"), ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("base image scratch")
        .hasMessageContaining("runtime-bundle")
        .satisfies(e -> assertThat(((StepFailedException) e).isRetryable()).isFalse());
    assertThat(registry.digestOf(new ImageReference(registry.host(), repository, "empty", null)))
        .isEmpty();
  }

  @Test
  void refusesABaseImageWithoutEntrypointOrCommandAndTagsNothing() {
    Path tar = work.resolve("inert-base.tar");
    TestImages.archiveWithoutCommand(tar, new ImageReference("registry.local", "tck/inert", "1",
        null), Map.of("etc/inert", "nothing runs here\n"));
    String base = "docker-archive:" + tar;

    assertThatThrownBy(() -> push(builder.build(request(SampleReleases.timesheets(), base,
        "inert"), ProgressSink.NONE)))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining(base)
        .hasMessageContaining("neither an entrypoint nor a command")
        .hasMessageContaining("runtime-bundle")
        .satisfies(e -> assertThat(((StepFailedException) e).isRetryable()).isFalse());
    assertThat(registry.digestOf(new ImageReference(registry.host(), repository, "inert", null)))
        .isEmpty();
  }

  @Test
  void rejectsAHostileReleaseVersionBeforeBuildingAnything() {
    ReleasedProject release = SampleReleases.timesheets();
    ReleasedProject hostile = new ReleasedProject(ReleaseRef.of(release.ref().projectId(),
        "../../etc"), release.projectName(), true, release.content());

    assertThatThrownBy(() -> builder.build(request(hostile, runnableBaseImage(), "evil"),
        ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class).hasMessageContaining("../../etc");
    assertThat(registry.digestOf(new ImageReference(registry.host(), repository, "evil", null)))
        .isEmpty();
  }

  @Test
  void refusesHostilePathsInReleaseContentBeforeAnyBuild() {
    assertThatThrownBy(() -> ReleaseContent.ofText(Map.of("../outside.json", "{}")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("..");
    assertThatThrownBy(() -> ReleaseContent.ofText(Map.of("/etc/passwd", "x")))
        .isInstanceOf(ValidationException.class).hasMessageContaining("absolute");
  }

  @Test
  void rejectsAMissingBaseImageAndTagsNothing() {
    String missing = missingBaseImage();

    assertThatThrownBy(() -> push(builder.build(request(SampleReleases.timesheets(), missing,
        "3"), ProgressSink.NONE)))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("base image");
    assertThat(registry.digestOf(new ImageReference(registry.host(), repository, "3", null)))
        .isEmpty();
  }

  @Test
  void rejectsAMissingBaseImageArchive() {
    String missing = "docker-archive:" + work.resolve("no-such-base.tar");

    assertThatThrownBy(() -> builder.build(request(SampleReleases.timesheets(), missing, "3"),
        ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("no-such-base.tar");
  }
}
