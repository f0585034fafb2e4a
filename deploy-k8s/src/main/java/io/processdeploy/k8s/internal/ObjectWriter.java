package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.processdeploy.api.ConflictException;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Creates an object or updates it in place: a read, then a create or a full update carrying the
 * server's resource version, so that a stale view is refused (409) and tried again rather than
 * overwritten. What others own is kept: status, finalizers, owner references, labels and
 * annotations this library does not set, and the fields the server assigns (a Service's cluster
 * IPs, a Namespace's spec). No server-side apply and no strategic merge patch: both need a real
 * API server.
 */
public final class ObjectWriter {
  private final KubernetesClient client;
  private final Retry retry;

  /** A writer through {@code client}, retrying as {@code retry} says. */
  public ObjectWriter(KubernetesClient client, Retry retry) {
    this.client = client;
    this.retry = retry;
  }

  /** Creates {@code desired} or updates the existing object of that kind, namespace and name. */
  public <T extends HasMetadata> T upsert(T desired) {
    return upsert(desired, existing -> true);
  }

  /**
   * Creates {@code desired}, or updates the existing object when {@code mayUpdate} accepts it.
   *
   * @throws io.processdeploy.api.ConflictException when the existing object is refused
   */
  public <T extends HasMetadata> T upsert(T desired, Predicate<T> mayUpdate) {
    return retry.call("creating or updating " + describe(desired), () -> {
      T existing = client.resource(desired).get();
      if (existing == null) {
        return client.resource(desired).create();
      }
      if (!mayUpdate.test(existing)) {
        throw new ConflictException(describe(existing) + " exists and is not managed by"
            + " ProcessDeploy; it was left untouched");
      }
      T update = client.getKubernetesSerialization().clone(desired);
      carryOver(existing, update);
      return client.resource(update).update();
    });
  }

  /** "Deployment invoices/runtime-bundle", for messages. */
  public static String describe(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }

  private static void carryOver(HasMetadata existing, HasMetadata update) {
    ObjectMeta from = existing.getMetadata();
    ObjectMeta to = update.getMetadata();
    to.setResourceVersion(from.getResourceVersion());
    to.setFinalizers(from.getFinalizers());
    to.setOwnerReferences(from.getOwnerReferences());
    to.setLabels(merged(from.getLabels(), to.getLabels()));
    to.setAnnotations(merged(from.getAnnotations(), to.getAnnotations()));
    if (existing instanceof Namespace before && update instanceof Namespace after) {
      after.setSpec(before.getSpec());
      after.setStatus(before.getStatus());
    } else if (existing instanceof Deployment before && update instanceof Deployment after) {
      after.setStatus(before.getStatus());
    } else if (existing instanceof Service before && update instanceof Service after) {
      after.setStatus(before.getStatus());
      if (before.getSpec() != null && after.getSpec() != null) {
        after.getSpec().setClusterIP(before.getSpec().getClusterIP());
        after.getSpec().setClusterIPs(before.getSpec().getClusterIPs());
        after.getSpec().setIpFamilies(before.getSpec().getIpFamilies());
        after.getSpec().setIpFamilyPolicy(before.getSpec().getIpFamilyPolicy());
      }
    } else if (existing instanceof Ingress before && update instanceof Ingress after) {
      after.setStatus(before.getStatus());
    }
  }

  private static Map<String, String> merged(Map<String, String> theirs, Map<String, String> ours) {
    if ((theirs == null || theirs.isEmpty()) && (ours == null || ours.isEmpty())) {
      return ours;
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (theirs != null) {
      out.putAll(theirs);
    }
    if (ours != null) {
      out.putAll(ours);
    }
    return out;
  }
}
