package io.processdeploy.registry.internal;

/** Media types of the Docker image manifest v2 schema 2 and of the OCI image spec. */
public final class MediaTypes {
  /** Docker v2.2 manifest. */
  public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
  /** Docker manifest list. */
  public static final String DOCKER_MANIFEST_LIST =
      "application/vnd.docker.distribution.manifest.list.v2+json";
  /** Docker image configuration. */
  public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
  /** Gzip-compressed layer. */
  public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
  /** Uncompressed layer. */
  public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
  /** OCI manifest. */
  public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
  /** OCI index. */
  public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

  /** Every manifest type this library reads, for {@code Accept} headers. */
  public static final String MANIFEST_ACCEPT = String.join(", ", DOCKER_MANIFEST, OCI_MANIFEST,
      DOCKER_MANIFEST_LIST, OCI_INDEX);

  private MediaTypes() {}
}
