package io.processdeploy.k8s;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.time.Duration;

/** The one way the cluster tests make the target under test: quick retries, given deadline. */
public final class TestTargets {
  private TestTargets() {}

  public static KubernetesClusterTarget create(KubernetesClient client, URI baseUrl,
      Duration startupDeadline) {
    return KubernetesClusterTarget.builder().withClient(client).withBaseUrl(baseUrl)
        .withStartupDeadline(startupDeadline)
        .withRetry(6, Duration.ofMillis(20), Duration.ofMillis(200)).build();
  }
}
