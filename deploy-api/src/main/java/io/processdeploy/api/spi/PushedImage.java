package io.processdeploy.api.spi;

import io.processdeploy.api.ImageReference;
import java.util.Objects;

/**
 * The result of the ImagePush step.
 *
 * @param reference the pushed image, pinned by digest
 * @param bytesUploaded bytes of blobs actually sent (0 when the registry had them all)
 * @param blobsUploaded blobs sent
 * @param blobsSkipped blobs not sent: the registry already had them, or mounted them from
 *     another of its repositories
 * @param bytesSkipped bytes of the blobs not sent, as far as the pusher knows their sizes
 */
public record PushedImage(ImageReference reference, long bytesUploaded, int blobsUploaded,
    int blobsSkipped, long bytesSkipped) {
  /** Validates. */
  public PushedImage {
    Objects.requireNonNull(reference, "reference was not specified");
    Objects.requireNonNull(reference.digest(), "reference must carry a digest");
  }

  /** A push whose skipped bytes are not known ({@link #bytesSkipped()} 0). */
  public PushedImage(ImageReference reference, long bytesUploaded, int blobsUploaded,
      int blobsSkipped) {
    this(reference, bytesUploaded, blobsUploaded, blobsSkipped, 0);
  }

  /**
   * The line pushers log: {@code Pushed <reference>: N blobs uploaded (B bytes), M already in
   * the registry (S bytes)}.
   */
  public String summary() {
    return "Pushed " + reference + ": " + blobsUploaded + " blobs uploaded (" + bytesUploaded
        + " bytes), " + blobsSkipped + " already in the registry (" + bytesSkipped + " bytes)";
  }
}
