package io.processdeploy.k8s;

import io.processdeploy.api.Caller;
import io.processdeploy.api.ImageReference;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import io.processdeploy.tck.image.HttpRegistryInspector;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
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
}
