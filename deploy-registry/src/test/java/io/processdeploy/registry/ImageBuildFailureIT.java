package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.TestImages;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Build and engine-push failures of both builders against the real registries and engine, each
 * with its reason and without a tag left behind.
 */
class ImageBuildFailureIT {
  private static String dockerHost;

  @TempDir
  Path work;

  @BeforeAll
  static void servers() throws IOException {
    dockerHost = TestServers.dockerHost();
  }

  /** A base image only the registry with authentication holds, new for each test. */
  private static String pushSecuredBase() throws IOException {
    OciRegistry secured = TestServers.securedRegistry();
    ImageReference target = new ImageReference(secured.host(), "tck/secured-base-"
        + UUID.randomUUID().toString().substring(0, 8), "1", null);
    Path tar = java.nio.file.Files.createTempFile("secured-base", ".tar");
    try {
      secured.push(TestImages.archive(tar, target, Map.of("etc/secured", "yes\n")),
          ProgressSink.NONE);
    } finally {
      java.nio.file.Files.deleteIfExists(tar);
    }
    return target.toString();
  }

  private DockerImageBuilder docker() {
    return DockerImageBuilder.builder().withDockerHost(URI.create(dockerHost)).build();
  }

  private List<ImageBuilder> builders() {
    return List.of(new JibImageBuilder(), docker());
  }

  private ImageBuildRequest request(String host, String repository, String base) {
    return new ImageBuildRequest("timesheets", SampleReleases.TIMESHEETS,
        SampleReleases.timesheets().content(), base,
        new ImageReference(host, repository, "3", null), Map.of(), work);
  }

  @Test
  void shouldNameAMissingBaseImage() {
    String registry = TestServers.registry();
    String missing = registry + "/tck/missing-" + UUID.randomUUID().toString().substring(0, 8)
        + ":1";
    for (ImageBuilder builder : builders()) {
      StepFailedException failure = catchThrowableOfType(StepFailedException.class,
          () -> builder.build(request(registry, "apps/failing", missing), ProgressSink.NONE));

      assertThat(failure.getMessage()).as(builder.id())
          .startsWith("base image " + missing + " was not found")
          .contains("push it first");
      assertThat(failure.isRetryable()).isFalse();
    }
  }

  @Test
  void shouldSayWhenTheRegistryOfTheBaseImageRefusesAccess() throws IOException {
    String registry = TestServers.registry();
    String securedBase = pushSecuredBase();
    for (ImageBuilder builder : builders()) {
      StepFailedException failure = catchThrowableOfType(StepFailedException.class,
          () -> builder.build(request(registry, "apps/failing", securedBase),
              ProgressSink.NONE));

      assertThat(failure.getMessage()).as(builder.id())
          .startsWith("the registry of base image " + securedBase + " refused access")
          .contains("withBaseImageCredentials");
    }
  }

  @Test
  void shouldPullABaseImageWithCredentialsThroughTheEngine() throws IOException {
    String registry = TestServers.registry();
    String securedBase = pushSecuredBase();
    String repository = "apps/secured-" + UUID.randomUUID().toString().substring(0, 8);
    try (DockerImageBuilder docker = DockerImageBuilder.builder()
        .withDockerHost(URI.create(dockerHost))
        .withBaseImageCredentials(TestServers.authRegistry(),
            new RegistryCredentials(TestServers.USER, TestServers.PASSWORD))
        .build()) {
      BuiltImage built = docker.build(request(registry, repository, securedBase),
          ProgressSink.NONE);
      PushedImage pushed = docker.push(built, TestServers.plainRegistry(), ProgressSink.NONE);

      assertThat(TestServers.plainInspector().inspect(pushed.reference()).orElseThrow()
          .file("etc/secured")).isPresent();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void shouldRejectWrongCredentialsOnAnEnginePushAndTagNothing() throws IOException {
    String host = TestServers.authRegistry();
    String repository = "apps/engine-" + UUID.randomUUID().toString().substring(0, 8);
    OciRegistry wrong = OciRegistry.builder(host).withCredentials(TestServers.USER, "wrong")
        .allowInsecure().build();
    try (DockerImageBuilder docker = docker()) {
      BuiltImage built = docker.build(request(host, repository, TestServers.baseImage()),
          ProgressSink.NONE);

      StepFailedException failure = catchThrowableOfType(StepFailedException.class,
          () -> docker.push(built, wrong, ProgressSink.NONE));

      assertThat(failure.getMessage())
          .startsWith("registry " + host + " rejected the credentials of user ci")
          .doesNotContain("wrong");
      assertThat(HttpRegistryInspector.of(host, TestServers.USER, TestServers.PASSWORD)
          .tags(repository)).isEmpty();
    }
  }

  @Test
  void shouldPushThroughTheEngineWithTheRegistryCredentials() throws IOException {
    String host = TestServers.authRegistry();
    String repository = "apps/engine-" + UUID.randomUUID().toString().substring(0, 8);
    try (DockerImageBuilder docker = docker()) {
      BuiltImage built = docker.build(request(host, repository, TestServers.baseImage()),
          ProgressSink.NONE);

      PushedImage pushed = docker.push(built, TestServers.securedRegistry(), ProgressSink.NONE);

      assertThat(TestServers.securedRegistry().digestOf(pushed.reference()))
          .contains(pushed.reference().digest());
      assertThat(HttpRegistryInspector.of(host, TestServers.USER, TestServers.PASSWORD)
          .inspect(pushed.reference()).orElseThrow().lastLayerFiles())
          .containsKey("project-release/3/timesheets.json");
    }
  }

  @Test
  void shouldRejectAHostileVersionInBothBuilders() {
    for (ImageBuilder builder : builders()) {
      ImageBuildRequest hostile = new ImageBuildRequest("timesheets",
          ReleaseRef.of("timesheets-project", "3/../../../tmp"),
          SampleReleases.timesheets().content(), "scratch",
          new ImageReference(TestServers.registry(), "apps/failing", "3", null), Map.of(), work);

      assertThat(catchThrowableOfType(StepFailedException.class,
          () -> builder.build(hostile, ProgressSink.NONE)).getMessage()).as(builder.id())
          .contains("release version '3/../../../tmp'");
    }
  }
}
