package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ResourceNames;
import java.util.function.Predicate;

/**
 * Creates or updates objects by server-side apply under the field manager
 * {@link ResourceNames#FIELD_MANAGER}, forcing conflicts: the fields this library renders become
 * its own, and what others own stays theirs — status, finalizers, owner references, labels and
 * annotations it does not set, a replica count changed by an autoscaler or {@code kubectl scale},
 * and the fields the server assigns (a Service's cluster IPs, a Namespace's spec). A field it
 * applied before and renders no more is removed. Applying an unchanged object changes nothing.
 * Creating needs the verbs {@code create} and {@code patch}, updating {@code patch}; a refusal
 * names the missing one ({@link ApplyRefusal}).
 */
public final class ObjectWriter {
  private final KubernetesClient client;
  private final Retry retry;

  /** A writer through {@code client}, retrying as {@code retry} says. */
  public ObjectWriter(KubernetesClient client, Retry retry) {
    this.client = client;
    this.retry = retry;
  }

  /** Creates {@code desired} or applies it to the existing object of that kind and name. */
  public <T extends HasMetadata> T upsert(T desired) {
    return retry.call(Retry.Operation.APPLY, "applying " + describe(desired), () -> apply(desired));
  }

  /**
   * Creates {@code desired}, or applies it to the existing object when {@code mayUpdate} accepts
   * that object; reads it first to ask.
   *
   * @throws io.processdeploy.api.ConflictException when the existing object is refused; it is
   *     left untouched
   */
  public <T extends HasMetadata> T upsert(T desired, Predicate<T> mayUpdate) {
    return retry.call(Retry.Operation.APPLY, "applying " + describe(desired), () -> {
      T existing = client.resource(desired).get();
      if (existing != null && !mayUpdate.test(existing)) {
        throw new ConflictException(describe(existing) + " exists and is not managed by"
            + " ProcessDeploy; it was left untouched");
      }
      return apply(desired);
    });
  }

  /** "Deployment invoices/runtime-bundle", for messages. */
  public static String describe(HasMetadata object) {
    String ns = object.getMetadata().getNamespace();
    return object.getKind() + " " + (ns == null ? "" : ns + "/") + object.getMetadata().getName();
  }

  private <T extends HasMetadata> T apply(T desired) {
    try {
      return client.resource(desired).fieldManager(ResourceNames.FIELD_MANAGER).forceConflicts()
          .serverSideApply();
    } catch (KubernetesClientException e) {
      throw ApplyRefusal.explain(e, desired);
    }
  }
}
