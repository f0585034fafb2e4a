package io.processdeploy.api;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Infrastructure settings for one service, or for all of them.
 *
 * <p>Variables are grouped: {@code postgresql-service} (keys {@code url}, {@code username},
 * {@code password}, {@code jpaDatabasePlatform}) points the application at an external PostgreSQL
 * and turns the bundled database off; {@code env} holds plain environment variables.
 *
 * <p>How the pods run (replicas, resources, probes, placement, service-account token) is set
 * with the {@code with…} methods; each absent ({@code null}) setting is inherited from the global
 * settings, then from the defaults of the service's kind ({@link Workload#defaults}). A
 * per-service setting wins over the global one field by field (a probe's path and each of its
 * numbers, a request's cpu and memory, each on its own).
 *
 * <pre>{@code
 * new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("DB_PWD", "...")))
 *     .withSecretKeys("DB_PWD")
 *     .withReplicas(2)
 *     .withLimits(new ComputeResources("1", "1Gi"));
 * }</pre>
 *
 * @param image an image that replaces the catalog's image of the service, or {@code null}
 * @param variables group name to key to value, sorted
 * @param secretKeys names of variables (in any group) declared secret in the request, sorted; a
 *     variable whose name says so (see {@link Secrets#isSecret(String)}) is secret without being
 *     listed. Keys declared in the global settings are secret for every service.
 * @param replicas how many pods run, or {@code null}
 * @param requests what each container requests, or {@code null}
 * @param limits each container's limits, or {@code null}
 * @param readinessProbe the readiness probe, or {@code null}
 * @param livenessProbe the liveness probe, or {@code null}
 * @param startupProbe the startup probe, or {@code null}
 * @param nodeSelector node labels the pods must run on, or {@code null}
 * @param tolerations taints the pods tolerate, or {@code null}
 * @param affinity the pods' affinity as a JSON object with the keys {@code nodeAffinity},
 *     {@code podAffinity} or {@code podAntiAffinity} as Kubernetes reads them, or {@code null}
 * @param automountServiceAccountToken whether the pods get a service-account token, or
 *     {@code null} (by default only services reading the security configuration do)
 */
public record ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables,
    Set<String> secretKeys, Integer replicas, ComputeResources requests, ComputeResources limits,
    Probe readinessProbe, Probe livenessProbe, Probe startupProbe,
    Map<String, String> nodeSelector, List<Toleration> tolerations, String affinity,
    Boolean automountServiceAccountToken) {
  /** No override. */
  public static final ServiceSettings NONE = new ServiceSettings(null, Map.of());

  /** Copies deeply and sorts. */
  public ServiceSettings {
    TreeMap<String, Map<String, String>> copy = new TreeMap<>();
    if (variables != null) {
      variables.forEach((group, values) -> copy.put(group,
          Collections.unmodifiableMap(new TreeMap<>(values == null ? Map.of() : values))));
    }
    variables = Collections.unmodifiableMap(copy);
    secretKeys = Secrets.declared("infrastructure.secretKeys", secretKeys);
    nodeSelector = nodeSelector == null ? null
        : Collections.unmodifiableMap(new TreeMap<>(nodeSelector));
    tolerations = tolerations == null ? null : Collections.unmodifiableList(
        new java.util.ArrayList<>(tolerations));
  }

  /** Settings of an image, variables and declared secret keys; the pods run as by default. */
  public ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables,
      Set<String> secretKeys) {
    this(image, variables, secretKeys, null, null, null, null, null, null, null, null, null,
        null);
  }

  /** Settings whose secret variables are those whose name says so. */
  public ServiceSettings(ImageReference image, Map<String, Map<String, String>> variables) {
    this(image, variables, Set.of());
  }

  /** The variables of one group, empty when absent. */
  public Map<String, String> group(String group) {
    return variables.getOrDefault(group, Map.of());
  }

  /** Whether the variable {@code key} is secret here: declared so, or by its name. */
  public boolean isSecret(String key) {
    return Secrets.isSecret(key, secretKeys);
  }

  /**
   * A copy that also declares {@code keys} secret: their values go into a Kubernetes Secret,
   * never a ConfigMap, and are masked or left out wherever values are shown or exported.
   */
  public ServiceSettings withSecretKeys(String... keys) {
    Set<String> all = new TreeSet<>(secretKeys);
    if (keys != null) {
      all.addAll(Secrets.declared("infrastructure.secretKeys", Arrays.asList(keys)));
    }
    return new ServiceSettings(image, variables, all, replicas, requests, limits, readinessProbe,
        livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy with other variables and the same other settings. */
  public ServiceSettings withVariables(Map<String, Map<String, String>> newVariables) {
    return new ServiceSettings(image, newVariables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy running {@code count} pods (0 to {@value Workload#MAX_REPLICAS}). */
  public ServiceSettings withReplicas(Integer count) {
    return new ServiceSettings(image, variables, secretKeys, count, requests, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy whose containers request {@code amounts}. */
  public ServiceSettings withRequests(ComputeResources amounts) {
    return new ServiceSettings(image, variables, secretKeys, replicas, amounts, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy whose containers are limited to {@code amounts} (at least what they request). */
  public ServiceSettings withLimits(ComputeResources amounts) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, amounts,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy with this readiness probe. */
  public ServiceSettings withReadinessProbe(Probe probe) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits, probe,
        livenessProbe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy with this liveness probe. */
  public ServiceSettings withLivenessProbe(Probe probe) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, probe, startupProbe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy with this startup probe. */
  public ServiceSettings withStartupProbe(Probe probe) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, probe, nodeSelector, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy whose pods run only on nodes with these labels. */
  public ServiceSettings withNodeSelector(Map<String, String> labels) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, startupProbe, labels, tolerations, affinity,
        automountServiceAccountToken);
  }

  /** A copy whose pods tolerate these taints. */
  public ServiceSettings withTolerations(List<Toleration> taints) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, taints, affinity,
        automountServiceAccountToken);
  }

  /**
   * A copy with this affinity: a JSON object such as
   * {@code {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [..]}}}.
   */
  public ServiceSettings withAffinity(String affinityJson) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinityJson,
        automountServiceAccountToken);
  }

  /** A copy whose pods get a service-account token ({@code true}) or not. */
  public ServiceSettings withAutomountServiceAccountToken(Boolean mount) {
    return new ServiceSettings(image, variables, secretKeys, replicas, requests, limits,
        readinessProbe, livenessProbe, startupProbe, nodeSelector, tolerations, affinity, mount);
  }

  /** Whether any setting of how the pods run is given. */
  public boolean hasWorkloadSettings() {
    return replicas != null || requests != null || limits != null || readinessProbe != null
        || livenessProbe != null || startupProbe != null || nodeSelector != null
        || tolerations != null || affinity != null || automountServiceAccountToken != null;
  }

  /**
   * How the pods of a service of that kind run: each setting of these settings, else of
   * {@code global}, else the default.
   */
  public Workload workload(ServiceSettings global, ServiceKind kind, boolean readsSecurity) {
    Workload d = Workload.defaults(kind, readsSecurity);
    ServiceSettings g = global == null ? NONE : global;
    return new Workload(
        first(replicas, g.replicas, d.replicas()),
        over(requests, over(g.requests, d.requests())),
        over(limits, over(g.limits, d.limits())),
        probe(readinessProbe, probe(g.readinessProbe, d.readinessProbe())),
        probe(livenessProbe, probe(g.livenessProbe, d.livenessProbe())),
        probe(startupProbe, probe(g.startupProbe, d.startupProbe())),
        first(nodeSelector, g.nodeSelector, d.nodeSelector()),
        first(tolerations, g.tolerations, d.tolerations()),
        first(affinity, g.affinity, d.affinity()),
        first(automountServiceAccountToken, g.automountServiceAccountToken,
            d.automountServiceAccountToken()));
  }

  private static <T> T first(T own, T global, T fallback) {
    return own != null ? own : global != null ? global : fallback;
  }

  private static ComputeResources over(ComputeResources own, ComputeResources fallback) {
    return own == null ? fallback : own.over(fallback);
  }

  private static Probe probe(Probe own, Probe fallback) {
    return own == null ? fallback : own.over(fallback);
  }

  @Override
  public String toString() {
    Map<String, Map<String, String>> masked = new TreeMap<>();
    variables.forEach((g, v) -> masked.put(g, Secrets.masked(v, secretKeys)));
    return "ServiceSettings[image=" + image + ", variables=" + masked + ", secretKeys="
        + secretKeys + ", replicas=" + replicas + ", requests=" + requests + ", limits="
        + limits + ", readinessProbe=" + readinessProbe + ", livenessProbe=" + livenessProbe
        + ", startupProbe=" + startupProbe + ", nodeSelector=" + nodeSelector
        + ", tolerations=" + tolerations + ", affinity=" + affinity
        + ", automountServiceAccountToken=" + automountServiceAccountToken + "]";
  }
}
