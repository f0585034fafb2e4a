package io.processdeploy.api;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Optional infrastructure of an application: settings for every service ({@code global}) and per
 * service ({@code services}, keyed by service name such as {@code runtime-bundle}, or a
 * connector's service name). A per-service variable wins over the global one with the same group
 * and key, a per-service setting of how pods run over the global one, field by field. Two
 * settings are the application's: its gateway Ingress and its network policies.
 *
 * @param global settings for every service
 * @param services settings per service name
 * @param ingress the gateway Ingress's class, host, TLS secret and annotations, or {@code null}
 *     for none ({@link IngressSettings#NONE})
 * @param networkPolicy whether each service gets a NetworkPolicy that lets in only what it
 *     needs; {@code null} means yes
 */
public record Infrastructure(ServiceSettings global, Map<String, ServiceSettings> services,
    IngressSettings ingress, Boolean networkPolicy) {
  /** Variable group of an external PostgreSQL database. */
  public static final String POSTGRESQL = "postgresql-service";
  /** Variable group of plain environment variables. */
  public static final String ENV = "env";
  /** The keys a {@value #POSTGRESQL} group accepts. */
  public static final java.util.Set<String> POSTGRESQL_KEYS =
      java.util.Set.of("url", "username", "password", "jpaDatabasePlatform");

  /**
   * Variable group of the bundled database's volume ({@link DataVolume}): {@code size}, a
   * Kubernetes quantity ({@value DataVolume#DEFAULT_SIZE} by default), and
   * {@code storageClassName} (the cluster's default class when absent). Only under
   * {@code services[postgresql]}.
   */
  public static final String STORAGE = "storage";
  /** The keys a {@value #STORAGE} group accepts. */
  public static final java.util.Set<String> STORAGE_KEYS =
      java.util.Set.of("size", "storageClassName");

  /** No infrastructure overrides: catalog images and the bundled database. */
  public static final Infrastructure NONE = new Infrastructure(ServiceSettings.NONE, Map.of());

  /** Copies and sorts. */
  public Infrastructure {
    global = Objects.requireNonNullElse(global, ServiceSettings.NONE);
    services = Collections.unmodifiableMap(new TreeMap<>(services == null ? Map.of() : services));
    ingress = Objects.requireNonNullElse(ingress, IngressSettings.NONE);
  }

  /** Global and per-service settings; the gateway as the cluster target has it, policies on. */
  public Infrastructure(ServiceSettings global, Map<String, ServiceSettings> services) {
    this(global, services, IngressSettings.NONE, null);
  }

  /** A copy with other global and per-service settings and the same application settings. */
  public Infrastructure withServices(ServiceSettings newGlobal,
      Map<String, ServiceSettings> newServices) {
    return new Infrastructure(newGlobal, newServices, ingress, networkPolicy);
  }

  /** A copy whose gateway Ingress has these settings. */
  public Infrastructure withIngress(IngressSettings settings) {
    return new Infrastructure(global, services, settings, networkPolicy);
  }

  /** A copy with network policies on ({@code true}, the default) or off. */
  public Infrastructure withNetworkPolicy(boolean enabled) {
    return new Infrastructure(global, services, ingress, enabled);
  }

  /** Whether each service gets a NetworkPolicy (unless turned off, it does). */
  public boolean networkPolicyEnabled() {
    return networkPolicy == null || networkPolicy;
  }

  /**
   * How the pods of {@code service} run: its settings over the global ones over the defaults of
   * its kind.
   */
  public Workload workload(String service, ServiceKind kind, boolean readsSecurity) {
    return service(service).workload(global, kind, readsSecurity);
  }

  /** The settings of one service, {@link ServiceSettings#NONE} when absent. */
  public ServiceSettings service(String service) {
    return services.getOrDefault(service, ServiceSettings.NONE);
  }

  /** The image override of a service, or {@code null}. */
  public ImageReference image(String service) {
    return service(service).image();
  }

  /** The effective variables of a group for a service: global merged with per-service. */
  public Map<String, String> variables(String service, String group) {
    TreeMap<String, String> out = new TreeMap<>(global.group(group));
    out.putAll(service(service).group(group));
    return Collections.unmodifiableMap(out);
  }

  /**
   * Whether the variable {@code key} of {@code service} is secret: declared so in the global or
   * the service's settings, or by its name (see {@link Secrets#isSecret(String)}).
   */
  public boolean isSecret(String service, String key) {
    return global.isSecret(key) || service(service).secretKeys().contains(key);
  }

  /** Whether an external PostgreSQL is configured for {@code service} (so none is bundled). */
  public boolean hasExternalDatabase(String service) {
    return variables(service, POSTGRESQL).containsKey("url");
  }
}
