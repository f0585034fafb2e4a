package io.processdeploy.registry;

import com.google.cloud.tools.jib.api.CacheDirectoryCreationException;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.InvalidImageReferenceException;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.JibContainerBuilder;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.event.events.ProgressEvent;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.registry.internal.Distribution;
import io.processdeploy.registry.internal.JibContainerizers;
import io.processdeploy.registry.internal.Manifests;
import io.processdeploy.registry.internal.PushTally;
import io.processdeploy.registry.internal.RegistryBaseImage;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds a {@link StagedBuild} with Jib straight from its base image's registry into an
 * {@link OciRegistry}, so that base layers travel only when the target lacks them.
 *
 * <p>Jib checks each base layer in the target repository and pulls only the missing ones (it
 * needs base layers locally only for a tar or a Docker daemon), and checks each blob before
 * pushing it. Jib tries a cross-repository mount only for a layer it has already pulled, so base
 * layers in another repository of the target registry are mounted here first, with the
 * distribution client: then Jib finds them in place and neither pulls nor pushes them.
 */
final class JibRegistryPush {
  private final OciRegistry registry;
  private final Path baseImageCache;
  private final ProgressSink progress;

  /**
   * @param registry the target registry
   * @param baseImageCache where Jib caches base layers it pulls, or null for Jib's user cache
   * @param progress where progress goes
   */
  JibRegistryPush(OciRegistry registry, Path baseImageCache, ProgressSink progress) {
    this.registry = registry;
    this.baseImageCache = baseImageCache;
    this.progress = progress;
  }

  /**
   * Builds and pushes; the manifest is put last, so a failed push leaves no tag. A transient
   * failure runs the whole push again, per the registry's {@link RetryPolicy}: blobs already
   * sent are then found in the registry and not sent again.
   *
   * @param build what to build
   * @param jib makes Jib's builder on the build's (pinned) base image, fresh for each attempt
   * @param insecure whether plain HTTP is allowed (for the base's or the target's registry)
   */
  PushedImage push(StagedBuild build, Supplier<JibContainerBuilder> jib, boolean insecure) {
    RetryPolicy retry = registry.retryPolicy();
    for (int attempt = 1; ; attempt++) {
      try {
        return attempt(build, jib.get(), insecure);
      } catch (StepFailedException e) {
        if (!e.isRetryable() || attempt >= retry.maxAttempts()) {
          throw e;
        }
        progress.log("Push of " + build.target() + " failed (" + e.getMessage() + "); trying"
            + " again, attempt " + (attempt + 1) + " of " + retry.maxAttempts());
        pause(retry.backoffAfter(attempt));
      }
    }
  }

  private static void pause(Duration backoff) {
    try {
      Thread.sleep(backoff.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted while waiting to push again", true, e);
    }
  }

  private PushedImage attempt(StagedBuild build, JibContainerBuilder jib, boolean insecure) {
    ImageReference target = build.target();
    Distribution distribution = registry.distribution();
    PushTally tally = new PushTally();
    prepareBaseLayers(build.base(), target.repository(), distribution, tally);
    JibContainer container;
    try {
      JibImageBuilder.releaseLayer(jib, build.request(), build.files());
      container = jib.containerize(containerizer(build, target, insecure, tally));
    } catch (InvalidImageReferenceException | CacheDirectoryCreationException e) {
      throw JibContainerizers.setupFailure(target, e);
    } catch (IOException e) {
      throw new StepFailedException("the release layer of " + target + " could not be written"
          + " to the work directory: " + e + "; check that it is writable and has space", false,
          e);
    } catch (RegistryException | ExecutionException e) {
      throw failure(build, target, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("push of " + target + " was interrupted", true, e);
    }
    String digest = container.getDigest().toString();
    Manifests.Image pushed = Manifests.image(distribution.manifest(target.repository(), digest)
        .orElseThrow(() -> new StepFailedException("registry " + registry.host() + " does not"
            + " hold the manifest " + digest + " Jib pushed for " + target, true, null))
        .body());
    PushTally.Counts counts = tally.counts(pushed.blobs());
    long total = counts.bytesUploaded() + counts.bytesSkipped();
    progress.progress(total, total, "bytes");
    progress.progress(pushed.blobs().size(), pushed.blobs().size(), "blobs");
    PushedImage result = new PushedImage(target.withDigest(digest), counts.bytesUploaded(),
        counts.blobsUploaded(), counts.blobsSkipped(), counts.bytesSkipped());
    progress.log(result.summary());
    return result;
  }

  /**
   * Notes the base layers the target repository holds, and mounts the others from the base's
   * repository when the base lives in the target registry.
   */
  private void prepareBaseLayers(RegistryBaseImage base, String repository,
      Distribution distribution, PushTally tally) {
    boolean sameRegistry = base.reference().registry().equals(registry.host())
        && !base.repository().equals(repository);
    int present = 0;
    int mounted = 0;
    for (Manifests.Descriptor layer : base.image().layers()) {
      if (distribution.blobExists(repository, layer.digest())) {
        tally.present(layer.digest());
        present++;
      } else if (sameRegistry && distribution.mountBlob(repository, layer.digest(),
          base.repository())) {
        tally.present(layer.digest());
        mounted++;
      }
    }
    int layers = base.image().layers().size();
    progress.log("Pushing straight from " + base.reference() + " to " + registry.host() + "/"
        + repository + ": " + present + " of " + layers + " base layers already there"
        + (mounted > 0 ? ", " + mounted + " mounted from " + base.repository() : "")
        + (present + mounted < layers ? ", " + (layers - present - mounted) + " to copy" : ""));
  }

  private Containerizer containerizer(StagedBuild build, ImageReference target, boolean insecure,
      PushTally tally) throws InvalidImageReferenceException {
    RegistryImage image = RegistryImage.named(target.withDigest(null).toString());
    registry.credentials().ifPresent(c -> image.addCredential(c.username(), c.password()));
    Containerizer containerizer = JibContainerizers.to(image)
        .setAllowInsecureRegistries(insecure)
        .setApplicationLayersCache(build.request().workDirectory().resolve("jib-cache"))
        .addEventHandler(LogEvent.class, event -> {
          tally.onJibLog(event.getMessage());
          JibImageBuilder.log(event, progress);
        })
        .addEventHandler(ProgressEvent.class, JibImageBuilder.percent(progress))
        .addEventHandler(ProgressEvent.class, blobBytes());
    if (baseImageCache != null) {
      containerizer.setBaseImageLayersCache(baseImageCache);
    }
    return containerizer;
  }

  /**
   * Reports the bytes of blobs Jib has handled (sent, or found in the registry), like
   * {@link OciRegistry#push}: Jib's allocation for each blob push counts its bytes.
   */
  private Consumer<ProgressEvent> blobBytes() {
    AtomicLong done = new AtomicLong();
    return event -> {
      if (event.getAllocation().getDescription().startsWith("pushing blob ")) {
        progress.progress(done.addAndGet(event.getUnits()), -1, "bytes");
      }
    };
  }

  private StepFailedException failure(StagedBuild build, ImageReference target, Exception e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof RegistryUnauthorizedException denied
          && denied.getImageReference().equals(registry.host() + "/" + target.repository())) {
        String who = registry.credentials().map(r -> "the credentials of user " + r.username())
            .orElse("anonymous access");
        return new StepFailedException("registry " + registry.host() + " rejected " + who
            + " for " + target.repository() + "; check the user name and password configured"
            + " for " + registry.host(), false, e);
      }
    }
    String base = build.request().baseImage();
    StepFailedException failure = JibImageBuilder.baseImageFailure(base, e);
    if (failure.getMessage().contains("base image " + base + " could not be used")) {
      // not recognisably a base image problem: say it happened during the push
      Throwable root = e;
      while (root.getCause() != null) {
        root = root.getCause();
      }
      return new StepFailedException("Jib could not push " + target + " to registry "
          + registry.host() + ": " + root, true, e);
    }
    return failure;
  }
}
