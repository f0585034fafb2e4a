package io.processdeploy.testkit;

import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ImageReference;
import io.processdeploy.registry.OciRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The same testkit pointed at a real OCI registry instead of the embedded one. */
class RealRegistryIT {
  private static final String REGISTRY = registry();

  // tag::configured[]
  @RegisterExtension
  static ProcessDeployExtension deployments = ProcessDeployExtension.builder()
      .withRealRegistry(REGISTRY)
      .build();

  @Embedded static DeploymentEnvironment env;
  @Embedded static OciRegistry registry;
  // end::configured[]

  @Test
  void shouldDeployThroughTheRealRegistry() {
    String name = "expenses-" + Long.toString(System.nanoTime() % 1_000_000, 36);
    env.service().deployRelease(env.devops(), env.samples().expenses(name));

    assertThat(env.events().of(name)).reaches(Running).within(Duration.ofSeconds(60));
    String image = env.service().getApplication(env.devops(), name).images().values().iterator()
        .next();
    assertThat(registry.host()).isEqualTo(REGISTRY);
    assertThat(registry.digestOf(ImageReference.parse(image))).isPresent();
  }

  /** The registry to use; the test fails, saying what to start, when none answers. */
  private static String registry() {
    String host = System.getenv().getOrDefault("PROCESSDEPLOY_REGISTRY", "127.0.0.1:5000");
    try {
      HttpResponse<Void> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://" + host + "/v2/"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.discarding());
      if (answer.statusCode() != 200) {
        throw new IllegalStateException("registry at " + host + " answered " + answer.statusCode()
            + " to /v2/; run scripts/test-servers.sh start");
      }
    } catch (IOException e) {
      throw new IllegalStateException("no registry at " + host + ": run"
          + " scripts/test-servers.sh start (" + e + ")", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the registry at " + host, e);
    }
    return host;
  }
}
