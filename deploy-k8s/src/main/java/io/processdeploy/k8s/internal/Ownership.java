package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ResourceNames;
import java.util.Map;
import java.util.Objects;

/** The ownership marks this library puts on namespaces, and the check that they are there. */
public final class Ownership {
  /** The label naming the manager. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";

  private Ownership() {}

  /**
   * Whether the object carries both marks: label {@value #MANAGED_BY_LABEL} and annotation
   * {@link ResourceNames#OWNER_ANNOTATION}, each {@link ResourceNames#MANAGED_BY}.
   */
  public static boolean isOwned(HasMetadata object) {
    Map<String, String> labels = object.getMetadata().getLabels();
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return labels != null && annotations != null
        && ResourceNames.MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
        && ResourceNames.MANAGED_BY.equals(annotations.get(ResourceNames.OWNER_ANNOTATION));
  }

  /** Throws when the namespace exists and is not ours. */
  public static void requireOwnedOrAbsent(HasMetadata namespace, String name) {
    if (namespace != null && !isOwned(namespace)) {
      throw notOwned(name);
    }
  }

  /** The refusal for a namespace that is not ours. */
  public static ConflictException notOwned(String name) {
    Objects.requireNonNull(name, "name");
    return new ConflictException("namespace '" + name + "' exists and is not managed by"
        + " ProcessDeploy (it lacks the label " + MANAGED_BY_LABEL + "=" + ResourceNames.MANAGED_BY
        + " and the annotation " + ResourceNames.OWNER_ANNOTATION + "); it was left untouched."
        + " Choose another application name or remove that namespace yourself");
  }
}
