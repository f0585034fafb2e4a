package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.DeploymentMetrics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the health of every watched application through two shared informers, one for
 * Deployments and one for pods, each over all namespaces and selected by the
 * {@code app.kubernetes.io/managed-by} label. Adding an application adds no watch and no thread:
 * it registers a listener under its namespace, and each informer event re-evaluates only the
 * namespace it concerns, on one shared thread that also fires the startup deadlines.
 *
 * <p>A listener hears the first health as soon as the informers have synced, then every change
 * of state (PENDING, RUNNING, UNKNOWN); the reason is the one of the new state.
 */
public final class HealthMonitor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);

  private final KubernetesClient client;
  private final Duration startupDeadline;
  private final String installationId;
  private final DeploymentMetrics metrics;
  private final ScheduledExecutorService worker;
  private final ConcurrentMap<String, Set<Registration>> registrations = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Map<String, Long>> appliedGenerations =
      new ConcurrentHashMap<>();
  private volatile SharedIndexInformer<Deployment> deployments;
  private volatile SharedIndexInformer<Pod> pods;
  private volatile CompletableFuture<Void> synced;
  private volatile boolean closed;

  /** A monitor through {@code client}; applications not available after the deadline are UNKNOWN. */
  public HealthMonitor(KubernetesClient client, Duration startupDeadline) {
    this(client, startupDeadline, Ownership.DEFAULT_INSTALLATION);
  }

  /**
   * A monitor of the applications of {@code installationId}: objects of another installation
   * (see {@link Ownership#belongsTo}) are neither selected nor counted.
   */
  public HealthMonitor(KubernetesClient client, Duration startupDeadline,
      String installationId) {
    this(client, startupDeadline, installationId, DeploymentMetrics.NONE);
  }

  /**
   * A monitor of the applications of {@code installationId} that counts in {@code metrics} each
   * watch lost and established again ({@link DeploymentMetrics#watchReconnected}).
   */
  public HealthMonitor(KubernetesClient client, Duration startupDeadline,
      String installationId, DeploymentMetrics metrics) {
    this.client = client;
    this.startupDeadline = startupDeadline;
    this.installationId = installationId;
    this.metrics = metrics;
    this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "processdeploy-health");
      t.setDaemon(true);
      return t;
    });
  }

  /** Starts following {@code plan}; closing the subscription stops it. */
  public Subscription watch(ApplicationPlan plan, Consumer<ClusterHealth> listener) {
    if (closed) {
      throw new IllegalStateException("the cluster target is closed");
    }
    Registration registration = new Registration(plan.namespace(),
        plan.services().stream().map(ServicePlan::name).toList(), listener,
        System.nanoTime() + startupDeadline.toNanos());
    registrations.computeIfAbsent(plan.namespace(), k -> ConcurrentHashMap.newKeySet())
        .add(registration);
    CompletableFuture<Void> ready = ensureStarted();
    registration.deadlineTimer = schedule(() -> evaluate(registration), startupDeadline);
    ready.whenComplete((ok, failure) -> submit(() -> {
      if (failure != null) {
        registration.report(ClusterHealth.unknown("cannot watch the cluster: "
            + rootMessage(failure)));
      } else {
        evaluate(registration);
      }
    }));
    return registration::close;
  }

  /**
   * Why the informers cannot follow applications now, or empty when they can (or have not been
   * started: nothing is followed yet).
   */
  public synchronized Optional<String> notFollowing() {
    if (closed) {
      return Optional.of("the cluster target is closed");
    }
    if (synced == null) {
      return Optional.empty();
    }
    if (synced.isCompletedExceptionally()) {
      return Optional.of("the informers failed to start; they start again with the next watch");
    }
    List<String> idle = new java.util.ArrayList<>();
    if (!deployments.isWatching()) {
      idle.add("deployments");
    }
    if (!pods.isWatching()) {
      idle.add("pods");
    }
    return idle.isEmpty() ? Optional.empty()
        : Optional.of("not watching " + String.join(" and ", idle) + " (reconnecting)");
  }

  /** Whether the informers have been started by a first watch. */
  public synchronized boolean started() {
    return synced != null && !closed;
  }

  /**
   * Records the generation an apply gave a Deployment: until the cached Deployment has rolled it
   * out, its service counts as rolling, so that a watch opened right after an update never
   * mistakes the previous version's availability for the new one's.
   */
  public void applied(String namespace, String deployment, Long generation) {
    if (generation != null) {
      appliedGenerations.computeIfAbsent(namespace, k -> new ConcurrentHashMap<>())
          .merge(deployment, generation, Math::max);
    }
  }

  /** Forgets what was applied in a namespace (it was removed). */
  public void forget(String namespace) {
    appliedGenerations.remove(namespace);
  }

  @Override
  public synchronized void close() {
    closed = true;
    registrations.clear();
    if (deployments != null) {
      deployments.close();
    }
    if (pods != null) {
      pods.close();
    }
    worker.shutdownNow();
  }

  private synchronized CompletableFuture<Void> ensureStarted() {
    if (synced != null && !synced.isCompletedExceptionally()) {
      return synced;
    }
    if (deployments != null) {
      deployments.close();
      pods.close();
    }
    Map<String, String> selector = new HashMap<>();
    selector.put(Ownership.MANAGED_BY_LABEL, ResourceNames.MANAGED_BY);
    if (!Ownership.DEFAULT_INSTALLATION.equals(installationId)) {
      selector.put(Ownership.INSTALLATION_LABEL, installationId);
    }
    deployments = client.apps().deployments().inAnyNamespace().withLabels(selector)
        .runnableInformer(0);
    pods = client.pods().inAnyNamespace().withLabels(selector).runnableInformer(0);
    deployments.addEventHandler(new NamespaceTrigger<>("deployments"));
    pods.addEventHandler(new NamespaceTrigger<>("pods"));
    synced = CompletableFuture.allOf(started(deployments, "deployments", "apps"),
        started(pods, "pods", ""));
    return synced;
  }

  /**
   * The start of {@code informer}; when the API server refuses its watch, the failure names the
   * missing permission, which the refusal of a watch request does not ({@code Received 403 on
   * websocket ... Message: Forbidden}).
   */
  private static CompletableFuture<Void> started(SharedIndexInformer<?> informer,
      String resource, String group) {
    return informer.start().toCompletableFuture().handle((ok, failure) -> {
      if (failure == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      String message = rootMessage(failure);
      if (message.contains("403") && message.contains("watch=true")
          && !message.contains("cannot watch")) {
        failure = new IllegalStateException("cannot watch resource \"" + resource
            + "\" in API group \"" + group + "\" at the cluster scope: " + message);
      }
      return CompletableFuture.<Void>failedFuture(failure);
    }).thenCompose(f -> f);
  }

  private void evaluateNamespace(String namespace) {
    Set<Registration> set = registrations.get(namespace);
    if (set != null) {
      set.forEach(this::evaluate);
    }
  }

  private void evaluate(Registration r) {
    if (r.closed || synced == null || !synced.isDone() || synced.isCompletedExceptionally()) {
      return;
    }
    List<Deployment> ds = deployments.getIndexer().byIndex(Cache.NAMESPACE_INDEX, r.namespace)
        .stream().filter(d -> Ownership.belongsTo(d, installationId)).toList();
    List<Pod> ps = pods.getIndexer().byIndex(Cache.NAMESPACE_INDEX, r.namespace)
        .stream().filter(p -> Ownership.belongsTo(p, installationId)).toList();
    boolean deadlinePassed = System.nanoTime() - r.deadlineAt >= 0;
    r.report(HealthEvaluator.evaluate(r.services, ds, ps, deadlinePassed, startupDeadline,
        r.wasRunning, appliedGenerations.getOrDefault(r.namespace, Map.of())));
  }

  private void submit(Runnable task) {
    try {
      worker.execute(task);
    } catch (RejectedExecutionException closing) {
      // closed
    }
  }

  private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
    try {
      return worker.schedule(task, delay.toMillis() + 1, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closing) {
      return null;
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.toString() : root.getMessage();
  }

  /**
   * Re-evaluates the namespace of whatever changed, and counts the watches lost: the informer
   * lists again (after its first list) only when its watch was lost and could not resume where it
   * stopped.
   */
  private final class NamespaceTrigger<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final String resource;

    NamespaceTrigger(String resource) {
      this.resource = resource;
    }

    @Override
    public void onBeforeList(String lastSyncResourceVersion) {
      if (lastSyncResourceVersion != null && !closed) {
        metrics.watchReconnected(resource);
      }
    }

    @Override
    public void onAdd(T obj) {
      trigger(obj);
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
      trigger(newObj);
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
      trigger(obj);
    }

    private void trigger(T obj) {
      String namespace = obj.getMetadata().getNamespace();
      if (registrations.containsKey(namespace) && Ownership.belongsTo(obj, installationId)) {
        submit(() -> evaluateNamespace(namespace));
      }
    }
  }

  /** One listener of one application. Touched only on the worker thread, except close. */
  private final class Registration {
    final String namespace;
    final List<String> services;
    final Consumer<ClusterHealth> listener;
    final long deadlineAt;
    volatile boolean closed;
    ScheduledFuture<?> deadlineTimer;
    ClusterHealth.State last;
    boolean wasRunning;

    Registration(String namespace, List<String> services, Consumer<ClusterHealth> listener,
        long deadlineAt) {
      this.namespace = namespace;
      this.services = services;
      this.listener = listener;
      this.deadlineAt = deadlineAt;
    }

    void report(ClusterHealth health) {
      if (closed || health.state() == last) {
        return;
      }
      last = health.state();
      if (health.state() == ClusterHealth.State.RUNNING) {
        wasRunning = true;
      }
      try {
        listener.accept(health);
      } catch (RuntimeException e) {
        LOG.warn("a health listener of namespace {} failed", namespace, e);
      }
    }

    void close() {
      closed = true;
      if (deadlineTimer != null) {
        deadlineTimer.cancel(false);
      }
      registrations.computeIfPresent(namespace, (k, set) -> {
        set.remove(this);
        return set.isEmpty() ? null : set;
      });
    }
  }
}
