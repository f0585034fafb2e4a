package io.processdeploy.api.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * A time-limited claim of one owner on a name, kept in a {@link DeploymentStore}: while it has not
 * expired, no other owner can take it. Deployment services sharing a store lease an application's
 * name before they drive its pipeline, so that one of them at a time does.
 *
 * @param name what is leased, e.g. an application name
 * @param owner who holds it, e.g. the id of a deployment service instance
 * @param expiresAt when it lapses unless renewed: from then on, any owner can take it
 */
public record Lease(String name, String owner, Instant expiresAt) {
  /** Validates. */
  public Lease {
    Objects.requireNonNull(name, "name was not specified");
    Objects.requireNonNull(owner, "owner was not specified");
    Objects.requireNonNull(expiresAt, "expiresAt was not specified");
  }

  /** Whether it has lapsed at {@code now} (an instant equal to the expiry counts as lapsed). */
  public boolean isExpiredAt(Instant now) {
    return !now.isBefore(expiresAt);
  }
}
