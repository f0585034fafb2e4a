package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The result of the ImageBuild step: an image ready to push — written locally, or, for a builder
 * that builds straight into the target registry, checked and staged so that its push only
 * sends what the registry lacks.
 *
 * @param target where it is to be pushed
 * @param digest what identifies the built image ({@code sha256:…}): the manifest digest it will
 *     have in a registry when the builder writes an archive; for a builder that pushes its own
 *     images ({@link ImagePusher}) an identifier of its own — the engine's image id, or for a
 *     build made straight into the target registry the digest of the build's inputs (base image
 *     manifest, release files, labels) — whose manifest digest is then known only from
 *     {@link PushedImage#reference()}
 * @param archive the image as a Docker-format tar that an {@link ImageRegistry} can push, or
 *     {@code null} when the builder pushes its own images (see {@link ImagePusher})
 * @param sizeBytes the total size of its layers
 */
public record BuiltImage(ImageReference target, String digest, Path archive, long sizeBytes) {
  /** Validates. */
  public BuiltImage {
    Objects.requireNonNull(target, "target was not specified");
    Objects.requireNonNull(digest, "digest was not specified");
  }
}
