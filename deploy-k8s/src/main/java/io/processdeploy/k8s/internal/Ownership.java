package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ValidationException;
import io.processdeploy.k8s.ApplicationManifests;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The ownership marks this library puts on namespaces, and the check that they are there and
 * name this installation. Each installation on a cluster has an id ({@link #DEFAULT_INSTALLATION}
 * unless configured); the owner annotation {@link ResourceNames#OWNER_ANNOTATION} carries it
 * ({@link #ownerMark}), so one installation never updates, removes or follows another's
 * namespaces. An installation other than the default one also labels its namespaces,
 * Deployments and pods {@value #INSTALLATION_LABEL}{@code =<id>}, which its informers select on.
 */
public final class Ownership {
  /** The label naming the manager. */
  public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
  /** The installation id when none is configured. */
  public static final String DEFAULT_INSTALLATION = "default";
  /** The label naming the installation, on the objects of a non-default installation. */
  public static final String INSTALLATION_LABEL = ResourceNames.PREFIX + "installation";

  private static final Pattern LABEL_VALUE =
      Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");

  private Ownership() {}

  /**
   * Checks an installation id: a Kubernetes label value (1 to 63 letters, digits, {@code -},
   * {@code _} or {@code .}, starting and ending with a letter or digit).
   *
   * @throws ValidationException naming {@code installationId}
   */
  public static String requireInstallationId(String id) {
    if (id == null || !LABEL_VALUE.matcher(id).matches()) {
      throw new ValidationException("installationId", "'" + id + "' is not a Kubernetes label"
          + " value; use 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a"
          + " letter or digit, e.g. staging-eu");
    }
    return id;
  }

  /**
   * The value of the owner annotation of an installation: {@link ResourceNames#MANAGED_BY} for
   * the default one (as namespaces were always marked), {@code processdeploy/<id>} otherwise.
   */
  public static String ownerMark(String installationId) {
    return DEFAULT_INSTALLATION.equals(installationId) ? ResourceNames.MANAGED_BY
        : ResourceNames.MANAGED_BY + "/" + installationId;
  }

  /**
   * Whether the object carries both marks of this library, the owner annotation naming
   * {@code installationId}: label {@value #MANAGED_BY_LABEL}={@link ResourceNames#MANAGED_BY}
   * and annotation {@link ResourceNames#OWNER_ANNOTATION}={@link #ownerMark}.
   */
  public static boolean isOwned(HasMetadata object, String installationId) {
    Map<String, String> labels = object.getMetadata().getLabels();
    Map<String, String> annotations = object.getMetadata().getAnnotations();
    return labels != null && annotations != null
        && ResourceNames.MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL))
        && ownerMark(installationId).equals(annotations.get(ResourceNames.OWNER_ANNOTATION));
  }

  /** Whether the default installation owns the object (see {@link #isOwned(HasMetadata, String)}). */
  public static boolean isOwned(HasMetadata object) {
    return isOwned(object, DEFAULT_INSTALLATION);
  }

  /**
   * Whether an object an informer saw belongs to {@code installationId}: its
   * {@value #INSTALLATION_LABEL} label names it, or, for the default installation, is absent.
   */
  public static boolean belongsTo(HasMetadata object, String installationId) {
    Map<String, String> labels = object.getMetadata().getLabels();
    String label = labels == null ? null : labels.get(INSTALLATION_LABEL);
    return label == null ? DEFAULT_INSTALLATION.equals(installationId)
        : label.equals(installationId);
  }

  /** Throws when the namespace exists and is not owned by {@code installationId}. */
  public static void requireOwnedOrAbsent(HasMetadata namespace, String name,
      String installationId) {
    if (namespace != null && !isOwned(namespace, installationId)) {
      throw notOwned(name, namespace, installationId);
    }
  }

  /** Throws when the namespace exists and is not owned by the default installation. */
  public static void requireOwnedOrAbsent(HasMetadata namespace, String name) {
    requireOwnedOrAbsent(namespace, name, DEFAULT_INSTALLATION);
  }

  /** The refusal for a namespace that is not the default installation's. */
  public static ConflictException notOwned(String name) {
    return notOwned(name, null, DEFAULT_INSTALLATION);
  }

  /**
   * The refusal for a namespace that {@code installationId} does not own: it names the owning
   * installation when another ProcessDeploy installation owns it.
   */
  public static ConflictException notOwned(String name, HasMetadata namespace,
      String installationId) {
    Objects.requireNonNull(name, "name");
    String owner = namespace == null || namespace.getMetadata().getAnnotations() == null ? null
        : namespace.getMetadata().getAnnotations().get(ResourceNames.OWNER_ANNOTATION);
    Map<String, String> labels = namespace == null ? null : namespace.getMetadata().getLabels();
    boolean ours = labels != null && ResourceNames.MANAGED_BY.equals(labels.get(MANAGED_BY_LABEL));
    if (ours && owner != null && (owner.equals(ResourceNames.MANAGED_BY)
        || owner.startsWith(ResourceNames.MANAGED_BY + "/"))) {
      String other = owner.equals(ResourceNames.MANAGED_BY) ? DEFAULT_INSTALLATION
          : owner.substring(ResourceNames.MANAGED_BY.length() + 1);
      return new ConflictException("namespace '" + name + "' is owned by the ProcessDeploy"
          + " installation '" + other + "' (" + ResourceNames.OWNER_ANNOTATION + "=" + owner
          + "), not by this one ('" + installationId + "'); it was left untouched. Choose"
          + " another application name, or manage it from installation '" + other + "'");
    }
    return new ConflictException("namespace '" + name + "' exists and is not managed by"
        + " ProcessDeploy (it lacks the label " + MANAGED_BY_LABEL + "=" + ResourceNames.MANAGED_BY
        + " and the annotation " + ResourceNames.OWNER_ANNOTATION + "); it was left untouched."
        + " Choose another application name or remove that namespace yourself");
  }

  /**
   * Puts the marks of {@code installationId} on rendered manifests: the owner annotation on the
   * namespace and, for a non-default installation, {@value #INSTALLATION_LABEL} on the
   * namespace, every Deployment and its pods.
   */
  public static ApplicationManifests mark(ApplicationManifests manifests, String installationId) {
    ObjectMeta ns = manifests.namespace().getMetadata();
    Map<String, String> annotations = new LinkedHashMap<>(ns.getAnnotations() == null ? Map.of()
        : ns.getAnnotations());
    annotations.put(ResourceNames.OWNER_ANNOTATION, ownerMark(installationId));
    ns.setAnnotations(annotations);
    if (!DEFAULT_INSTALLATION.equals(installationId)) {
      label(ns, installationId);
      for (ApplicationManifests.ServiceManifests service : manifests.services()) {
        Deployment deployment = service.deployment();
        label(deployment.getMetadata(), installationId);
        label(deployment.getSpec().getTemplate().getMetadata(), installationId);
      }
    }
    return manifests;
  }

  private static void label(ObjectMeta meta, String installationId) {
    Map<String, String> labels = new LinkedHashMap<>(meta.getLabels() == null ? Map.of()
        : meta.getLabels());
    labels.put(INSTALLATION_LABEL, installationId);
    meta.setLabels(labels);
  }
}
