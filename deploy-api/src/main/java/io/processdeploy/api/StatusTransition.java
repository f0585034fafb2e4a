package io.processdeploy.api;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an application's status history.
 *
 * @param from the previous status, {@code null} for the first entry
 * @param to the new status
 * @param at when it happened
 * @param reason why, in words a person can act on; never contains a secret
 */
public record StatusTransition(ApplicationStatus from, ApplicationStatus to, Instant at,
    String reason) {
  /** Validates. */
  public StatusTransition {
    Objects.requireNonNull(to, "to was not specified");
    Objects.requireNonNull(at, "at was not specified");
    reason = Objects.requireNonNullElse(reason, "");
  }
}
