package io.processdeploy.registry.internal;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts what a push made by Jib straight into a registry sent and what it did not.
 *
 * <p>Jib's progress events cannot tell: a blob's progress allocation is completed when its step
 * ends, whether its bytes were sent, found in the registry or mounted. What is reliable is which
 * blobs were <em>not</em> sent: the blobs this library found in (or mounted into) the target
 * repository before Jib ran, and those Jib reports with its "already exists on target registry"
 * log event, dispatched for every blob its existence check finds (before pulling a base layer and
 * before pushing any blob). Every other blob of the pushed manifest was uploaded. A blob Jib
 * mounted itself is counted as uploaded: the count errs towards bytes sent, never towards bytes
 * saved.
 */
public final class PushTally {
  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final Set<String> present = ConcurrentHashMap.newKeySet();

  /** Notes a blob the target repository holds without this push sending it. */
  public void present(String digest) {
    present.add(digest);
  }

  /** Reads one of Jib's log messages, noting the blob it reports as already in the registry. */
  public void onJibLog(String message) {
    if (message == null || !message.toLowerCase(Locale.ROOT).contains("already exists")) {
      return;
    }
    Matcher m = DIGEST.matcher(message);
    if (m.find()) {
      present.add(m.group());
    }
  }

  /**
   * What was sent and what not, given the blobs of the pushed image.
   *
   * @param blobs every blob of the pushed manifest
   */
  public Counts counts(List<Manifests.Descriptor> blobs) {
    long sent = 0;
    long skippedBytes = 0;
    int uploaded = 0;
    int skipped = 0;
    for (Manifests.Descriptor blob : blobs) {
      if (present.contains(blob.digest())) {
        skipped++;
        skippedBytes += blob.size();
      } else {
        uploaded++;
        sent += blob.size();
      }
    }
    return new Counts(sent, uploaded, skipped, skippedBytes);
  }

  /**
   * Blobs and bytes of a push.
   *
   * @param bytesUploaded bytes of the blobs sent
   * @param blobsUploaded blobs sent
   * @param blobsSkipped blobs not sent
   * @param bytesSkipped bytes of the blobs not sent
   */
  public record Counts(long bytesUploaded, int blobsUploaded, int blobsSkipped,
      long bytesSkipped) {}
}
