package io.processdeploy.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.image.HttpRegistryInspector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A suite that pushes real images to the loopback registry and deploys them through the
 * deployment service on a cluster: on the embedded one, an image of that registry exists when
 * the registry holds it; on the real one, the kubelet pulls it. Namespaces a test created are
 * removed after it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealImagesSuite {
  static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");

  ClusterEnvironment environment;
  String registry;
  KubernetesClusterTarget target;
  @TempDir
  Path work;

  /** The cluster the suite runs on. */
  protected abstract ClusterEnvironment createEnvironment();

  /** What else the embedded cluster is told before the tests, e.g. images that start slowly. */
  protected void configure(EmbeddedCluster cluster) {}

  @BeforeAll
  final void start() {
    registry = System.getenv("PROCESSDEPLOY_REGISTRY");
    if (registry == null || registry.isBlank()) {
      throw new IllegalStateException(getClass().getSimpleName() + " pushes real images, but"
          + " PROCESSDEPLOY_REGISTRY is not set: start the test servers and export their"
          + " settings (scripts/test-servers.sh start && eval \"$(scripts/test-servers.sh env)\"),"
          + " or run scripts/run-tests.sh");
    }
    environment = createEnvironment();
    environment.embedded().ifPresent(cluster -> {
      HttpRegistryInspector inspector = HttpRegistryInspector.of(registry);
      cluster.imageAvailability(image -> !image.startsWith(registry + "/")
          || inspector.inspect(ImageReference.parse(image)).isPresent());
      configure(cluster);
    });
    target = TestTargets.create(environment.client(), URI.create("https://apps.example.com/"),
        Duration.ofMinutes(5));
  }

  @AfterEach
  final void removeWhatTheTestLeft() {
    environment.removeCreatedNamespaces();
  }

  @AfterAll
  final void stop() {
    if (target != null) {
      target.close();
    }
    if (environment != null) {
      environment.close();
    }
  }

  /** Fetches each release file from the runtime-bundle stand-in's pod and compares the bytes. */
  static void assertServesRelease(HttpClient http, Pod pod, Map<String, byte[]> files)
      throws IOException, InterruptedException {
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      URI uri = URI.create("http://" + pod.getStatus().getPodIP() + ":8080"
          + RunnableImages.RELEASE_PATH + "/" + file.getKey());
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(uri)
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
      assertThat(response.body()).as("%s served by the pod", file.getKey())
          .isEqualTo(file.getValue());
    }
  }
}
