package io.processdeploy.helm.support;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Looks into rendered Kubernetes objects. */
public final class Manifests {
  private Manifests() {}

  /** {@code Kind/name} of every object, sorted. */
  public static Set<String> kindsAndNames(List<? extends HasMetadata> objects) {
    Set<String> out = new TreeSet<>();
    objects.forEach(o -> out.add(o.getKind() + "/" + o.getMetadata().getName()));
    return out;
  }

  /**
   * The {@code Kind/name} of the objects the chart must render for {@code plan}: the
   * application's, and per service its Deployment, Service, env ConfigMap, data claim, and its Secret when
   * the chart creates it (secrets included, or nothing to keep secret).
   */
  public static Set<String> expected(ApplicationPlan plan, boolean secretsIncluded) {
    Set<String> out = new TreeSet<>();
    out.add("ServiceAccount/" + ResourceNames.SERVICE_ACCOUNT);
    out.add("Role/" + ResourceNames.SERVICE_ACCOUNT);
    out.add("RoleBinding/" + ResourceNames.SERVICE_ACCOUNT);
    out.add("ConfigMap/" + ResourceNames.SECURITY_CONFIG_MAP);
    if (plan.services().stream().anyMatch(s -> s.ingressPath() != null)) {
      out.add("Ingress/" + ResourceNames.GATEWAY_INGRESS);
    }
    for (ServicePlan service : plan.services()) {
      out.add("Deployment/" + service.name());
      out.add("Service/" + service.name());
      out.add("ConfigMap/" + ResourceNames.envConfigMap(service.name()));
      if (service.dataVolume() != null) {
        out.add("PersistentVolumeClaim/" + ResourceNames.dataClaim(service.name()));
      }
      if (secretsIncluded || service.secretEnv().isEmpty()) {
        out.add("Secret/" + ResourceNames.envSecret(service.name()));
      }
      if (plan.networkPolicy()) {
        out.add("NetworkPolicy/" + service.name());
      }
    }
    return out;
  }

  /** The object of that kind and name. */
  public static <T extends HasMetadata> T find(List<HasMetadata> objects, Class<T> type,
      String name) {
    return objects.stream().filter(type::isInstance).map(type::cast)
        .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("no " + type.getSimpleName() + " " + name
            + " among " + kindsAndNames(objects)));
  }

  /** The data of a ConfigMap, never null. */
  public static Map<String, String> data(ConfigMap configMap) {
    return configMap.getData() == null ? Map.of() : new TreeMap<>(configMap.getData());
  }

  /** The decoded data of a Secret ({@code data} base64, or {@code stringData}). */
  public static Map<String, String> decoded(Secret secret) {
    Map<String, String> out = new TreeMap<>();
    if (secret.getData() != null) {
      secret.getData().forEach((k, v) -> out.put(k,
          new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      out.putAll(secret.getStringData());
    }
    return out;
  }

  /**
   * Every place in a typed object where a field was not known to the Kubernetes schema: fabric8
   * keeps such fields in {@code additionalProperties}. Empty for a strictly valid manifest.
   */
  public static List<String> unknownFields(Object object) {
    List<String> out = new ArrayList<>();
    walk(object, object.getClass().getSimpleName(), out);
    return out;
  }

  private static void walk(Object node, String path, List<String> out) {
    if (node == null) {
      return;
    }
    if (node instanceof Collection<?> items) {
      int i = 0;
      for (Object item : items) {
        walk(item, path + "[" + i++ + "]", out);
      }
      return;
    }
    if (node instanceof Map<?, ?> map) {
      map.forEach((k, v) -> walk(v, path + "." + k, out));
      return;
    }
    if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
      return;
    }
    for (Method method : node.getClass().getMethods()) {
      if (method.getParameterCount() != 0 || !method.getName().startsWith("get")
          || method.getDeclaringClass() == Object.class) {
        continue;
      }
      Object value;
      try {
        value = method.invoke(node);
      } catch (IllegalAccessException | InvocationTargetException e) {
        continue;
      }
      if (method.getName().equals("getAdditionalProperties")) {
        if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
          out.add(path + " " + extra.keySet());
        }
        continue;
      }
      walk(value, path + "." + method.getName().substring(3), out);
    }
  }
}
