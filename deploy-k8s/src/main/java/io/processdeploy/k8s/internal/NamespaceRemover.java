package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.RemovalMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes an application's namespace, only when it carries this library's ownership marks.
 * Normal removal deletes the namespace and waits until the cluster has emptied and removed it.
 * Forced removal first deletes this library's objects in it (whatever exists, even half-created),
 * then the namespace, and clears this library's own finalizer ({@link ResourceNames#FINALIZER})
 * if it holds the namespace; other finalizers are never touched.
 */
public final class NamespaceRemover {
  private static final Duration POLL = Duration.ofMillis(100);

  private final KubernetesClient client;
  private final Retry retry;
  private final String installationId;

  /** A remover through {@code client} for the default installation. */
  public NamespaceRemover(KubernetesClient client, Retry retry) {
    this(client, retry, Ownership.DEFAULT_INSTALLATION);
  }

  /** A remover through {@code client} of the namespaces {@code installationId} owns. */
  public NamespaceRemover(KubernetesClient client, Retry retry, String installationId) {
    this.client = client;
    this.retry = retry;
    this.installationId = installationId;
  }

  /** Removes {@code name}; see the class description. */
  public void remove(String name, RemovalMode mode, Duration timeout) {
    Namespace ns = read(name);
    if (ns == null) {
      return;
    }
    if (!Ownership.isOwned(ns, installationId)) {
      throw Ownership.notOwned(name, ns, installationId);
    }
    if (mode == RemovalMode.FORCE) {
      deleteOwnedContents(name);
    }
    if (ns.getMetadata().getDeletionTimestamp() == null) {
      retry.run(Retry.Operation.DELETE, "deleting namespace " + name,
          () -> client.namespaces().withName(name).delete());
    }
    if (mode == RemovalMode.FORCE) {
      clearOwnFinalizer(name);
    }
    awaitGone(name, mode, timeout);
  }

  /**
   * What the namespace controller says keeps the namespace (its conditions that are true, e.g.
   * {@code NamespaceFinalizersRemaining: ... example.com/hold in 1 resource instances}).
   */
  private static String blockingConditions(Namespace ns) {
    if (ns.getStatus() == null || ns.getStatus().getConditions() == null) {
      return "";
    }
    List<String> reasons = ns.getStatus().getConditions().stream()
        .filter(c -> "True".equals(c.getStatus()))
        .map(c -> c.getType() + ": " + c.getMessage()).toList();
    return reasons.isEmpty() ? "" : "; " + String.join("; ", reasons);
  }

  private Namespace read(String name) {
    return retry.call(Retry.Operation.READ, "reading namespace " + name,
        () -> client.namespaces().withName(name).get());
  }

  private void deleteOwnedContents(String ns) {
    List<MixedOperation<? extends HasMetadata, ?, ?>> kinds = new ArrayList<>();
    kinds.add(client.network().v1().ingresses());
    kinds.add(client.network().v1().networkPolicies());
    kinds.add(client.apps().deployments());
    kinds.add(client.services());
    kinds.add(client.configMaps());
    kinds.add(client.secrets());
    kinds.add(client.rbac().roleBindings());
    kinds.add(client.rbac().roles());
    kinds.add(client.serviceAccounts());
    kinds.add(client.pods());
    for (MixedOperation<? extends HasMetadata, ?, ?> kind : kinds) {
      retry.run(Retry.Operation.DELETE, "deleting the objects of namespace " + ns,
          () -> kind.inNamespace(ns)
              .withLabel(Ownership.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY).delete());
    }
  }

  private void clearOwnFinalizer(String name) {
    retry.run(Retry.Operation.FINALIZE, "clearing finalizer " + ResourceNames.FINALIZER
        + " of namespace " + name, () -> {
      Namespace current = client.namespaces().withName(name).get();
      if (current == null || !current.getMetadata().getFinalizers()
          .contains(ResourceNames.FINALIZER)) {
        return;
      }
      Namespace copy = client.getKubernetesSerialization().clone(current);
      copy.getMetadata().getFinalizers().removeIf(ResourceNames.FINALIZER::equals);
      client.resource(copy).update();
    });
  }

  private void awaitGone(String name, RemovalMode mode, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Namespace ns = read(name);
      if (ns == null) {
        return;
      }
      if (System.nanoTime() - deadline >= 0) {
        List<String> finalizers = ns.getMetadata().getFinalizers();
        String hint = mode == RemovalMode.NORMAL && finalizers.contains(ResourceNames.FINALIZER)
            ? "; force undeploy clears " + ResourceNames.FINALIZER : "";
        throw new StepFailedException("namespace " + name + " is still terminating after "
            + timeout + (finalizers.isEmpty() ? "" : "; finalizers holding it: " + finalizers)
            + blockingConditions(ns) + hint, true, null);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StepFailedException("waiting for namespace " + name + " to go was interrupted",
            false, e);
      }
    }
  }

}
