package io.processdeploy.api;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How a service's pods run, resolved from the descriptor's settings over the defaults of its kind
 * ({@link #defaults(ServiceKind, boolean)}): what both the cluster target and the Helm export
 * render into its Deployment.
 *
 * @param replicas how many pods run, or {@code null} to name no count: the API server makes it
 *     one, and a count changed later (an autoscaler, {@code kubectl scale}) is kept when the
 *     objects are applied again
 * @param requests what the container requests; a part may be absent (none requested)
 * @param limits the container's limits; a part may be absent (no limit)
 * @param readinessProbe when a pod receives traffic
 * @param livenessProbe when a pod is restarted
 * @param startupProbe how long a pod may take to start before the other probes run
 * @param nodeSelector node labels the pods must run on, sorted
 * @param tolerations taints the pods tolerate
 * @param affinity the pods' affinity as a JSON object (keys {@code nodeAffinity},
 *     {@code podAffinity}, {@code podAntiAffinity}), or {@code null} for none
 * @param automountServiceAccountToken whether the pods get a service-account token
 */
public record Workload(Integer replicas, ComputeResources requests, ComputeResources limits,
    Probe readinessProbe, Probe livenessProbe, Probe startupProbe,
    Map<String, String> nodeSelector, List<Toleration> tolerations, String affinity,
    boolean automountServiceAccountToken) {
  /** CPU a container requests by default. */
  public static final String CPU_REQUEST = "100m";
  /** Memory a container requests by default. */
  public static final String MEMORY_REQUEST = "256Mi";
  /** Most replicas a service may ask for. */
  public static final int MAX_REPLICAS = 100;

  /** Validates and copies. */
  public Workload {
    Objects.requireNonNull(readinessProbe, "readinessProbe was not specified");
    Objects.requireNonNull(livenessProbe, "livenessProbe was not specified");
    Objects.requireNonNull(startupProbe, "startupProbe was not specified");
    requests = Objects.requireNonNullElse(requests, ComputeResources.NONE);
    limits = Objects.requireNonNullElse(limits, ComputeResources.NONE);
    nodeSelector = Collections.unmodifiableMap(new TreeMap<>(nodeSelector == null ? Map.of()
        : nodeSelector));
    tolerations = tolerations == null ? List.of() : List.copyOf(tolerations);
  }

  /**
   * The defaults of a kind of service: no replica count, 100m CPU and 256Mi memory requested and no
   * limit; TCP probes on the port {@code http}: a startup probe every 5 s that gives a JVM service
   * (runtime bundle, query, connector) 5 minutes to start and the others 2 minutes, then (the
   * startup probe gates the others, so they need no initial delay) readiness every 5 s and
   * liveness every 20 s; no placement; the service-account token only for a service that reads
   * the security configuration.
   */
  public static Workload defaults(ServiceKind kind, boolean readsSecurity) {
    boolean jvm = kind == ServiceKind.RUNTIME_BUNDLE || kind == ServiceKind.QUERY
        || kind == ServiceKind.CONNECTOR;
    return new Workload(null, new ComputeResources(CPU_REQUEST, MEMORY_REQUEST),
        ComputeResources.NONE, Probe.tcp(0, 5, 1, 3), Probe.tcp(0, 20, 5, 3),
        Probe.tcp(0, 5, 5, jvm ? 60 : 24), Map.of(), List.of(), null, readsSecurity);
  }
}
