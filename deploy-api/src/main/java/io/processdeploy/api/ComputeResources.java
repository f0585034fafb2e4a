package io.processdeploy.api;

/**
 * An amount of CPU and memory, as Kubernetes quantities: what a container requests, or its
 * limit. Either part may be absent ({@code null}): in settings it is then inherited (from the
 * global settings, then from the defaults), in a {@link Workload} the container names none.
 *
 * <pre>{@code
 * ServiceSettings.NONE.withRequests(new ComputeResources("250m", "512Mi"))
 *     .withLimits(new ComputeResources("1", "1Gi"));
 * }</pre>
 *
 * @param cpu CPU, e.g. {@code 250m} or {@code 1}, or {@code null}
 * @param memory memory, e.g. {@code 512Mi}, or {@code null}
 */
public record ComputeResources(String cpu, String memory) {
  /** Neither part given. */
  public static final ComputeResources NONE = new ComputeResources(null, null);

  /** These amounts, each absent part taken from {@code fallback}. */
  public ComputeResources over(ComputeResources fallback) {
    if (fallback == null) {
      return this;
    }
    return new ComputeResources(cpu != null ? cpu : fallback.cpu(),
        memory != null ? memory : fallback.memory());
  }
}
