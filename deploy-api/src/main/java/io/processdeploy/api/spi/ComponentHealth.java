package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * Whether one part of the deployment service can do its work now, for a health check an embedding
 * application exposes (e.g. a readiness endpoint). Its detail never holds a secret.
 *
 * @param component what was checked, e.g. {@code store} or {@code cluster}
 * @param up whether it can do its work
 * @param detail what was seen, e.g. "informers watching deployments and pods" or why it is down
 */
public record ComponentHealth(String component, boolean up, String detail) {
  /** Validates. */
  public ComponentHealth {
    Objects.requireNonNull(component, "component was not specified");
    detail = Objects.requireNonNullElse(detail, "");
  }

  /** A component that can work. */
  public static ComponentHealth up(String component, String detail) {
    return new ComponentHealth(component, true, detail);
  }

  /** A component that cannot work, for {@code reason}. */
  public static ComponentHealth down(String component, String reason) {
    return new ComponentHealth(component, false, reason);
  }
}
