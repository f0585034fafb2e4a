package io.processdeploy.tck.image;

import io.processdeploy.api.ImageReference;
import java.util.Optional;

/**
 * Reads a pushed image back, independently of the registry implementation under test, so that a
 * contract test checks what really landed.
 */
@FunctionalInterface
public interface ImageInspector {
  /** The image a tag or digest points at, or empty when there is none. */
  Optional<InspectedImage> inspect(ImageReference reference);
}
