package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import java.time.Duration;
import java.util.Optional;

/**
 * The cluster a cluster test runs against, with the images it deploys:
 * <ul>
 *   <li>{@link #startEmbedded()}: the {@link EmbeddedCluster}, where images are names whose
 *       behaviour the embedded controllers mimic (the crashing image crashes, the slow one starts
 *       late, the absent one cannot be pulled);</li>
 *   <li>{@link #local()}: the real single-node cluster {@code scripts/local-cluster.sh} runs, with
 *       real busybox images ({@link RunnableImages}) pushed to the loopback registry that
 *       {@code scripts/test-servers.sh} runs;</li>
 *   <li>{@link #kubeconfig()}: any real cluster {@code KUBECONFIG} points at (the {@code -Pcluster}
 *       build profile), with images given by system properties.</li>
 * </ul>
 * {@link #fromSystemProperties()} chooses by the system property {@value #CLUSTER_PROPERTY}.
 */
public interface ClusterEnvironment extends AutoCloseable {
  /** {@code embedded} (default), {@code local} or {@code kubeconfig}. */
  String CLUSTER_PROPERTY = "processdeploy.cluster";
  /** With {@code kubeconfig}: the image working services run. */
  String IMAGE_PROPERTY = "processdeploy.cluster.image";
  /** With {@code kubeconfig}: the port that image listens on. */
  String PORT_PROPERTY = "processdeploy.cluster.port";
  /** With {@code kubeconfig}: the default image, small, unprivileged, listening on 8080. */
  String DEFAULT_REAL_IMAGE = "docker.io/nginxinc/nginx-unprivileged:1.27-alpine";
  /** With {@code kubeconfig}: an image no registry has. */
  String MISSING_IMAGE = "docker.io/processdeploy/does-not-exist:0.0.0";
  /** The registry the embedded cluster's image names point at. */
  String EMBEDDED_REGISTRY = "127.0.0.1:5000";

  /** A client of the cluster, closed with the environment. */
  KubernetesClient client();

  /** The embedded cluster, for fault injection; empty on a real cluster. */
  Optional<EmbeddedCluster> embedded();

  /** An image that runs and listens on {@link #port()}. */
  String image();

  /** The port {@link #image()} listens on. */
  int port();

  /** An image that cannot be pulled: its pods end in {@code ImagePullBackOff}. */
  String missingImage();

  /** An image whose program exits at once: its pods end in {@code CrashLoopBackOff}. */
  String crashingImage();

  /**
   * An image that listens on {@link #port()} only seconds after it started (the real one
   * {@link RunnableImages#SLOW_SECONDS}, the embedded one 5), so that its pods stay unready
   * that long.
   */
  String slowImage();

  /** How long a test waits for a state. */
  Duration patience();

  /**
   * Removes every namespace created since the environment opened (or since the last call), and
   * waits until they are gone: on a real cluster, tests call it after each test so that what one
   * test deployed never holds the node's resources for the next. Does nothing on the embedded
   * cluster, which is thrown away whole.
   */
  void removeCreatedNamespaces();

  /** Whether this is a real cluster (real controllers, real kubelet). */
  default boolean isReal() {
    return embedded().isEmpty();
  }

  @Override
  void close();

  /** The environment the system properties ask for; see the type description. */
  static ClusterEnvironment fromSystemProperties() {
    String kind = System.getProperty(CLUSTER_PROPERTY, "embedded").trim();
    return switch (kind) {
      case "embedded", "" -> startEmbedded();
      case "local" -> local();
      case "kubeconfig" -> kubeconfig();
      default -> throw new IllegalStateException("system property " + CLUSTER_PROPERTY + "='"
          + kind + "' is not known; use 'embedded', 'local' or 'kubeconfig'");
    };
  }

  /** A new embedded cluster; see the type description. */
  static ClusterEnvironment startEmbedded() {
    String absent = RunnableImages.absent(EMBEDDED_REGISTRY);
    EmbeddedCluster cluster = EmbeddedCluster.start(
        image -> !image.equals(absent) && !image.equals(MISSING_IMAGE));
    String crashing = Kind.CRASHING.image(EMBEDDED_REGISTRY);
    String slow = Kind.SLOW.image(EMBEDDED_REGISTRY);
    cluster.imageCrashes(crashing);
    cluster.imageStartsSlowly(slow, Duration.ofSeconds(5));
    return new Environments.Fixed(cluster.client(), Optional.of(cluster),
        Kind.SERVICE.image(EMBEDDED_REGISTRY), 8080, absent, crashing, slow,
        Duration.ofSeconds(60), () -> { }, cluster::close);
  }

  /**
   * The real cluster of {@code scripts/local-cluster.sh}, reached through the kubeconfig file
   * named by the environment variable {@value Environments#KUBECONFIG_VARIABLE}; its images are
   * pushed to the registry named by {@value Environments#REGISTRY_VARIABLE}. Every namespace
   * created while the environment is open is removed when it closes.
   *
   * @throws IllegalStateException saying what to start when either is missing
   */
  static ClusterEnvironment local() {
    return Environments.local();
  }

  /**
   * The real cluster {@code KUBECONFIG} points at.
   *
   * @throws IllegalStateException saying what to set when {@code KUBECONFIG} is not set
   */
  static ClusterEnvironment kubeconfig() {
    return Environments.kubeconfig();
  }
}
