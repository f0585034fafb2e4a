package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The {@link ClusterEnvironment}s on real clusters, and the one shape they all take. */
final class Environments {
  /** The environment variable naming the local cluster's kubeconfig file. */
  static final String KUBECONFIG_VARIABLE = "PROCESSDEPLOY_KUBECONFIG";
  /** The environment variable naming the loopback registry, e.g. {@code 127.0.0.1:5000}. */
  static final String REGISTRY_VARIABLE = "PROCESSDEPLOY_REGISTRY";
  private static final String HOW_TO_START = "start the test servers and the local cluster and"
      + " export their settings (scripts/test-servers.sh start && scripts/local-cluster.sh start"
      + " && eval \"$(scripts/test-servers.sh env)\" && eval \"$(scripts/local-cluster.sh env)\"),"
      + " or run every test with scripts/run-tests.sh, which does all of that";

  private Environments() {}

  static ClusterEnvironment local() {
    String kubeconfig = required(KUBECONFIG_VARIABLE, "the kubeconfig of the local cluster");
    if (!Files.isRegularFile(Path.of(kubeconfig))) {
      throw new IllegalStateException(KUBECONFIG_VARIABLE + " names " + kubeconfig
          + ", which is not a file: the local cluster is not running; " + HOW_TO_START);
    }
    String registry = required(REGISTRY_VARIABLE, "the loopback registry the cluster pulls from");
    KubernetesClient client = new KubernetesClientBuilder()
        .withConfig(Config.fromKubeconfig(new File(kubeconfig))).build();
    try {
      client.namespaces().withName("default").get();
    } catch (RuntimeException e) {
      client.close();
      throw new IllegalStateException("the local cluster of " + kubeconfig + " does not answer ("
          + e.getMessage() + "); " + HOW_TO_START, e);
    }
    NamespaceSweeper sweeper = new NamespaceSweeper(client, ns -> true);
    String image = RunnableImages.push(registry, Kind.SERVICE);
    String crashing = RunnableImages.push(registry, Kind.CRASHING);
    String slow = RunnableImages.push(registry, Kind.SLOW);
    return new Fixed(client, Optional.empty(), image, 8080, RunnableImages.absent(registry),
        crashing, slow, Duration.ofMinutes(3), () -> sweeper.sweep(Duration.ofMinutes(3)), () -> {
          try {
            sweeper.sweep(Duration.ofMinutes(3));
          } finally {
            client.close();
          }
        });
  }

  static ClusterEnvironment kubeconfig() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw new IllegalStateException("-Pcluster runs the Kubernetes integration tests against a"
          + " real cluster, but KUBECONFIG is not set: set KUBECONFIG to the kubeconfig file of"
          + " a test cluster (e.g. KUBECONFIG=$HOME/.kube/config mvn -B verify -pl deploy-k8s"
          + " -Pcluster), or run without -Pcluster to use the embedded and the local cluster");
    }
    String first = kubeconfig.split(File.pathSeparator)[0];
    if (!Files.isRegularFile(Path.of(first))) {
      throw new IllegalStateException("KUBECONFIG points at " + first + ", which is not a file;"
          + " set it to the kubeconfig file of a test cluster");
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    NamespaceSweeper sweeper = new NamespaceSweeper(client, NamespaceSweeper::isOwned);
    String image = System.getProperty(ClusterEnvironment.IMAGE_PROPERTY,
        ClusterEnvironment.DEFAULT_REAL_IMAGE);
    int port = Integer.getInteger(ClusterEnvironment.PORT_PROPERTY, 8080);
    String registry = required(REGISTRY_VARIABLE, "a registry the cluster pulls the crashing and"
        + " slow test images from");
    String crashing = RunnableImages.push(registry, Kind.CRASHING);
    String slow = RunnableImages.push(registry, Kind.SLOW);
    return new Fixed(client, Optional.empty(), image, port, ClusterEnvironment.MISSING_IMAGE,
        crashing, slow, Duration.ofMinutes(5), () -> sweeper.sweep(Duration.ofMinutes(5)), () -> {
          try {
            sweeper.sweep(Duration.ofMinutes(5));
          } finally {
            client.close();
          }
        });
  }

  private static String required(String variable, String what) {
    String value = System.getenv(variable);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException("the real-cluster tests need " + what + ", but "
          + variable + " is not set: " + HOW_TO_START);
    }
    return value.trim();
  }

  /** A {@link ClusterEnvironment} of fixed values. */
  record Fixed(KubernetesClient client, Optional<EmbeddedCluster> embedded, String image,
      int port, String missingImage, String crashingImage, String slowImage, Duration patience,
      Runnable sweeper, Runnable closer) implements ClusterEnvironment {
    @Override
    public void removeCreatedNamespaces() {
      sweeper.run();
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /**
   * Removes, when asked, every namespace that did not exist when it was made and that
   * {@code sweepable} accepts: what the tests created on a real cluster, whatever finalizers they
   * left on it. On the local cluster, which only tests use, that is every new namespace; on a
   * shared cluster only those carrying this library's ownership label.
   */
  static final class NamespaceSweeper {
    private final KubernetesClient client;
    private final java.util.function.Predicate<Namespace> sweepable;
    private final Set<String> before;

    NamespaceSweeper(KubernetesClient client, java.util.function.Predicate<Namespace> sweepable) {
      this.client = client;
      this.sweepable = sweepable;
      this.before = names();
    }

    static boolean isOwned(Namespace ns) {
      return ns.getMetadata().getLabels() != null && io.processdeploy.api.ResourceNames.MANAGED_BY
          .equals(ns.getMetadata().getLabels().get("app.kubernetes.io/managed-by"));
    }

    void sweep(Duration timeout) {
      List<String> created = new ArrayList<>(client.namespaces().list().getItems().stream()
          .filter(sweepable).map(n -> n.getMetadata().getName()).toList());
      created.removeAll(before);
      for (String name : created) {
        stopPods(name);
        Namespace ns = client.namespaces().withName(name).get();
        if (ns != null && !ns.getMetadata().getFinalizers().isEmpty()) {
          client.namespaces().withName(name).edit(n -> {
            n.getMetadata().setFinalizers(List.of());
            return n;
          });
        }
        client.namespaces().withName(name).delete();
      }
      long deadline = System.nanoTime() + timeout.toNanos();
      List<String> left = created;
      while (!left.isEmpty()) {
        Set<String> now = names();
        left = left.stream().filter(now::contains).toList();
        if (left.isEmpty()) {
          return;
        }
        if (System.nanoTime() - deadline >= 0) {
          throw new IllegalStateException("namespaces the tests created are still there after "
              + timeout + ": " + left);
        }
        try {
          Thread.sleep(500);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while removing " + left, e);
        }
      }
    }

    /**
     * Deletes the namespace's workloads, then its pods at once (no grace period): the namespace
     * controller waits the longest grace period of the pods it finds before it looks again (30 s
     * by default), where a namespace without pods goes in seconds. Tests only: an application's
     * own removal lets its pods stop gracefully.
     */
    private void stopPods(String namespace) {
      client.apps().deployments().inNamespace(namespace).delete();
      client.apps().replicaSets().inNamespace(namespace).delete();
      client.pods().inNamespace(namespace).withGracePeriod(0).delete();
    }

    private Set<String> names() {
      return client.namespaces().list().getItems().stream()
          .map(n -> n.getMetadata().getName()).collect(Collectors.toSet());
    }
  }
}
