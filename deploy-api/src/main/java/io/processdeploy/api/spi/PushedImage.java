package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import java.util.Objects;

/**
 * The result of the ImagePush step.
 *
 * @param reference the pushed image, pinned by digest
 * @param bytesUploaded bytes of blobs actually sent (0 when the registry had them all)
 * @param blobsUploaded blobs sent
 * @param blobsSkipped blobs the registry already had
 */
public record PushedImage(ImageReference reference, long bytesUploaded, int blobsUploaded,
    int blobsSkipped) {
  /** Validates. */
  public PushedImage {
    Objects.requireNonNull(reference, "reference was not specified");
    Objects.requireNonNull(reference.digest(), "reference must carry a digest");
  }
}
