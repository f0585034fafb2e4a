package io.processdeploy.helm.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ComputeResources;
import io.processdeploy.api.IngressSettings;
import io.processdeploy.api.Probe;
import io.processdeploy.api.Toleration;
import io.processdeploy.api.Workload;
import io.processdeploy.api.DataVolume;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns an {@link ApplicationPlan} into the exported {@code values.yaml} model: the overrides
 * specific to one application, over the defaults of the shipped charts.
 */
public final class ValuesFactory {
  /** The values key of everything all charts share. */
  public static final String GLOBAL = "global";
  /** The user of the bundled PostgreSQL image ({@code postgres}); other services run as 1000. */
  static final int DATABASE_USER = 999;

  private static final com.fasterxml.jackson.databind.ObjectMapper AFFINITY =
      new com.fasterxml.jackson.databind.ObjectMapper();

  private ValuesFactory() {}

  /**
   * The values of the exported chart, in file order: {@code global}, the application chart, then
   * one section per service, by service name.
   *
   * @param includeSecrets whether secret values are written (otherwise only their keys)
   */
  public static Map<String, Object> values(ApplicationPlan plan, GatewaySettings gateway,
      boolean includeSecrets) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put(GLOBAL, global(plan));
    root.put(ShippedChart.APPLICATION, new ValuesModel.ApplicationChart(gateway(plan, gateway)));
    for (ServicePlan service : plan.services()) {
      root.put(service.name(), service(plan, service, includeSecrets));
    }
    return root;
  }

  private static ValuesModel.Global global(ApplicationPlan plan) {
    DeploymentDescriptor descriptor = plan.descriptor();
    ValuesModel.Application application = new ValuesModel.Application(plan.name(),
        plan.namespace(), plan.projectName(), descriptor.release().projectId(),
        descriptor.release().version());
    ValuesModel.Security security = new ValuesModel.Security(
        members(descriptor.security().admins()), members(descriptor.security().users()));
    return new ValuesModel.Global(application, security, database(plan),
        plan.imagePullSecret().map(s -> List.of(s.name())).orElse(List.of()));
  }

  private static ValuesModel.Members members(Members members) {
    return new ValuesModel.Members(List.copyOf(members.users()), List.copyOf(members.groups()));
  }

  private static ValuesModel.Database database(ApplicationPlan plan) {
    Infrastructure infrastructure = plan.descriptor().infrastructure();
    Map<String, ValuesModel.ExternalDatabase> external = new TreeMap<>();
    for (ServicePlan service : plan.services()) {
      Map<String, String> settings =
          infrastructure.variables(service.name(), Infrastructure.POSTGRESQL);
      if (infrastructure.hasExternalDatabase(service.name())
          && service.env().containsValue(settings.get("url"))) {
        external.put(service.name(), new ValuesModel.ExternalDatabase(
            shown(infrastructure, service.name(), "url", settings),
            shown(infrastructure, service.name(), "username", settings),
            settings.get("jpaDatabasePlatform")));
      }
    }
    return new ValuesModel.Database(!plan.services(ServiceKind.DATABASE).isEmpty(), external);
  }

  /** A database setting, or {@code null} when it is declared secret (its Secret holds it). */
  private static String shown(Infrastructure infrastructure, String service, String key,
      Map<String, String> settings) {
    return infrastructure.isSecret(service, key) ? null : settings.get(key);
  }

  private static ValuesModel.Gateway gateway(ApplicationPlan plan, GatewaySettings settings) {
    List<ValuesModel.Route> routes = new ArrayList<>();
    for (ServicePlan service : plan.services()) {
      if (service.ingressPath() != null) {
        routes.add(new ValuesModel.Route(settings.path(plan.name(), service.ingressPath()),
            service.name(), service.port()));
      }
    }
    IngressSettings ingress = plan.ingress();
    return new ValuesModel.Gateway(!routes.isEmpty(),
        ingress.host() != null ? ingress.host() : settings.host(),
        ingress.className() != null ? ingress.className() : settings.ingressClassName(),
        Objects.requireNonNullElse(ingress.tlsSecretName(), ""),
        new TreeMap<>(ingress.annotations()), routes);
  }

  private static ValuesModel.Service service(ApplicationPlan plan, ServicePlan service,
      boolean includeSecrets) {
    String component = ResourceNames.serviceLabels(plan.name(), service)
        .get("app.kubernetes.io/component");
    ValuesModel.Secret secret = new ValuesModel.Secret(includeSecrets,
        List.copyOf(service.secretEnv().keySet()),
        includeSecrets ? new TreeMap<>(service.secretEnv()) : null);
    boolean database = service.kind() == ServiceKind.DATABASE;
    DataVolume volume = service.dataVolume();
    Workload workload = service.workload();
    return new ValuesModel.Service(true, component, service.image(), service.port(),
        service.readsSecurity(), database ? DATABASE_USER : null,
        volume == null ? null : new ValuesModel.DataVolume(volume.mountPath(), volume.size(),
            volume.storageClassName()),
        workload.replicas(),
        new ValuesModel.Resources(amounts(workload.requests()), amounts(workload.limits())),
        new ValuesModel.Probes(probe(workload.readinessProbe()), probe(workload.livenessProbe()),
            probe(workload.startupProbe())),
        new TreeMap<>(workload.nodeSelector()), tolerations(workload),
        affinity(workload.affinity()), workload.automountServiceAccountToken(),
        new ValuesModel.NetworkPolicy(plan.networkPolicy(), service.ingressPath() != null,
            service.clients() == null,
            service.clients() == null ? List.of() : List.copyOf(service.clients())),
        new TreeMap<>(service.env()), secret);
  }

  private static Map<String, String> amounts(ComputeResources amounts) {
    Map<String, String> out = new TreeMap<>();
    if (amounts.cpu() != null) {
      out.put("cpu", amounts.cpu());
    }
    if (amounts.memory() != null) {
      out.put("memory", amounts.memory());
    }
    return out;
  }

  private static ValuesModel.Probe probe(Probe p) {
    return new ValuesModel.Probe(Objects.requireNonNullElse(p.path(), ""),
        p.initialDelaySeconds(), p.periodSeconds(), p.timeoutSeconds(), p.failureThreshold());
  }

  private static List<Map<String, Object>> tolerations(Workload workload) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Toleration t : workload.tolerations()) {
      Map<String, Object> map = new LinkedHashMap<>();
      putIfPresent(map, "key", t.key());
      putIfPresent(map, "operator", t.operator());
      putIfPresent(map, "value", t.value());
      putIfPresent(map, "effect", t.effect());
      putIfPresent(map, "tolerationSeconds", t.tolerationSeconds());
      out.add(map);
    }
    return out;
  }

  private static void putIfPresent(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> affinity(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      return AFFINITY.readValue(json, Map.class);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new io.processdeploy.api.ValidationException("infrastructure.affinity",
          "is not a JSON object; give one such as {\"podAntiAffinity\": {..}}");
    }
  }
}
