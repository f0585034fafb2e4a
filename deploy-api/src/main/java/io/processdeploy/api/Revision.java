package io.processdeploy.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One revision of an application: what a deploy, an update or an explicit rollback put (or tried
 * to put) into the cluster. Revisions are numbered from 1 in the order they were asked for and
 * kept with the application ({@link Application#revisions()}), so they survive a restart of the
 * service with the rest of its record.
 *
 * @param number 1 for the first deploy, then one more for each update or rollback
 * @param releaseVersion the version of the released project
 * @param image the runtime bundle's image, pinned by digest ({@code host/repo@sha256:...});
 *     {@code null} until it is pushed
 * @param descriptorDigest {@code sha256:<hex>} of the descriptor's content, so that two
 *     revisions with the same configuration can be recognized
 * @param descriptor the descriptor of the revision, needed to return to it; what the service
 *     returns has its secret values masked
 * @param by who asked for it
 * @param at when it was asked for
 * @param outcome where it stands
 * @param reason why it stands there, in words a person can act on; never contains a secret
 */
public record Revision(int number, String releaseVersion, String image, String descriptorDigest,
    DeploymentDescriptor descriptor, String by, Instant at, Outcome outcome, String reason) {

  /** Where a revision stands. */
  public enum Outcome {
    /** Being built, pushed or rolled out; the previous revision keeps serving meanwhile. */
    IN_PROGRESS,
    /** It did not become available in time; the previous revision is being put back. */
    ROLLING_BACK,
    /** The revision the application runs now. */
    DEPLOYED,
    /** It ran, and a later revision replaced it. */
    SUPERSEDED,
    /** It did not become available in time; the previous revision was put back by itself. */
    ROLLED_BACK,
    /**
     * A step failed before the cluster was changed (the previous revision kept running), or the
     * rollback after it failed too.
     */
    FAILED;

    /** Whether the revision is still being worked on (a crash leaves it to recovery). */
    public boolean isInFlight() {
      return this == IN_PROGRESS || this == ROLLING_BACK;
    }
  }

  /** Validates. */
  public Revision {
    if (number < 1) {
      throw new ValidationException("revision.number", "must be 1 or more, was " + number);
    }
    Objects.requireNonNull(releaseVersion, "releaseVersion was not specified");
    Objects.requireNonNull(descriptorDigest, "descriptorDigest was not specified");
    Objects.requireNonNull(descriptor, "descriptor was not specified");
    Objects.requireNonNull(by, "by was not specified");
    Objects.requireNonNull(at, "at was not specified");
    Objects.requireNonNull(outcome, "outcome was not specified");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /** The digest of {@link #image()} ({@code sha256:...}), or {@code null} before the push. */
  public String imageDigest() {
    if (image == null) {
      return null;
    }
    int at = image.indexOf('@');
    return at < 0 ? null : image.substring(at + 1);
  }

  /** A copy with another outcome and reason. */
  public Revision withOutcome(Outcome value, String why) {
    return new Revision(number, releaseVersion, image, descriptorDigest, descriptor, by, at, value,
        why);
  }

  /** A copy with the pushed image. */
  public Revision withImage(String value) {
    return new Revision(number, releaseVersion, value, descriptorDigest, descriptor, by, at,
        outcome, reason);
  }

  /** A copy with another descriptor (e.g. masked, or with changed permissions). */
  public Revision withDescriptor(DeploymentDescriptor value) {
    return new Revision(number, releaseVersion, image, descriptorDigest, value, by, at, outcome,
        reason);
  }
}
