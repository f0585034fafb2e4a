package io.processdeploy.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One service of an application as both the cluster target and the Helm export render it: a
 * Deployment and a Service named {@link #name()}, its plain environment in a ConfigMap and its
 * secret environment in a Secret (see {@link ResourceNames}).
 *
 * @param name the service name, a valid Kubernetes name, e.g. {@code runtime-bundle}
 * @param kind what the service is
 * @param image the image it runs (by digest where it was built)
 * @param port the container port it listens on
 * @param env plain environment variables, sorted
 * @param secretEnv secret environment variables, sorted; never shown by {@link #toString()}
 * @param readsSecurity whether it reads the application's security configuration (such services
 *     are rolled when permissions change, and only those)
 * @param ingressPath the path under the application's gateway URL it is exposed at, or
 *     {@code null} when it is not exposed
 * @param dataVolume the persistent volume it keeps its data on, or {@code null} when it keeps
 *     none (only the bundled database has one)
 * @param workload how its pods run; {@code null} for the defaults of its kind
 *     ({@link Workload#defaults})
 * @param clients the services of the application that connect to it, sorted, or {@code null}
 *     when every service of the application may (its NetworkPolicy lets in only these, and
 *     anyone through the gateway when it is exposed)
 */
public record ServicePlan(String name, ServiceKind kind, String image, int port,
    Map<String, String> env, Map<String, String> secretEnv, boolean readsSecurity,
    String ingressPath, DataVolume dataVolume, Workload workload, Set<String> clients) {
  /** Validates and copies. */
  public ServicePlan {
    Objects.requireNonNull(name, "name was not specified");
    Objects.requireNonNull(kind, "kind was not specified");
    Objects.requireNonNull(image, "image was not specified");
    if (port < 1 || port > 65535) {
      throw new ValidationException("services[" + name + "].port", "must be 1-65535");
    }
    env = Collections.unmodifiableMap(new TreeMap<>(env == null ? Map.of() : env));
    secretEnv = Collections.unmodifiableMap(new TreeMap<>(secretEnv == null ? Map.of() : secretEnv));
    workload = Objects.requireNonNullElse(workload, Workload.defaults(kind, readsSecurity));
    clients = clients == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(clients));
  }

  /** A service whose pods run as the defaults of its kind say, reachable by every service. */
  public ServicePlan(String name, ServiceKind kind, String image, int port,
      Map<String, String> env, Map<String, String> secretEnv, boolean readsSecurity,
      String ingressPath, DataVolume dataVolume) {
    this(name, kind, image, port, env, secretEnv, readsSecurity, ingressPath, dataVolume, null,
        null);
  }
  /** A service that keeps no data on a persistent volume. */
  public ServicePlan(String name, ServiceKind kind, String image, int port,
      Map<String, String> env, Map<String, String> secretEnv, boolean readsSecurity,
      String ingressPath) {
    this(name, kind, image, port, env, secretEnv, readsSecurity, ingressPath, null);
  }

  /** A copy with another secret environment (e.g. masked values). */
  public ServicePlan withSecretEnv(Map<String, String> newSecretEnv) {
    return new ServicePlan(name, kind, image, port, env, newSecretEnv, readsSecurity,
        ingressPath, dataVolume, workload, clients);
  }

  /** A copy whose pods run this way. */
  public ServicePlan withWorkload(Workload newWorkload) {
    return new ServicePlan(name, kind, image, port, env, secretEnv, readsSecurity,
        ingressPath, dataVolume, newWorkload, clients);
  }

  /** A copy that only {@code services} of the application connect to. */
  public ServicePlan withClients(Set<String> services) {
    return new ServicePlan(name, kind, image, port, env, secretEnv, readsSecurity,
        ingressPath, dataVolume, workload, services);
  }


  @Override
  public String toString() {
    return "ServicePlan[name=" + name + ", kind=" + kind + ", image=" + image + ", port=" + port
        + ", env=" + env + ", secretEnv=" + secretEnv.keySet() + ", readsSecurity="
        + readsSecurity + ", ingressPath=" + ingressPath + ", dataVolume=" + dataVolume
        + ", workload=" + workload + ", clients=" + clients + "]";
  }
}
