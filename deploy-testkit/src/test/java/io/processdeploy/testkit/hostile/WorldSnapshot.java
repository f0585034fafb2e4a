package io.processdeploy.testkit.hostile;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.core.DeploymentService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What the library has written, listed: the store's descriptors and applications, the files of
 * the directory registry, and every object of the kinds the library writes in the cluster
 * (name, uid, labels, annotations, spec and data; not the status that controllers change).
 *
 * @param descriptors the stored descriptors, as listed
 * @param applications the stored applications, as listed
 * @param registryFiles path to size of every file of the registry
 * @param clusterObjects {@code kind namespace/name} to the object's identity and content
 */
record WorldSnapshot(List<?> descriptors, List<?> applications, Map<String, Long> registryFiles,
    Map<String, String> clusterObjects) {
  private static final List<String[]> KINDS = List.of(
      new String[] {"v1", "Namespace"}, new String[] {"v1", "ConfigMap"},
      new String[] {"v1", "Secret"}, new String[] {"v1", "Service"},
      new String[] {"v1", "ServiceAccount"}, new String[] {"v1", "PersistentVolumeClaim"},
      new String[] {"apps/v1", "Deployment"}, new String[] {"networking.k8s.io/v1", "Ingress"},
      new String[] {"rbac.authorization.k8s.io/v1", "Role"},
      new String[] {"rbac.authorization.k8s.io/v1", "RoleBinding"});

  /** Lists everything now. */
  static WorldSnapshot take(DeploymentService service, Caller devops, Path registry,
      KubernetesClient client) {
    return new WorldSnapshot(service.listDescriptors(devops, DescriptorQuery.ALL).items(),
        service.listApplications(devops), files(registry), objects(client));
  }

  private static Map<String, Long> files(Path root) {
    Map<String, Long> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(Files::isRegularFile).toList()) {
        out.put(root.relativize(p).toString(), Files.size(p));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static Map<String, String> objects(KubernetesClient client) {
    Map<String, String> out = new TreeMap<>();
    for (String[] kind : KINDS) {
      List<GenericKubernetesResource> items = kind[1].equals("Namespace")
          ? client.genericKubernetesResources(kind[0], kind[1]).list().getItems()
          : client.genericKubernetesResources(kind[0], kind[1]).inAnyNamespace().list()
              .getItems();
      for (GenericKubernetesResource item : items) {
        Map<String, Object> props = item.getAdditionalProperties();
        out.put(kind[1] + " " + item.getMetadata().getNamespace() + "/"
            + item.getMetadata().getName(), item.getMetadata().getUid() + " "
            + item.getMetadata().getLabels() + " " + item.getMetadata().getAnnotations() + " "
            + props.get("spec") + " " + props.get("data") + " " + props.get("stringData"));
      }
    }
    return out;
  }
}
