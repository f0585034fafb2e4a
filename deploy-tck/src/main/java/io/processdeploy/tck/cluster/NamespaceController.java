package io.processdeploy.tck.cluster;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Does for namespaces what the namespace lifecycle controller does on a real cluster: a namespace
 * is Active, and once deleted it is Terminating while everything in it is deleted; it disappears
 * only when it is empty and no other finalizer holds it.
 *
 * <p>A real cluster holds a terminating namespace with {@code spec.finalizers: [kubernetes]}; the
 * mock server only honours {@code metadata.finalizers}, so this controller puts
 * {@link EmbeddedCluster#NAMESPACE_FINALIZER} there instead.
 */
final class NamespaceController implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceController.class);

  private final KubernetesClient client;
  private final ScheduledExecutorService loop;
  private SharedIndexInformer<Namespace> informer;

  NamespaceController(KubernetesClient client, ScheduledExecutorService loop) {
    this.client = client;
    this.loop = loop;
  }

  void start() {
    informer = client.namespaces().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Namespace ns) {
        enqueue(ns.getMetadata().getName(), 0);
      }

      @Override
      public void onUpdate(Namespace before, Namespace after) {
        enqueue(after.getMetadata().getName(), 0);
      }

      @Override
      public void onDelete(Namespace ns, boolean unknownFinalState) {
        enqueue(ns.getMetadata().getName(), 0);
      }
    }, 0);
  }

  @Override
  public void close() {
    if (informer != null) {
      informer.close();
    }
  }

  private void enqueue(String namespace, long delayMillis) {
    if (loop.isShutdown()) {
      return;
    }
    try {
      loop.schedule(() -> reconcileSafely(namespace), delayMillis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      // the cluster is closing
    }
  }

  private void reconcileSafely(String namespace) {
    try {
      reconcile(namespace);
    } catch (KubernetesClientException e) {
      LOG.debug("reconciling namespace {} failed, retrying: {}", namespace, e.getMessage());
      enqueue(namespace, 200);
    }
  }

  private void reconcile(String name) {
    Namespace ns = client.namespaces().withName(name).get();
    if (ns == null) {
      // deleted without our finalizer (before this controller saw it): still take its contents
      deleteContents(name);
      return;
    }
    if (ns.getMetadata().getDeletionTimestamp() == null) {
      boolean hasFinalizer = ns.getMetadata().getFinalizers()
          .contains(EmbeddedCluster.NAMESPACE_FINALIZER);
      if (!hasFinalizer || !hasPhase(ns, "Active")) {
        // the mock server has no namespace status subresource: status goes with the object
        client.namespaces().withName(name).edit(n -> {
          if (!n.getMetadata().getFinalizers().contains(EmbeddedCluster.NAMESPACE_FINALIZER)) {
            n.getMetadata().getFinalizers().add(EmbeddedCluster.NAMESPACE_FINALIZER);
          }
          n.setStatus(new NamespaceStatusBuilder().withPhase("Active").build());
          return n;
        });
      }
      return;
    }
    if (!hasPhase(ns, "Terminating")) {
      client.namespaces().withName(name).edit(n -> {
        n.setStatus(new NamespaceStatusBuilder().withPhase("Terminating").build());
        return n;
      });
    }
    if (!deleteContents(name)) {
      enqueue(name, 100);
      return;
    }
    if (ns.getMetadata().getFinalizers().contains(EmbeddedCluster.NAMESPACE_FINALIZER)) {
      client.namespaces().withName(name).edit(n -> {
        n.getMetadata().getFinalizers().remove(EmbeddedCluster.NAMESPACE_FINALIZER);
        return n;
      });
    }
  }

  private static boolean hasPhase(Namespace ns, String phase) {
    return ns.getStatus() != null && phase.equals(ns.getStatus().getPhase());
  }

  /** Deletes everything in the namespace; true when nothing is left. */
  private boolean deleteContents(String namespace) {
    List<Function<String, List<? extends HasMetadata>>> kinds = new ArrayList<>();
    kinds.add(ns -> purge(client.apps().deployments(), ns));
    kinds.add(ns -> purge(client.apps().replicaSets(), ns));
    kinds.add(ns -> purge(client.pods(), ns));
    kinds.add(ns -> purge(client.services(), ns));
    kinds.add(ns -> purge(client.configMaps(), ns));
    kinds.add(ns -> purge(client.secrets(), ns));
    kinds.add(ns -> purge(client.serviceAccounts(), ns));
    kinds.add(ns -> purge(client.rbac().roles(), ns));
    kinds.add(ns -> purge(client.rbac().roleBindings(), ns));
    kinds.add(ns -> purge(client.network().v1().ingresses(), ns));
    kinds.add(ns -> purge(client.network().v1().networkPolicies(), ns));
    kinds.add(ns -> purge(client.v1().events(), ns));
    boolean empty = true;
    for (Function<String, List<? extends HasMetadata>> kind : kinds) {
      empty &= kind.apply(namespace).isEmpty();
    }
    return empty;
  }

  /** Deletes every object of one kind in the namespace; returns what is still there. */
  private static <T extends HasMetadata, L extends KubernetesResourceList<T>> List<T> purge(
      MixedOperation<T, L, ?> operation, String namespace) {
    List<T> items = operation.inNamespace(namespace).list().getItems();
    if (!items.isEmpty()) {
      operation.inNamespace(namespace).delete();
      items = operation.inNamespace(namespace).list().getItems();
    }
    return items;
  }
}
