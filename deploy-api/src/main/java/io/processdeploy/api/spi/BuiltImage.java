package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The result of the ImageBuild step: an image that exists locally and is ready to push.
 *
 * @param target where it is to be pushed
 * @param digest what identifies the built image ({@code sha256:…}): the manifest digest it will
 *     have in a registry when the builder writes an archive; the engine's image id for a builder
 *     that pushes its own images ({@link ImagePusher}), whose manifest digest is then known only
 *     from {@link PushedImage#reference()}
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
