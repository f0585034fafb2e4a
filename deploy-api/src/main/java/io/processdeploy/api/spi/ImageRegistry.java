package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import java.util.Optional;

/**
 * Where images go (the ImagePush step): pushes built images and looks up digests.
 * Implementations: an OCI distribution registry over HTTPS (HTTP only when allowed) and a
 * registry kept as files in a directory, for embedded use.
 */
public interface ImageRegistry extends Discoverable {
  /**
   * The registry's host[:port] as written in image references, e.g. {@code 127.0.0.1:5000};
   * images of applications are named {@code <host>/<repositoryPrefix><application>:<version>}.
   */
  String host();

  /** Prefix of application repositories, e.g. {@code apps/}; empty by default. */
  default String repositoryPrefix() {
    return "";
  }

  /** Credentials this registry is accessed with, when it needs any. */
  default Optional<RegistryCredentials> credentials() {
    return Optional.empty();
  }

  /** Whether plain HTTP is allowed for this registry. */
  default boolean allowInsecure() {
    return false;
  }

  /**
   * Pushes a built image's archive. Transient failures are retried with bounded backoff;
   * 401/403/404 are not. On failure no tag is left behind.
   *
   * @throws io.processdeploy.api.StepFailedException with a reason a person can act on, e.g.
   *     "registry 127.0.0.1:5001 rejected the credentials of user ci"
   */
  PushedImage push(BuiltImage image, ProgressSink progress);

  /**
   * The manifest digest the registry holds for a reference (by tag or digest), or empty when it
   * holds no such image.
   */
  Optional<String> digestOf(ImageReference reference);
}
