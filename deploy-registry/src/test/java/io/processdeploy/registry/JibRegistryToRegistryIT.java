package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.ReleaseContent;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.internal.Manifests;
import io.processdeploy.registry.support.FaultProxy;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.InspectedImage;
import io.processdeploy.tck.image.RecordingProgress;
import io.processdeploy.tck.image.TestImages;
import io.processdeploy.tck.release.SampleReleases;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jib from registry to registry against the real registries, counting at a proxy in front of the
 * plain registry what really travels: base layers are neither downloaded nor uploaded again.
 */
class JibRegistryToRegistryIT {
  private static final int BASE_LAYER_BYTES = 300 * 1024;

  @TempDir
  Path work;
  private FaultProxy proxy;
  private OciRegistry registry;
  private String run;

  @BeforeEach
  void startProxy() throws IOException {
    proxy = FaultProxy.of(TestServers.registry());
    registry = OciRegistry.builder(proxy.host()).allowInsecure().build();
    run = UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** Pushes a runnable base image with three incompressible layers to {@code repository}. */
  private ImageReference pushBase(OciRegistry to, String repository) {
    Random random = new Random(repository.hashCode());
    ImageReference base = new ImageReference(to.host(), repository, "1", null);
    to.push(TestImages.archive(work.resolve(repository.replace('/', '-') + ".tar"), base,
        Map.of("opt/one.bin", noise(random)), Map.of("opt/two.bin", noise(random)),
        Map.of("opt/three.bin", noise(random))), io.processdeploy.api.spi.ProgressSink.NONE);
    return base;
  }

  private static String noise(Random random) {
    byte[] bytes = new byte[BASE_LAYER_BYTES];
    random.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  private ImageBuildRequest request(String base, String repository, String tag,
      ReleaseContent content, OciRegistry to) {
    return new ImageBuildRequest("timesheets", SampleReleases.TIMESHEETS, content, base,
        new ImageReference(to.host(), repository, tag, null),
        Map.of("org.opencontainers.image.title", "timesheets"), work, to);
  }

  private PushedImage deploy(JibImageBuilder jib, ImageBuildRequest request,
      RecordingProgress progress) {
    BuiltImage built = jib.build(request, progress);
    assertThat(built.archive()).as("built straight into the registry, no archive").isNull();
    return jib.push(built, request.registry(), progress);
  }

  private List<Manifests.Descriptor> layersOf(ImageReference image) {
    return Manifests.image(registry.distribution().manifest(image.repository(),
        image.tagOrLatest()).orElseThrow().body()).layers();
  }

  private List<FaultProxy.Seen> downloadsOf(List<Manifests.Descriptor> blobs) {
    return proxy.seen("GET", "/blobs/").stream().filter(s -> blobs.stream()
        .anyMatch(b -> s.path().contains(b.digest()))).toList();
  }

  private static long sum(List<Manifests.Descriptor> blobs) {
    return blobs.stream().mapToLong(Manifests.Descriptor::size).sum();
  }

  @Test
  void shouldSendNoBaseLayerWhenTheTargetRepositoryHoldsTheBase() {
    String repository = "r2r/same-" + run;
    ImageReference base = pushBase(registry, repository);
    List<Manifests.Descriptor> baseLayers = layersOf(base);
    proxy.reset();

    PushedImage pushed = deploy(new JibImageBuilder(), request(base.toString(), repository, "3",
        SampleReleases.timesheets().content(), registry), new RecordingProgress());

    assertThat(downloadsOf(baseLayers)).as("base layers downloaded").isEmpty();
    assertThat(pushed.blobsSkipped()).isEqualTo(3);
    assertThat(pushed.bytesSkipped()).isEqualTo(sum(baseLayers));
    assertThat(pushed.blobsUploaded()).as("release layer and configuration").isEqualTo(2);
    assertThat(proxy.bytesFromClients()).as("bytes the registry received")
        .isLessThan(sum(baseLayers) / 20)
        .isGreaterThanOrEqualTo(pushed.bytesUploaded());
    assertThat(proxy.bytesToClients()).as("bytes the registry sent").isLessThan(64 * 1024);
  }

  @Test
  void shouldUploadNothingOnAnUnchangedRedeploy() {
    String repository = "r2r/redeploy-" + run;
    ImageReference base = pushBase(registry, repository);
    JibImageBuilder jib = new JibImageBuilder();
    ImageBuildRequest request = request(base.toString(), repository, "3",
        SampleReleases.timesheets().content(), registry);
    PushedImage first = deploy(jib, request, new RecordingProgress());
    proxy.reset();
    RecordingProgress progress = new RecordingProgress();

    PushedImage again = deploy(jib, request, progress);

    assertThat(again.reference()).isEqualTo(first.reference());
    assertThat(again.bytesUploaded()).isZero();
    assertThat(again.blobsUploaded()).isZero();
    assertThat(again.blobsSkipped()).isEqualTo(5);
    assertThat(proxy.seen("PATCH", "/blobs/uploads/")).isEmpty();
    assertThat(proxy.seen("PUT", "/blobs/uploads/")).isEmpty();
    assertThat(proxy.bytesFromClients()).as("only the manifest").isLessThan(2048);
    assertThat(progress.lines()).anySatisfy(line -> assertThat(line).startsWith("Pushed ")
        .contains(": 0 blobs uploaded (0 bytes), 5 already in the registry ("
            + again.bytesSkipped() + " bytes)"));
  }

  @Test
  void shouldMountABaseFromAnotherRepositoryOfTheSameRegistry() {
    ImageReference base = pushBase(registry, "r2r/base-" + run);
    List<Manifests.Descriptor> baseLayers = layersOf(base);
    String repository = "r2r/app-" + run;
    proxy.reset();

    PushedImage pushed = deploy(new JibImageBuilder(), request(base.toString(), repository, "3",
        SampleReleases.timesheets().content(), registry), new RecordingProgress());

    assertThat(proxy.seen("POST", "mount=")).as("base layers mounted")
        .filteredOn(s -> s.status() == 201).hasSize(3);
    assertThat(downloadsOf(baseLayers)).as("base layers downloaded").isEmpty();
    assertThat(pushed.blobsSkipped()).isEqualTo(3);
    assertThat(pushed.bytesSkipped()).isEqualTo(sum(baseLayers));
    assertThat(proxy.bytesFromClients()).isLessThan(sum(baseLayers) / 20);
    for (Manifests.Descriptor layer : layersOf(pushed.reference())) {
      assertThat(head(TestServers.registry(), repository, layer.digest())).as(layer.digest())
          .isEqualTo(200);
    }
  }

  @Test
  void shouldSendOnlyTheChangedReleaseLayerForANewRelease() {
    String repository = "r2r/release-" + run;
    ImageReference base = pushBase(registry, repository);
    JibImageBuilder jib = new JibImageBuilder();
    deploy(jib, request(base.toString(), repository, "3", SampleReleases.timesheets().content(),
        registry), new RecordingProgress());
    Map<String, byte[]> files = SampleReleases.timesheets().content().files();
    files.put("forms/extra.json", "{\"id\":\"extra\"}".getBytes());
    proxy.reset();

    PushedImage pushed = deploy(jib, request(base.toString(), repository, "4",
        ReleaseContent.of(files), registry), new RecordingProgress());

    List<Manifests.Descriptor> layers = layersOf(pushed.reference());
    assertThat(pushed.blobsUploaded()).isEqualTo(2);
    assertThat(pushed.bytesUploaded()).isEqualTo(layers.get(layers.size() - 1).size()
        + Manifests.image(registry.distribution().manifest(repository, "4").orElseThrow()
            .body()).config().size());
    assertThat(proxy.bytesToClients()).isLessThan(64 * 1024);
  }

  @Test
  void shouldPushToTheRegistryWithAuthenticationWithItsCredentials() {
    OciRegistry secured = TestServers.securedRegistry();
    String repository = "r2r/auth-" + run;
    ImageReference base = pushBase(secured, repository);
    String previous = System.setProperty("sendCredentialsOverHttp", "true");
    try {
      PushedImage pushed = deploy(new JibImageBuilder(), request(base.toString(), repository,
          "3", SampleReleases.timesheets().content(), secured), new RecordingProgress());

      assertThat(pushed.blobsSkipped()).isEqualTo(3);
      InspectedImage image = HttpRegistryInspector.of(secured.host(), TestServers.USER,
          TestServers.PASSWORD).inspect(pushed.reference()).orElseThrow();
      assertThat(image.lastLayerFiles()).containsKey("project-release/3/timesheets.json");
      assertThat(image.run().entrypoint()).containsExactly(TestImages.ENTRYPOINT);
    } finally {
      if (previous == null) {
        System.clearProperty("sendCredentialsOverHttp");
      } else {
        System.setProperty("sendCredentialsOverHttp", previous);
      }
    }
  }

  @Test
  void shouldWriteAnArchiveWhenJibWouldHaveToSendCredentialsOverHttp() {
    OciRegistry secured = TestServers.securedRegistry();
    String repository = "r2r/auth-archive-" + run;
    ImageReference base = pushBase(registry, "r2r/plain-base-" + run);
    JibImageBuilder jib = new JibImageBuilder();

    BuiltImage built = jib.build(request(base.toString(), repository, "3",
        SampleReleases.timesheets().content(), secured), new RecordingProgress());
    PushedImage pushed = jib.push(built, secured, new RecordingProgress());

    assertThat(built.archive()).isNotNull();
    assertThat(secured.digestOf(pushed.reference())).contains(pushed.reference().digest());
  }

  @Test
  void shouldRefuseABaseWithoutEntrypointAndPushNothing() throws IOException {
    String repository = "r2r/inert-" + run;
    ImageReference base = new ImageReference(registry.host(), "r2r/inert-base-" + run, "1", null);
    Path tar = Files.createTempFile(work, "inert", ".tar");
    registry.push(TestImages.archiveWithoutCommand(tar, base, Map.of("etc/os", "inert\n")),
        io.processdeploy.api.spi.ProgressSink.NONE);
    proxy.reset();

    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> deploy(new JibImageBuilder(), request(base.toString(), repository, "3",
            SampleReleases.timesheets().content(), registry), new RecordingProgress()));

    assertThat(failure.isRetryable()).isFalse();
    assertThat(failure.getMessage()).contains("base image " + base)
        .contains("neither an entrypoint nor a command").contains("runtime-bundle");
    assertThat(registry.tags(repository)).isEmpty();
    assertThat(proxy.seen("POST", "/blobs/uploads/")).isEmpty();
    assertThat(proxy.seen("PUT", "/manifests/")).isEmpty();
  }

  private static int head(String host, String repository, String digest) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://" + host
          + "/v2/" + repository + "/blobs/" + digest)).method("HEAD",
          HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (IOException e) {
      throw new AssertionError(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
