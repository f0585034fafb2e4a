package io.processdeploy.core.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Revision;
import io.processdeploy.core.Catalog;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/** Making revisions: the first one of a deploy, their descriptor digests. */
public final class Revisions {
  private Revisions() {}

  /** Revision 1, {@link Revision.Outcome#DEPLOYED}: what the deploy of {@code app} created. */
  public static Revision first(Application app, Instant at) {
    return new Revision(1, app.descriptor().release().version(),
        app.images().get(Catalog.RUNTIME_BUNDLE), digest(app.descriptor()), app.descriptor(),
        app.createdBy(), at, Revision.Outcome.DEPLOYED, "deployed");
  }

  /**
   * The revision the application runs: the recorded one, or, for an application stored before
   * revisions were kept, revision 1 made from what it runs.
   */
  public static Application withCurrent(Application app, Instant at) {
    return app.currentRevision().isPresent() ? app
        : app.withRevision(first(app, at).withOutcome(Revision.Outcome.DEPLOYED,
            "recorded at the first update"));
  }

  /**
   * {@code sha256:<hex>} of the descriptor's content: everything but when and by whom it was
   * made, so that equal configurations have equal digests.
   */
  public static String digest(DeploymentDescriptor d) {
    DeploymentDescriptor content = new DeploymentDescriptor(d.name(), d.release(), d.security(),
        d.connectors(), d.infrastructure(), Instant.EPOCH, "-");
    try {
      byte[] json = Json.store().writeValueAsBytes(content);
      return "sha256:" + HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(json));
    } catch (JsonProcessingException | NoSuchAlgorithmException e) {
      throw new IllegalStateException("cannot digest descriptor " + d.name(), e);
    }
  }

  /**
   * Whether the runtime bundle image of {@code previous} is the one {@code next} would build:
   * same release and same base image, so nothing needs to be built or pushed.
   */
  public static boolean sameImage(Revision previous, DeploymentDescriptor next) {
    DeploymentDescriptor before = previous.descriptor();
    return previous.image() != null && before.release().equals(next.release())
        && Objects.equals(base(before), base(next));
  }

  private static String base(DeploymentDescriptor d) {
    ImageReference ref = d.infrastructure().image(Catalog.RUNTIME_BUNDLE);
    return ref == null ? null : ref.toString();
  }

  /** Reads as "revision 3 (release 1.2)". */
  public static String describe(Revision r) {
    return "revision " + r.number() + " (release " + r.releaseVersion() + ")";
  }
}
