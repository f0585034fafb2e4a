package io.processdeploy.testkit.demo;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ResourceNames;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the demo reads from the cluster to check the service's claims, straight from the
 * Kubernetes API rather than through the library.
 */
final class ClusterView {
  private final KubernetesClient client;
  private final String namespace;

  ClusterView(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  boolean namespaceExists() {
    return client.namespaces().withName(namespace).get() != null;
  }

  /** The data of the security ConfigMap, empty when it is missing. */
  Map<String, String> securityData() {
    ConfigMap map = client.configMaps().inNamespace(namespace)
        .withName(ResourceNames.SECURITY_CONFIG_MAP).get();
    return map == null || map.getData() == null ? Map.of() : new TreeMap<>(map.getData());
  }

  /** The paths of the gateway Ingress, each with the service it routes to. */
  Map<String, String> routes() {
    Map<String, String> routes = new TreeMap<>();
    Ingress ingress = client.network().v1().ingresses().inNamespace(namespace)
        .withName(ResourceNames.GATEWAY_INGRESS).get();
    if (ingress != null && ingress.getSpec() != null && ingress.getSpec().getRules() != null) {
      for (IngressRule rule : ingress.getSpec().getRules()) {
        if (rule.getHttp() != null) {
          for (HTTPIngressPath p : rule.getHttp().getPaths()) {
            routes.put(trimTrailingSlash(p.getPath()), p.getBackend().getService().getName());
          }
        }
      }
    }
    return routes;
  }

  /** Each Deployment's security checksum annotation (empty when it has none). */
  Map<String, String> securityChecksums() {
    Map<String, String> out = new TreeMap<>();
    for (Deployment d : client.apps().deployments().inNamespace(namespace).list().getItems()) {
      Map<String, String> annotations = d.getSpec().getTemplate().getMetadata() == null ? null
          : d.getSpec().getTemplate().getMetadata().getAnnotations();
      out.put(d.getMetadata().getName(), annotations == null ? ""
          : annotations.getOrDefault(ResourceNames.SECURITY_CHECKSUM_ANNOTATION, ""));
    }
    return out;
  }

  /** Waits, at most {@code timeout}, until every one of {@code deployments} is available. */
  void awaitAvailable(Collection<String> deployments, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!deployments.stream().allMatch(this::available)) {
      StepFailure.check(System.nanoTime() < deadline, "the services " + deployments
          + " did not become available again within " + timeout.toSeconds() + " s");
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailure("interrupted while waiting for " + deployments);
      }
    }
  }

  private boolean available(String deployment) {
    Deployment d = client.apps().deployments().inNamespace(namespace).withName(deployment).get();
    return d != null && d.getStatus() != null && d.getStatus().getAvailableReplicas() != null
        && d.getStatus().getAvailableReplicas() >= 1;
  }

  static String trimTrailingSlash(String path) {
    return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
  }
}
