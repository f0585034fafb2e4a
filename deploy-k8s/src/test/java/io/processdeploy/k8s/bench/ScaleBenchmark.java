package io.processdeploy.k8s.bench;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * Monitoring many applications on the embedded cluster (the bare mock API server, controllers
 * off, so that every request counted is the monitor's own): shared informers against a
 * per-application polling baseline, in one run.
 *
 * <p>Prints, for each: watch connections opened, API requests per second while idle, heap per
 * application, and the latency from a Deployment's status turning available on the API server
 * to the RUNNING callback (p50, p99), then the ratios.
 *
 * <pre>
 * scripts/bench-scale.sh [applications] [poll interval]      (default 1000 PT2S), that is
 * mvn -B -q -pl deploy-k8s -am -Pbench-scale -DskipTests verify -Dbench.apps=1000 -Dbench.poll=PT2S
 * </pre>
 */
public final class ScaleBenchmark {
  private static final Duration PATIENCE = Duration.ofMinutes(3);
  private static final long FLIP_PACE_MICROS = 5_000;

  private ScaleBenchmark() {}

  /** Runs the benchmark; see the class description. */
  public static void main(String[] args) throws Exception {
    int apps = Integer.getInteger("bench.apps", 1000);
    Duration poll = Duration.parse(System.getProperty("bench.poll", "PT2S"));
    System.out.printf("Scale benchmark: %d applications (1 Deployment + 1 pod each), polling"
        + " baseline every %s, %d cores%n", apps, poll,
        Runtime.getRuntime().availableProcessors());
    try (EmbeddedCluster cluster = EmbeddedCluster.builder().withControllers(false).start()) {
      KubernetesClient client = cluster.client();
      List<ApplicationPlan> plans = createApplications(client, apps);

      // watch connections must not grow with the number of applications
      int small = Math.max(1, apps / 10);
      Result informersSmall = run("informers", cluster, plans.subList(0, small), false,
          informers(client));
      resetStatuses(client, plans.subList(0, small));
      Result informers = run("informers", cluster, plans, true, informers(client));
      resetStatuses(client, plans);
      PollingBaseline baseline = new PollingBaseline(client, poll, 4);
      Result polling;
      try {
        polling = run("polling", cluster, plans, true, (plan, listener) -> {
          ScheduledFuture<?> f = baseline.watch(plan, listener);
          return () -> f.cancel(false);
        });
      } finally {
        baseline.close();
      }

      System.out.println();
      System.out.printf("%-34s %14s %14s %14s%n", "", "informers", "polling", "ratio");
      System.out.printf("%-34s %14s %14s%n", "watch connections, " + small + " apps",
          informersSmall.watches, "-");
      System.out.printf("%-34s %14s %14s %14s%n", "watch connections, " + apps + " apps",
          informers.watches, polling.watches, "-");
      row("API requests/s while idle", informers.idleRequestsPerSecond,
          polling.idleRequestsPerSecond);
      row("heap per application (KiB)", informers.heapPerAppKib, polling.heapPerAppKib);
      row("available -> RUNNING p50 (ms)", informers.p50Millis, polling.p50Millis);
      row("available -> RUNNING p99 (ms)", informers.p99Millis, polling.p99Millis);
      System.out.printf("%nLatency ratio polling/informers: p50 %.1fx, p99 %.1fx;"
          + " idle request ratio %s%n",
          polling.p50Millis / informers.p50Millis, polling.p99Millis / informers.p99Millis,
          informers.idleRequestsPerSecond == 0 ? "infinite (informers make none)"
              : String.format("%.0fx", polling.idleRequestsPerSecond
                  / informers.idleRequestsPerSecond));
    }
    System.exit(0);
  }

  private static void row(String label, double informers, double polling) {
    String ratio = informers == 0 ? "-" : String.format("%.2fx", polling / informers);
    System.out.printf("%-34s %14s %14s %14s%n", label, fmt(informers), fmt(polling), ratio);
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v)
        : String.format("%.2f", v);
  }

  private record Result(long watches, double idleRequestsPerSecond, double heapPerAppKib,
      double p50Millis, double p99Millis) {}

  private static BiFunction<ApplicationPlan, Consumer<ClusterHealth>, Subscription> informers(
      KubernetesClient client) {
    KubernetesClusterTarget[] target = new KubernetesClusterTarget[1];
    return (plan, listener) -> {
      if (target[0] == null) {
        target[0] = KubernetesClusterTarget.builder().withClient(client)
            .withBaseUrl(URI.create("http://apps.example.com/"))
            .withStartupDeadline(Duration.ofHours(1)).build();
      }
      Subscription s = target[0].watch(plan, listener);
      KubernetesClusterTarget t = target[0];
      return () -> {
        s.close();
        if (t.equals(target[0])) {
          t.close();
          target[0] = null;
        }
      };
    };
  }

  private static Result run(String mode, EmbeddedCluster cluster, List<ApplicationPlan> plans,
      boolean measureLatency,
      BiFunction<ApplicationPlan, Consumer<ClusterHealth>, Subscription> watch)
      throws InterruptedException {
    int n = plans.size();
    long heapBefore = usedHeap();
    long watchesBefore = cluster.watchRequestCount();
    CountDownLatch firstReports = new CountDownLatch(n);
    CountDownLatch running = new CountDownLatch(n);
    AtomicLongArray runningAt = new AtomicLongArray(n);
    List<Subscription> subscriptions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int app = i;
      boolean[] first = {true};
      subscriptions.add(watch.apply(plans.get(i), health -> {
        if (first[0]) {
          first[0] = false;
          firstReports.countDown();
        }
        if (health.state() == ClusterHealth.State.RUNNING && runningAt.get(app) == 0) {
          runningAt.set(app, System.nanoTime());
          running.countDown();
        }
      }));
    }
    await(firstReports, mode + ": first health of every application");
    long heapAfter = usedHeap();
    long watches = cluster.watchRequestCount() - watchesBefore;

    long requestsBefore = cluster.requestCount();
    long idleStart = System.nanoTime();
    Thread.sleep(3000);
    double idleRps = (cluster.requestCount() - requestsBefore)
        / ((System.nanoTime() - idleStart) / 1e9);

    double p50 = 0;
    double p99 = 0;
    if (measureLatency) {
      long[] flippedAt = new long[n];
      KubernetesClient client = cluster.client();
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        long due = start + i * FLIP_PACE_MICROS * 1000;
        while (System.nanoTime() < due) {
          Thread.onSpinWait();
        }
        ApplicationPlan plan = plans.get(i);
        flippedAt[i] = System.nanoTime();
        client.apps().deployments().inNamespace(plan.namespace()).withName("svc")
            .editStatus(d -> {
              d.setStatus(availableStatus());
              return d;
            });
      }
      await(running, mode + ": RUNNING of every application");
      double[] latencies = new double[n];
      for (int i = 0; i < n; i++) {
        latencies[i] = (runningAt.get(i) - flippedAt[i]) / 1e6;
      }
      Arrays.sort(latencies);
      p50 = latencies[(int) Math.floor(0.50 * (n - 1))];
      p99 = latencies[(int) Math.floor(0.99 * (n - 1))];
    }
    subscriptions.forEach(Subscription::close);
    Result result = new Result(watches, idleRps, (heapAfter - heapBefore) / 1024.0 / n, p50, p99);
    System.out.printf("%-9s %5d apps: watches %d, idle %.1f req/s, heap/app %.1f KiB%s%n", mode,
        n, result.watches, result.idleRequestsPerSecond, result.heapPerAppKib,
        measureLatency ? String.format(", latency p50 %.1f ms p99 %.1f ms", p50, p99) : "");
    return result;
  }

  private static List<ApplicationPlan> createApplications(KubernetesClient client, int n) {
    List<ApplicationPlan> plans = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      String name = "bench-" + i;
      ServicePlan svc = new ServicePlan("svc", ServiceKind.QUERY, "example/svc:1", 8080,
          Map.of(), Map.of(), false, null);
      ApplicationPlan base = ClusterPlans.plan(name, "example/svc:1", 8080);
      ApplicationPlan plan = new ApplicationPlan(name, name, base.descriptor(), "bench",
          List.of(svc));
      Map<String, String> labels = ResourceNames.serviceLabels(name, svc);
      Deployment d = new DeploymentBuilder().withNewMetadata().withName("svc")
          .withNamespace(name).withLabels(labels).endMetadata().withNewSpec().withReplicas(1)
          .withNewSelector().withMatchLabels(ResourceNames.selector(name, "svc")).endSelector()
          .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec()
          .addNewContainer().withName("svc").withImage("example/svc:1").endContainer()
          .endSpec().endTemplate().endSpec()
          .withStatus(new DeploymentStatusBuilder().withReplicas(1).withAvailableReplicas(0)
              .build())
          .build();
      client.apps().deployments().inNamespace(name).resource(d).create();
      client.pods().inNamespace(name).resource(new PodBuilder().withNewMetadata()
          .withName("svc-0").withNamespace(name).withLabels(labels).endMetadata()
          .withNewSpec().addNewContainer().withName("svc").withImage("example/svc:1")
          .endContainer().endSpec().withNewStatus().withPhase("Running").endStatus().build())
          .create();
      plans.add(plan);
    }
    System.out.printf("created %d Deployments and %d pods in %.1f s%n", n, n,
        (System.nanoTime() - start) / 1e9);
    return plans;
  }

  private static void resetStatuses(KubernetesClient client, List<ApplicationPlan> plans) {
    for (ApplicationPlan plan : plans) {
      client.apps().deployments().inNamespace(plan.namespace()).withName("svc").editStatus(d -> {
        d.setStatus(new DeploymentStatusBuilder().withReplicas(1).withAvailableReplicas(0)
            .build());
        return d;
      });
    }
  }

  private static DeploymentStatus availableStatus() {
    return new DeploymentStatusBuilder().withReplicas(1).withReadyReplicas(1)
        .withAvailableReplicas(1).withUpdatedReplicas(1).addNewCondition().withType("Available")
        .withStatus("True").withReason("MinimumReplicasAvailable").endCondition().build();
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    if (!latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(what + " did not arrive within " + PATIENCE + " ("
          + latch.getCount() + " missing)");
    }
  }

  private static long usedHeap() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
