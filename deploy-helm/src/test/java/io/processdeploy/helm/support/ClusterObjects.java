package io.processdeploy.helm.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The objects of an application, read from a cluster or rendered by Helm, in comparable form. */
public final class ClusterObjects {
  private ClusterObjects() {}

  /** Every object of the plan's application that the cluster target creates, read back. */
  public static List<HasMetadata> created(KubernetesClient client, ApplicationPlan plan) {
    String ns = plan.namespace();
    Map<String, String> labels = Map.of(ResourceNames.APPLICATION_LABEL, plan.name());
    List<HasMetadata> out = new ArrayList<>();
    out.addAll(client.serviceAccounts().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.rbac().roles().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.rbac().roleBindings().inNamespace(ns).withLabels(labels).list()
        .getItems());
    out.addAll(client.configMaps().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.secrets().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.persistentVolumeClaims().inNamespace(ns).withLabels(labels).list()
        .getItems());
    out.addAll(client.apps().deployments().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.services().inNamespace(ns).withLabels(labels).list().getItems());
    out.addAll(client.network().v1().ingresses().inNamespace(ns).withLabels(labels).list()
        .getItems());
    out.addAll(client.network().v1().networkPolicies().inNamespace(ns).withLabels(labels).list()
        .getItems());
    return out;
  }

  /**
   * Objects as comparable trees keyed by {@code Kind/name}: what the API server adds itself
   * (uid, resourceVersion, creation time, generation, managed fields, status) is left out.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Map<String, Object>> normalized(List<HasMetadata> objects) {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    for (HasMetadata object : objects) {
      Map<String, Object> tree = RealHelm.serialization().convertValue(object, Map.class);
      tree.remove("status");
      Map<String, Object> metadata = (Map<String, Object>) tree.get("metadata");
      for (String serverField : List.of("uid", "resourceVersion", "creationTimestamp",
          "generation", "managedFields", "selfLink")) {
        metadata.remove(serverField);
      }
      out.put(object.getKind() + "/" + object.getMetadata().getName(), tree);
    }
    assertThat(out).as("objects by kind and name").hasSize(objects.size());
    return out;
  }
}
