package io.processdeploy.core.fakes;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.Links;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A cluster in memory: namespaces are a set, health is what the test says (RUNNING on watch by
 * default), failures are queued.
 */
public class FakeClusterTarget implements ClusterTarget {
  public final Set<String> namespaces = ConcurrentHashMap.newKeySet();
  public final Set<String> foreignNamespaces = ConcurrentHashMap.newKeySet();
  public final List<ApplicationPlan> applied = new CopyOnWriteArrayList<>();
  public final List<ApplicationPlan> securityUpdates = new CopyOnWriteArrayList<>();
  public final List<String> removals = new CopyOnWriteArrayList<>();
  public final Queue<RuntimeException> applyFailures = new ConcurrentLinkedQueue<>();
  public final Map<String, List<Consumer<ClusterHealth>>> watchers = new ConcurrentHashMap<>();
  public volatile ClusterHealth initialHealth = ClusterHealth.running();
  /** When set, the first report of a watch is what this says of the watched plan. */
  public volatile java.util.function.Function<ApplicationPlan, ClusterHealth> healthOf;
  public volatile RuntimeException removeFailure;
  /** Thrown by every security update while set. */
  public volatile RuntimeException securityFailure;
  /** Called with the namespace when a removal starts, e.g. to look at the store then. */
  public volatile Consumer<String> onRemove = namespace -> { };
  /** Called with the plan when a security update starts. */
  public volatile Consumer<ApplicationPlan> onSecurityUpdate = plan -> { };
  /** How long each call takes, to let work overlap. */
  public volatile long delayMillis;
  public volatile Gate applyGate;
  /** Number of watches opened so far (counted once the first report is delivered). */
  public final java.util.concurrent.atomic.AtomicInteger watchesOpened =
      new java.util.concurrent.atomic.AtomicInteger();

  @Override
  public String id() {
    return "fake-cluster";
  }

  @Override
  public void checkNamespace(String namespace) {
    if (foreignNamespaces.contains(namespace)) {
      throw new ConflictException("namespace '" + namespace + "' exists and is not owned by"
          + " processdeploy; choose another application name");
    }
  }

  @Override
  public void apply(ApplicationPlan plan, ProgressSink progress) {
    Delay.of(delayMillis);
    Gate g = applyGate;
    if (g != null) {
      try {
        g.pass();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new io.processdeploy.api.StepFailedException("apply interrupted", false, e);
      }
    }
    RuntimeException failure = applyFailures.poll();
    if (failure != null) {
      throw failure;
    }
    namespaces.add(plan.namespace());
    applied.add(plan);
    progress.progress(plan.services().size(), plan.services().size(), "services");
  }

  @Override
  public synchronized Subscription watch(ApplicationPlan plan, Consumer<ClusterHealth> listener) {
    List<Consumer<ClusterHealth>> list = watchers.computeIfAbsent(plan.name(),
        k -> new CopyOnWriteArrayList<>());
    list.add(listener);
    var of = healthOf;
    ClusterHealth first = of != null ? of.apply(plan) : initialHealth;
    if (first != null) {
      listener.accept(first);
    }
    watchesOpened.incrementAndGet();
    return () -> list.remove(listener);
  }

  /**
   * Reports a health change to every open watch of an application. Synchronized with
   * {@link #watch} so that a watch's first report always comes before later ones.
   */
  public synchronized void report(String application, ClusterHealth health) {
    new ArrayList<>(watchers.getOrDefault(application, List.of()))
        .forEach(l -> l.accept(health));
  }

  /** Number of open watches of an application. */
  public int openWatches(String application) {
    return watchers.getOrDefault(application, List.of()).size();
  }

  @Override
  public void updateSecurity(ApplicationPlan plan) {
    onSecurityUpdate.accept(plan);
    if (securityFailure != null) {
      throw securityFailure;
    }
    securityUpdates.add(plan);
  }

  @Override
  public void remove(String namespace, RemovalMode mode, Duration timeout) {
    onRemove.accept(namespace);
    if (removeFailure != null) {
      throw removeFailure;
    }
    removals.add(namespace + ":" + mode);
    namespaces.remove(namespace);
  }

  @Override
  public Links links(ApplicationPlan plan) {
    URI gateway = URI.create("http://apps.test/" + plan.name() + "/");
    return new Links(gateway,
        plan.service("process-workspace").isPresent() ? gateway.resolve("process-workspace/") : null,
        plan.service("content-app").isPresent() ? gateway.resolve("content-app/") : null);
  }

  @Override
  public String logs(String namespace, String service, int tailLines) {
    if (!namespaces.contains(namespace)) {
      throw new NotFoundException("no namespace " + namespace);
    }
    return service + " started\n";
  }
}
