package io.processdeploy.registry.internal;

import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ProgressSink;
import java.util.Objects;

/** What every push checks before it sends anything: the target's registry and the archive. */
public final class PushTargets {
  private PushTargets() {}

  /** Fails unless {@code reference} names registry {@code host}. */
  public static void requireHost(ImageReference reference, String host) {
    if (!reference.registry().equals(host)) {
      throw new StepFailedException("image " + reference + " names registry "
          + reference.registry() + ", not " + host + "; name the target after the registry it"
          + " is pushed to");
    }
  }

  /**
   * The archive of an image about to be pushed to {@code host}, read once.
   *
   * @throws StepFailedException when the target names another registry, or the image has no
   *     archive or an unreadable one
   */
  public static ImageArchive archiveOf(BuiltImage image, ProgressSink progress, String host) {
    Objects.requireNonNull(image, "image was not specified");
    Objects.requireNonNull(progress, "progress was not specified");
    requireHost(image.target(), host);
    if (image.archive() == null) {
      throw new StepFailedException("image " + image.target() + " has no archive to push: it was"
          + " built by an engine that pushes its own images");
    }
    try {
      return ImageArchive.read(image.archive());
    } catch (ImageArchive.InvalidArchiveException e) {
      throw new StepFailedException(e.getMessage() + "; build the image again", false, e);
    }
  }
}
