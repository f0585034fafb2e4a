package io.processdeploy.api;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The status of a deployed (or deploying) application.
 *
 * <p>The eleven constant names are the wire contract: they are spelled exactly so in JSON, events
 * and exports, which is why they are not written in upper case. Moves between statuses follow an
 * explicit table, {@link #canTransitionTo(ApplicationStatus)}; anything else is a bug and is
 * refused with an {@link IllegalTransitionException}.
 *
 * <pre>
 * CreateApp -&gt; ImageBuild -&gt; ImagePush -&gt; DeployStarted -&gt; Pending -&gt; Running &lt;-&gt; Unknown
 *     |             |             |               |               \-&gt; Unknown
 *     v             v             v               v
 * ImageBuildFailed  ImageBuildFailed  ImagePushFailed  DeployStartedFailed
 *
 * Running -&gt; UpdateApp -&gt; Running   (the new revision, or the previous one after a rollback)
 * Unknown -&gt; UpdateApp -&gt; Unknown   (the rollback failed too)
 * </pre>
 */
public enum ApplicationStatus {
  /** The request was accepted and the application entry is stored. */
  CreateApp,
  /** The application's images are being built. */
  ImageBuild,
  /** An image could not be built; nothing was pushed or created in the cluster. */
  ImageBuildFailed,
  /** The built images are being pushed to the registry. */
  ImagePush,
  /** An image could not be pushed; nothing was created in the cluster. */
  ImagePushFailed,
  /** The images are in the registry; the Kubernetes resources are being created. */
  DeployStarted,
  /** The Kubernetes resources could not be created. */
  DeployStartedFailed,
  /** The resources exist; waiting for every service to start. */
  Pending,
  /** Every service of the application is running. */
  Running,
  /** Some services could not reach a running state (image pull failure, crash loop, deadline). */
  Unknown,
  /**
   * A deployed application is moving to another revision (a newer release, a changed descriptor,
   * or an explicit rollback); the revision it left keeps serving until the new one is available,
   * and is put back by itself when the new one is not available in time.
   */
  UpdateApp;

  /** Whether the pipeline is still working on an application in this status. */
  public boolean isTransitional() {
    return this == CreateApp || this == ImageBuild || this == ImagePush || this == DeployStarted
        || this == Pending || this == UpdateApp;
  }

  /** Whether this status records a failed pipeline step; such a status is final. */
  public boolean isFailure() {
    return this == ImageBuildFailed || this == ImagePushFailed || this == DeployStartedFailed;
  }

  /**
   * Whether the application's resources were created and the pipeline finished: it can be
   * undeployed normally and its permissions managed.
   */
  public boolean isDeployed() {
    return this == Running || this == Unknown;
  }

  /** The failure status that a failure in this (transitional) status leads to. */
  public ApplicationStatus failure() {
    return switch (this) {
      case CreateApp, ImageBuild -> ImageBuildFailed;
      case ImagePush -> ImagePushFailed;
      case DeployStarted -> DeployStartedFailed;
      case Pending, UpdateApp -> Unknown;
      default -> throw new IllegalStateException("status " + this + " has no failure status");
    };
  }

  /** The statuses this one may move to; empty for a final status. */
  public Set<ApplicationStatus> successors() {
    return switch (this) {
      case CreateApp -> EnumSet.of(ImageBuild, ImageBuildFailed);
      case ImageBuild -> EnumSet.of(ImagePush, ImageBuildFailed);
      case ImagePush -> EnumSet.of(DeployStarted, ImagePushFailed);
      case DeployStarted -> EnumSet.of(Pending, DeployStartedFailed);
      case Pending -> EnumSet.of(Running, Unknown);
      case Running -> EnumSet.of(Unknown, UpdateApp);
      case Unknown -> EnumSet.of(Running, UpdateApp);
      case UpdateApp -> EnumSet.of(Running, Unknown);
      case ImageBuildFailed, ImagePushFailed, DeployStartedFailed ->
          EnumSet.noneOf(ApplicationStatus.class);
    };
  }

  /** Whether the table allows moving from this status to {@code next}. */
  public boolean canTransitionTo(ApplicationStatus next) {
    return successors().contains(next);
  }

  /**
   * Parses a wire name, ignoring case.
   *
   * @throws ValidationException naming {@code field} when the text is not one of the eleven names
   */
  public static ApplicationStatus parse(String field, String text) {
    if (text != null) {
      for (ApplicationStatus s : values()) {
        if (s.name().toLowerCase(Locale.ROOT).equals(text.trim().toLowerCase(Locale.ROOT))) {
          return s;
        }
      }
    }
    throw new ValidationException(field, "'" + text + "' is not a status; use one of "
        + java.util.Arrays.toString(values()));
  }
}
