package io.processdeploy.api;

/**
 * A readiness, liveness or startup probe of a service's container: an HTTP GET of {@link #path()}
 * on the named port {@code http} when a path is given, otherwise a TCP connection to that port.
 * In settings every part may be absent ({@code null}) and is then inherited (from the global
 * settings, then from the defaults of the service's kind); in a {@link Workload} every number is
 * given.
 *
 * <pre>{@code
 * ServiceSettings.NONE.withLivenessProbe(Probe.http("/actuator/health/liveness"));
 * }</pre>
 *
 * @param path the HTTP path to GET, starting with {@code /}, or {@code null} for a TCP probe
 * @param initialDelaySeconds seconds before the first probe, or {@code null}
 * @param periodSeconds seconds between probes, or {@code null}
 * @param timeoutSeconds seconds a probe may take, or {@code null}
 * @param failureThreshold failures in a row that count as failed, or {@code null}
 */
public record Probe(String path, Integer initialDelaySeconds, Integer periodSeconds,
    Integer timeoutSeconds, Integer failureThreshold) {
  /** Nothing given: every part inherited. */
  public static final Probe NONE = new Probe(null, null, null, null, null);

  /** A probe that only sets the HTTP path; the numbers are inherited. */
  public static Probe http(String path) {
    return new Probe(path, null, null, null, null);
  }

  /** A TCP probe with every number given. */
  public static Probe tcp(int initialDelaySeconds, int periodSeconds, int timeoutSeconds,
      int failureThreshold) {
    return new Probe(null, initialDelaySeconds, periodSeconds, timeoutSeconds, failureThreshold);
  }

  /** This probe, each absent part taken from {@code fallback}. */
  public Probe over(Probe fallback) {
    if (fallback == null) {
      return this;
    }
    return new Probe(path != null ? path : fallback.path(),
        initialDelaySeconds != null ? initialDelaySeconds : fallback.initialDelaySeconds(),
        periodSeconds != null ? periodSeconds : fallback.periodSeconds(),
        timeoutSeconds != null ? timeoutSeconds : fallback.timeoutSeconds(),
        failureThreshold != null ? failureThreshold : fallback.failureThreshold());
  }
}
