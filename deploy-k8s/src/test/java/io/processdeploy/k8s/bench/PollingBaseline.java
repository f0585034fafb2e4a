package io.processdeploy.k8s.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.k8s.internal.HealthEvaluator;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The design the shared informers replace: every application polls its own namespace (list its
 * Deployments and pods) at a fixed interval, on a small shared thread pool. Same evaluation, same
 * callbacks; only the way the state is fetched differs.
 */
final class PollingBaseline implements AutoCloseable {
  private final KubernetesClient client;
  private final Duration interval;
  private final ScheduledExecutorService pool;

  PollingBaseline(KubernetesClient client, Duration interval, int threads) {
    this.client = client;
    this.interval = interval;
    this.pool = Executors.newScheduledThreadPool(threads, r -> {
      Thread t = new Thread(r, "polling-baseline");
      t.setDaemon(true);
      return t;
    });
  }

  /** Polls {@code plan}'s namespace until the returned handle is cancelled. */
  ScheduledFuture<?> watch(ApplicationPlan plan, Consumer<ClusterHealth> listener) {
    List<String> services = plan.services().stream().map(ServicePlan::name).toList();
    ClusterHealth.State[] last = new ClusterHealth.State[1];
    long initialDelay = ThreadLocalRandom.current().nextLong(interval.toMillis());
    return pool.scheduleAtFixedRate(() -> {
      try {
        List<Deployment> ds = client.apps().deployments().inNamespace(plan.namespace()).list()
            .getItems();
        List<Pod> ps = client.pods().inNamespace(plan.namespace()).list().getItems();
        ClusterHealth health = HealthEvaluator.evaluate(services, ds, ps, false, interval,
            false);
        if (health.state() != last[0]) {
          last[0] = health.state();
          listener.accept(health);
        }
      } catch (RuntimeException e) {
        // a failed poll is retried at the next tick
      }
    }, initialDelay, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
