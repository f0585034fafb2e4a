package io.processdeploy.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.support.FaultProxy;
import io.processdeploy.registry.support.TestServers;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.image.TestImages;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How pushes to a real registry fail: refused credentials (not retried), a registry that is down,
 * answers 5xx then 200 (retried), answers 5xx for good (bounded), dropped connections and slow
 * answers (retried). Faults come from a proxy in front of the real registry. No failed push
 * leaves a tag.
 */
class OciRegistryFailureIT {
  private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(50),
      Duration.ofMillis(200));

  @TempDir
  Path dir;
  private String repository;

  @BeforeEach
  void uniqueRepository() {
    repository = "failures/" + UUID.randomUUID().toString().substring(0, 8);
  }

  private BuiltImage image(String host, String tag) {
    return TestImages.archive(dir.resolve(UUID.randomUUID() + ".tar"),
        new ImageReference(host, repository, tag, null),
        Map.of("etc/os-release", "ID=failure-test\n"),
        Map.of("project-release/1/app.json", "{\"id\":\"" + UUID.randomUUID() + "\"}"));
  }

  @Test
  void rejectsWrongCredentialsNamingRegistryAndUser() {
    String host = TestServers.authRegistry();
    OciRegistry registry = OciRegistry.builder(host).withCredentials(TestServers.USER, "wrong")
        .allowInsecure().build();

    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> registry.push(image(host, "1"), ProgressSink.NONE));

    assertThat(failure.getMessage())
        .startsWith("registry " + host + " rejected the credentials of user ci")
        .doesNotContain("wrong");
    assertThat(failure.isRetryable()).isFalse();
    assertThat(TestServers.securedRegistry().tags(repository)).isEmpty();
  }

  @Test
  void doesNotRetryRefusedCredentials() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.authRegistry())) {
      OciRegistry registry = OciRegistry.builder(proxy.host())
          .withCredentials(TestServers.USER, "wrong").allowInsecure().withRetryPolicy(QUICK)
          .build();

      assertThatThrownBy(() -> registry.push(image(proxy.host(), "1"), ProgressSink.NONE))
          .isInstanceOf(StepFailedException.class)
          .hasMessageContaining("rejected the credentials of user ci");
      assertThat(proxy.seen()).as("the first request and the answer to its challenge")
          .hasSize(2).allSatisfy(seen -> assertThat(seen.status()).isEqualTo(401));
    }
  }

  @Test
  void asksForCredentialsWhenNoneAreConfigured() {
    String host = TestServers.authRegistry();
    OciRegistry registry = OciRegistry.builder(host).allowInsecure().build();

    assertThatThrownBy(() -> registry.push(image(host, "1"), ProgressSink.NONE))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("registry " + host + " requires credentials")
        .hasMessageContaining("withCredentials");
  }

  @Test
  void failsRetryablyWhenTheRegistryIsDown() throws IOException {
    String host = "127.0.0.1:" + freePort();
    OciRegistry registry = OciRegistry.builder(host).allowInsecure().withRetryPolicy(QUICK)
        .build();

    StepFailedException failure = catchThrowableOfType(StepFailedException.class,
        () -> registry.push(image(host, "1"), ProgressSink.NONE));

    assertThat(failure.getMessage()).contains("registry " + host + " could not be reached")
        .contains("3 attempts").contains("start the registry");
    assertThat(failure.isRetryable()).isTrue();
  }

  @Test
  void retriesAnswers500ThenSucceeds() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      proxy.answer(500, 2, "PUT", "/blobs/uploads/").answer(503, 1, "PUT", "/manifests/");
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure()
          .withRetryPolicy(QUICK).build();

      PushedImage pushed = registry.push(image(proxy.host(), "1"), ProgressSink.NONE);

      assertThat(proxy.seen("PUT", "/blobs/uploads/")).extracting(FaultProxy.Seen::status)
          .containsSubsequence(500, 500, 201);
      assertThat(proxy.seen("PUT", "/manifests/")).extracting(FaultProxy.Seen::status)
          .containsExactly(503, 201);
      assertThat(TestServers.plainRegistry().digestOf(
          new ImageReference(TestServers.registry(), repository, "1", null)))
          .contains(pushed.reference().digest());
      assertThat(TestServers.plainInspector().inspect(
          new ImageReference(TestServers.registry(), repository, "1", null)).orElseThrow()
          .file("project-release/1/app.json")).isPresent();
    }
  }

  @Test
  void givesUpAfterBoundedRetriesAndLeavesNoTag() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      proxy.answer(500, 100, "PUT", "/manifests/");
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure()
          .withRetryPolicy(QUICK).build();

      StepFailedException failure = catchThrowableOfType(StepFailedException.class,
          () -> registry.push(image(proxy.host(), "1"), ProgressSink.NONE));

      assertThat(failure.getMessage()).contains("answered 500").contains("3 attempts")
          .contains("manifest");
      assertThat(failure.isRetryable()).isTrue();
      assertThat(proxy.seen("PUT", "/manifests/")).hasSize(3);
      assertThat(HttpRegistryInspector.of(TestServers.registry()).tags(repository)).isEmpty();
    }
  }

  @Test
  void leavesNoTagWhenABlobUploadFails() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      proxy.answer(500, 100, "PUT", "/blobs/uploads/");
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure()
          .withRetryPolicy(QUICK).build();

      assertThatThrownBy(() -> registry.push(image(proxy.host(), "1"), ProgressSink.NONE))
          .isInstanceOf(StepFailedException.class).hasMessageContaining("upload of blob");
      assertThat(proxy.seen("PUT", "/manifests/")).isEmpty();
      assertThat(HttpRegistryInspector.of(TestServers.registry()).tags(repository)).isEmpty();
    }
  }

  @Test
  void retriesDroppedConnectionsAndSlowAnswers() throws IOException {
    try (FaultProxy proxy = FaultProxy.of(TestServers.registry())) {
      proxy.drop(1, "HEAD", "/blobs/").delay(Duration.ofSeconds(3), 1, "POST", "/blobs/uploads/");
      OciRegistry registry = OciRegistry.builder(proxy.host()).allowInsecure()
          .withRetryPolicy(QUICK).withTimeout(Duration.ofSeconds(1)).build();

      PushedImage pushed = registry.push(image(proxy.host(), "1"), ProgressSink.NONE);

      assertThat(pushed.blobsUploaded()).isEqualTo(3);
      assertThat(proxy.seen("HEAD", "/blobs/")).extracting(FaultProxy.Seen::status).contains(-1);
      assertThat(TestServers.plainRegistry().digestOf(
          new ImageReference(TestServers.registry(), repository, "1", null)))
          .contains(pushed.reference().digest());
    }
  }

  @Test
  void refusesPlainHttpUnlessAllowed() {
    String host = TestServers.registry();
    OciRegistry registry = OciRegistry.builder(host).withRetryPolicy(RetryPolicy.none()).build();

    assertThatThrownBy(() -> registry.digestOf(new ImageReference(host, repository, "1", null)))
        .isInstanceOf(StepFailedException.class)
        .hasMessageContaining("allowInsecure()");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
