package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * The state of an application's resources as the cluster reports it. Built with the static
 * factories.
 *
 * @param state pending, running or unknown
 * @param reason which service and why, e.g. "service email-connector: ImagePullBackOff"
 */
public record ClusterHealth(State state, String reason) {
  /** The three states a cluster can report. */
  public enum State {
    /** Resources exist; not every service is available yet. */
    PENDING,
    /** Every service is available. */
    RUNNING,
    /** Some service cannot become available. */
    UNKNOWN
  }

  /** Validates. */
  public ClusterHealth {
    Objects.requireNonNull(state, "state was not specified");
    reason = Objects.requireNonNullElse(reason, "");
  }

  /** Not every service is available yet. */
  public static ClusterHealth pending(String reason) {
    return new ClusterHealth(State.PENDING, reason);
  }

  /** Every service is available. */
  public static ClusterHealth running() {
    return new ClusterHealth(State.RUNNING, "every service is available");
  }

  /** Some service cannot become available, for {@code reason}. */
  public static ClusterHealth unknown(String reason) {
    return new ClusterHealth(State.UNKNOWN, reason);
  }
}
