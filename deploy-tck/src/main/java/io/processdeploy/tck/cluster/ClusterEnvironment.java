package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The cluster the {@link ClusterTargetContract} runs against: the {@link EmbeddedCluster} by
 * default, or a real cluster when the system property {@value #CLUSTER_PROPERTY} is
 * {@code kubeconfig} (the {@code -Pcluster} build profile sets it), reached through the
 * {@code KUBECONFIG} environment variable.
 *
 * <p>On a real cluster the working services run {@value #DEFAULT_REAL_IMAGE} (override with the
 * system property {@value #IMAGE_PROPERTY}, port with {@value #PORT_PROPERTY}); it must be
 * pullable by the cluster and listen on that port as a non-root user.
 */
public interface ClusterEnvironment extends AutoCloseable {
  /** {@code embedded} (default) or {@code kubeconfig}. */
  String CLUSTER_PROPERTY = "processdeploy.cluster";
  /** The image working services run on a real cluster. */
  String IMAGE_PROPERTY = "processdeploy.cluster.image";
  /** The port that image listens on. */
  String PORT_PROPERTY = "processdeploy.cluster.port";
  /** The default image on a real cluster: small, unprivileged, listening on 8080. */
  String DEFAULT_REAL_IMAGE = "docker.io/nginxinc/nginx-unprivileged:1.27-alpine";
  /** An image no registry has. */
  String MISSING_IMAGE = "docker.io/processdeploy/does-not-exist:0.0.0";

  /** A client of the cluster, closed with the environment. */
  KubernetesClient client();

  /** The embedded cluster, for fault injection; empty on a real cluster. */
  Optional<EmbeddedCluster> embedded();

  /** An image that runs and listens on {@link #port()}. */
  String image();

  /** The port {@link #image()} listens on. */
  int port();

  /** How long a test waits for a state. */
  Duration patience();

  @Override
  void close();

  /** The environment the system properties ask for; see the type description. */
  static ClusterEnvironment fromSystemProperties() {
    String kind = System.getProperty(CLUSTER_PROPERTY, "embedded").trim();
    return switch (kind) {
      case "embedded", "" -> startEmbedded();
      case "kubeconfig" -> kubeconfig();
      default -> throw new IllegalStateException("system property " + CLUSTER_PROPERTY + "='"
          + kind + "' is not known; use 'embedded' or 'kubeconfig'");
    };
  }

  /** A new embedded cluster where every image exists but {@link #MISSING_IMAGE}. */
  static ClusterEnvironment startEmbedded() {
    EmbeddedCluster cluster = EmbeddedCluster.start(image -> !image.equals(MISSING_IMAGE));
    return new ClusterEnvironment() {
      @Override
      public KubernetesClient client() {
        return cluster.client();
      }

      @Override
      public Optional<EmbeddedCluster> embedded() {
        return Optional.of(cluster);
      }

      @Override
      public String image() {
        return "127.0.0.1:5000/processdeploy/sample-service:1.0";
      }

      @Override
      public int port() {
        return 8080;
      }

      @Override
      public Duration patience() {
        return Duration.ofSeconds(30);
      }

      @Override
      public void close() {
        cluster.close();
      }
    };
  }

  /**
   * The real cluster {@code KUBECONFIG} points at.
   *
   * @throws IllegalStateException saying what to set when {@code KUBECONFIG} is not set
   */
  static ClusterEnvironment kubeconfig() {
    String kubeconfig = System.getenv("KUBECONFIG");
    if (kubeconfig == null || kubeconfig.isBlank()) {
      throw new IllegalStateException("-Pcluster runs the Kubernetes integration tests against a"
          + " real cluster, but KUBECONFIG is not set: set KUBECONFIG to the kubeconfig file of"
          + " a test cluster (e.g. KUBECONFIG=$HOME/.kube/config mvn -B verify -pl deploy-k8s"
          + " -Pcluster), or run without -Pcluster to use the embedded cluster");
    }
    String first = kubeconfig.split(java.io.File.pathSeparator)[0];
    if (!Files.isRegularFile(Path.of(first))) {
      throw new IllegalStateException("KUBECONFIG points at " + first + ", which is not a file;"
          + " set it to the kubeconfig file of a test cluster");
    }
    KubernetesClient client = new KubernetesClientBuilder().build();
    String image = System.getProperty(IMAGE_PROPERTY, DEFAULT_REAL_IMAGE);
    int port = Integer.getInteger(PORT_PROPERTY, 8080);
    return new ClusterEnvironment() {
      @Override
      public KubernetesClient client() {
        return client;
      }

      @Override
      public Optional<EmbeddedCluster> embedded() {
        return Optional.empty();
      }

      @Override
      public String image() {
        return image;
      }

      @Override
      public int port() {
        return port;
      }

      @Override
      public Duration patience() {
        return Duration.ofMinutes(5);
      }

      @Override
      public void close() {
        client.close();
      }
    };
  }
}
