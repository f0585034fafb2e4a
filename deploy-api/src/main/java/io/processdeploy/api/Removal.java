package io.processdeploy.api;

import io.processdeploy.api.spi.RemovalMode;
import java.time.Instant;
import java.util.Objects;

/**
 * A removal of an application that was asked for and is stored before anything is deleted: an
 * {@link RemovalMode#NORMAL undeploy} or a {@link RemovalMode#FORCE force undeploy}. While an
 * application carries one, its pipeline writes no status and is never resumed; a service that
 * starts on a store holding one completes it (removes the namespace, then the application).
 *
 * @param mode {@link RemovalMode#NORMAL} for an undeploy, {@link RemovalMode#FORCE} for a force
 *     undeploy
 * @param requestedBy who asked for it
 * @param requestedAt when
 */
public record Removal(RemovalMode mode, String requestedBy, Instant requestedAt) {
  /** Validates. */
  public Removal {
    Objects.requireNonNull(mode, "removal mode was not specified");
    Objects.requireNonNull(requestedBy, "requestedBy was not specified");
    Objects.requireNonNull(requestedAt, "requestedAt was not specified");
  }

  /** Whether this is a force undeploy. */
  public boolean isForced() {
    return mode == RemovalMode.FORCE;
  }
}
