package io.processdeploy.tck.cluster;

/**
 * Decides whether an image "exists" for the {@link EmbeddedCluster}: a Deployment whose image
 * exists becomes available, any other one gets a pod in {@code ImagePullBackOff}. A test plugs in
 * the registry it pushes to, e.g. {@code image -> registry.digestOf(image).isPresent()}.
 *
 * <p>Called from the cluster's controller thread; implementations must be thread-safe and quick.
 */
@FunctionalInterface
public interface ImageAvailability {
  /** Every image exists. The default of {@link EmbeddedCluster#start()}. */
  ImageAvailability ALL = image -> true;

  /**
   * Whether the image can be pulled.
   *
   * @param image the image reference exactly as the container names it, e.g.
   *     {@code 127.0.0.1:5000/invoices@sha256:...}
   */
  boolean exists(String image);
}
