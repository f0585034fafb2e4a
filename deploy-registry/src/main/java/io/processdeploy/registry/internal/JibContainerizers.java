package io.processdeploy.registry.internal;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.TarImage;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;

/**
 * Where this library meets Jib's {@link Containerizer}: every containerizer is made here, so each
 * image names this library and its version in its history ({@code processdeploy:0.1.0}), and
 * Jib's set-up failures become {@link StepFailedException}s here.
 */
public final class JibContainerizers {
  /** The tool name Jib writes into each image's history. */
  public static final String TOOL_NAME = "processdeploy";

  private JibContainerizers() {}

  /** A containerizer writing an image tar, naming this library. */
  public static Containerizer to(TarImage image) {
    return named(Containerizer.to(image));
  }

  /** A containerizer pushing to a registry, naming this library. */
  public static Containerizer to(RegistryImage image) {
    return named(Containerizer.to(image));
  }

  private static Containerizer named(Containerizer containerizer) {
    return containerizer.setToolName(TOOL_NAME).setToolVersion(LibraryVersion.current());
  }

  /**
   * The failure to report when Jib refuses to start containerizing {@code target}: a name it does
   * not accept ({@link InvalidImageReferenceException}) or a layer cache it cannot create
   * ({@link CacheDirectoryCreationException}).
   */
  public static StepFailedException setupFailure(ImageReference target, Exception e) {
    if (e instanceof InvalidImageReferenceException) {
      return new StepFailedException("image name " + target + " is not accepted by Jib: "
          + e.getMessage(), false, e);
    }
    if (e instanceof CacheDirectoryCreationException) {
      return new StepFailedException("Jib's layer cache could not be created: " + e.getMessage()
          + "; check the base image cache directory", false, e);
    }
    throw new IllegalArgumentException("not a Jib set-up failure: " + e, e);
  }
}
