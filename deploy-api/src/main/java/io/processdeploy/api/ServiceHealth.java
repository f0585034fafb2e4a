package io.processdeploy.api;

import io.processdeploy.api.spi.ComponentHealth;
import java.util.List;
import java.util.Objects;

/**
 * The health of a deployment service: up when every component is. What an embedding application
 * returns from its health endpoint, e.g. HTTP 200 when {@link #up()} and 503 otherwise.
 *
 * @param components the store, the cluster target and the pipeline, in that order
 */
public record ServiceHealth(List<ComponentHealth> components) {
  /** Copies. */
  public ServiceHealth {
    components = List.copyOf(Objects.requireNonNull(components, "components"));
  }

  /** Whether every component is up. */
  public boolean up() {
    return components.stream().allMatch(ComponentHealth::up);
  }

  /** The component of that name, if checked. */
  public java.util.Optional<ComponentHealth> component(String name) {
    return components.stream().filter(c -> c.component().equals(name)).findFirst();
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(up() ? "UP" : "DOWN");
    components.forEach(c -> out.append("; ").append(c.component()).append(c.up() ? " up: " : " down: ")
        .append(c.detail()));
    return out.toString();
  }
}
