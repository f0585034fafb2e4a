package io.processdeploy.registry.internal;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.RegistryCredentials;
import io.processdeploy.registry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;

/**
 * A base image in a registry, read without downloading any layer: its manifest (for a
 * multi-platform image the linux/amd64 one, the platform Jib builds for by default) and its
 * configuration. Jib offers no public way to read an image's configuration short of building
 * on it, so builders use this reader to check a base image before building anything.
 *
 * @param reference the base image
 * @param repository its repository in the registry
 * @param manifestDigest the digest of its (platform) manifest
 * @param image its blobs
 * @param config its configuration JSON
 */
public record RegistryBaseImage(ImageReference reference, String repository,
    String manifestDigest, Manifests.Image image, byte[] config) {
  private static final String OS = "linux";
  private static final String ARCHITECTURE = "amd64";

  /**
   * Reads a base image.
   *
   * @param base the base image as requested, for messages
   * @param insecure whether its registry may be reached over plain HTTP
   * @param credentials the credentials for its registry, if any
   * @param credentialsHint how to configure base image credentials, for messages
   * @throws StepFailedException when the image is missing or its registry cannot be read
   */
  public static RegistryBaseImage read(String base, boolean insecure,
      Optional<RegistryCredentials> credentials, String credentialsHint) {
    ImageReference reference = BaseImages.reference(base);
    String host = reference.registry().equals("docker.io") ? "registry-1.docker.io"
        : reference.registry();
    RegistryClient client = new RegistryClient(host, insecure, () -> credentials,
        RetryPolicy.defaults(), Duration.ofSeconds(30));
    Distribution distribution = new Distribution(client, Long.MAX_VALUE);
    String repository = reference.repository();
    try {
      String ref = reference.digest() != null ? reference.digest() : reference.tagOrLatest();
      Distribution.Manifest manifest = distribution.manifest(repository, ref)
          .orElseThrow(() -> BaseImageFailures.of(base, "manifest unknown", credentialsHint,
              null));
      if (Manifests.isIndex(manifest.mediaType(), manifest.body())) {
        String digest = Manifests.platform(manifest.body(), OS, ARCHITECTURE).orElseThrow(() ->
            new StepFailedException("base image " + base + " has no " + OS + "/" + ARCHITECTURE
                + " image; give a base image built for that platform", false, null));
        manifest = distribution.manifest(repository, digest).orElseThrow(() ->
            BaseImageFailures.of(base, "manifest unknown: " + digest, credentialsHint, null));
      }
      Manifests.Image image = Manifests.image(manifest.body());
      byte[] config = distribution.blob(repository, image.config().digest());
      return new RegistryBaseImage(reference, repository, manifest.digest(), image, config);
    } catch (StepFailedException e) {
      if (e.getMessage().startsWith("base image") || e.getMessage().contains("of base image")) {
        throw e;
      }
      throw BaseImageFailures.of(base, e.getMessage(), credentialsHint, e);
    }
  }

  /** Total bytes of its layers as stored in the registry. */
  public long layerBytes() {
    return image.layers().stream().mapToLong(Manifests.Descriptor::size).sum();
  }
}
