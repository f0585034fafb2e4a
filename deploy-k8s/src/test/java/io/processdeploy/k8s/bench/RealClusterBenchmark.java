package io.processdeploy.k8s.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.RemovalMode;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.k8s.StandInServices;
import io.processdeploy.k8s.TestTargets;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ClusterPlans;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Numbers on the real single-node cluster of {@code scripts/local-cluster.sh}
 * ({@code scripts/bench-cluster.sh} starts it and runs this):
 * <ol>
 *   <li>deploy time of the sample expenses application through the deployment service
 *       (descriptor, Jib build, push, namespace, Running), CreateApp to Running, over 5 deploys;</li>
 *   <li>how long after the last pod of an application became ready (seen by a pod watch of this
 *       benchmark) the target reports it RUNNING, over {@code apps} applications, against the
 *       per-application polling baseline (2 s) watching the same applications in the same run.</li>
 * </ol>
 */
public final class RealClusterBenchmark {
  private static final Caller DEVOPS = Caller.of("bench", "APS_DEVOPS");
  private static final int DEPLOYS = 5;
  /** Applications deployed at once: 5 of 3 services request 1.5 of the node's 2 CPUs. */
  private static final int BATCH = 5;

  private RealClusterBenchmark() {}

  /** Runs the benchmark; the first argument is the number of applications of part 2 (50). */
  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 50;
    String registry = System.getenv("PROCESSDEPLOY_REGISTRY");
    try (ClusterEnvironment env = ClusterEnvironment.local();
        KubernetesClusterTarget target = TestTargets.create(env.client(),
            URI.create("http://apps.example.com/"), Duration.ofMinutes(5))) {
      deployTimes(env, target, registry);
      runningDelays(env, target, apps);
    }
  }

  private static void deployTimes(ClusterEnvironment env, KubernetesClusterTarget target,
      String registry) throws Exception {
    Path work = Files.createTempDirectory("processdeploy-bench");
    List<Double> seconds = new ArrayList<>();
    try (DeploymentService service = StandInServices.create(registry, target, work,
        RunnableImages.push(registry, Kind.SERVICE))) {
      for (int i = 0; i < DEPLOYS; i++) {
        String name = "bench-expenses-" + i;
        service.deployRelease(DEVOPS, SampleReleases.expensesRequest(name,
            RunnableImages.push(registry, Kind.SERVICE)).build());
        Application app = service.awaitStatus(DEVOPS, name,
            s -> s == ApplicationStatus.Running || s.isFailure()
                || s == ApplicationStatus.Unknown, Duration.ofMinutes(5));
        if (app.status() != ApplicationStatus.Running) {
          throw new IllegalStateException(name + " ended " + app.status() + ": " + app.reason());
        }
        double s = Duration.between(at(app, ApplicationStatus.CreateApp),
            at(app, ApplicationStatus.Running)).toMillis() / 1000.0;
        seconds.add(s);
        System.out.printf(Locale.ROOT, "deploy %d of the expenses application: %.1f s"
            + " CreateApp -> Running%n", i + 1, s);
        service.undeploy(DEVOPS, name);
        service.deleteDescriptor(DEVOPS, name);
      }
    }
    Collections.sort(seconds);
    System.out.printf(Locale.ROOT, "deploy time, median of %d: %.1f s (min %.1f, max %.1f)%n",
        DEPLOYS, seconds.get(DEPLOYS / 2), seconds.get(0), seconds.get(DEPLOYS - 1));
  }

  private static java.time.Instant at(Application app, ApplicationStatus status) {
    return app.history().stream().filter(t -> t.to() == status).map(StatusTransition::at)
        .findFirst().orElseThrow();
  }

  private static void runningDelays(ClusterEnvironment env, KubernetesClusterTarget target,
      int apps) throws Exception {
    Map<String, Long> lastReady = new ConcurrentHashMap<>();
    Map<String, Set<String>> readyPods = new ConcurrentHashMap<>();
    Map<String, Integer> expected = new ConcurrentHashMap<>();
    Watch podWatch = env.client().pods().inAnyNamespace()
        .withLabel("app.kubernetes.io/managed-by", ResourceNames.MANAGED_BY)
        .watch(new Watcher<Pod>() {
          @Override
          public void eventReceived(Action action, Pod pod) {
            String ns = pod.getMetadata().getNamespace();
            Set<String> ready = readyPods.computeIfAbsent(ns, k -> ConcurrentHashMap.newKeySet());
            if (isReady(pod) && action != Action.DELETED) {
              ready.add(pod.getMetadata().getName());
            } else {
              ready.remove(pod.getMetadata().getName());
            }
            Integer want = expected.get(ns);
            if (want != null && ready.size() >= want) {
              lastReady.putIfAbsent(ns, System.nanoTime());
            }
          }

          @Override
          public void onClose(WatcherException cause) {
            // the benchmark ends
          }
        });
    List<Double> informerDelays = new ArrayList<>();
    List<Double> pollingDelays = new ArrayList<>();
    try (PollingBaseline polling = new PollingBaseline(env.client(), Duration.ofSeconds(2), 4)) {
      for (int done = 0; done < apps; done += BATCH) {
        int n = Math.min(BATCH, apps - done);
        Map<String, Long> informerAt = new ConcurrentHashMap<>();
        Map<String, Long> pollingAt = new ConcurrentHashMap<>();
        CountDownLatch running = new CountDownLatch(2 * n);
        List<ApplicationPlan> plans = new ArrayList<>();
        List<Subscription> subscriptions = new ArrayList<>();
        List<java.util.concurrent.ScheduledFuture<?>> polls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          ApplicationPlan plan = ClusterPlans.plan("latency-" + (done + i), env.image(),
              env.port());
          plans.add(plan);
          expected.put(plan.namespace(), plan.services().size());
          target.apply(plan, ProgressSink.NONE);
          subscriptions.add(target.watch(plan, h -> record(h, plan, informerAt, running)));
          polls.add(polling.watch(plan, h -> record(h, plan, pollingAt, running)));
        }
        if (!running.await(5, TimeUnit.MINUTES)) {
          throw new IllegalStateException("not every application reached RUNNING in 5 minutes");
        }
        for (ApplicationPlan plan : plans) {
          long ready = lastReady.get(plan.namespace());
          informerDelays.add((informerAt.get(plan.namespace()) - ready) / 1e6);
          pollingDelays.add((pollingAt.get(plan.namespace()) - ready) / 1e6);
        }
        subscriptions.forEach(Subscription::close);
        polls.forEach(p -> p.cancel(false));
        plans.parallelStream().forEach(plan ->
            target.remove(plan.namespace(), RemovalMode.NORMAL, Duration.ofMinutes(3)));
        System.out.printf(Locale.ROOT, "%d of %d applications measured%n", done + n, apps);
      }
    } finally {
      podWatch.close();
    }
    Collections.sort(informerDelays);
    Collections.sort(pollingDelays);
    System.out.printf(Locale.ROOT, "RUNNING event after the last pod became ready, %d"
        + " transitions:%n", informerDelays.size());
    System.out.printf(Locale.ROOT, "  shared informers:   p50 %7.0f ms   p99 %7.0f ms%n",
        pct(informerDelays, 50), pct(informerDelays, 99));
    System.out.printf(Locale.ROOT, "  polling every 2 s:  p50 %7.0f ms   p99 %7.0f ms%n",
        pct(pollingDelays, 50), pct(pollingDelays, 99));
    System.out.printf(Locale.ROOT, "  ratio polling / informers at p50: %.1f%n",
        pct(pollingDelays, 50) / Math.max(1, pct(informerDelays, 50)));
  }

  private static void record(ClusterHealth health, ApplicationPlan plan, Map<String, Long> at,
      CountDownLatch running) {
    if (health.state() == ClusterHealth.State.RUNNING
        && at.putIfAbsent(plan.namespace(), System.nanoTime()) == null) {
      running.countDown();
    }
  }

  private static boolean isReady(Pod pod) {
    return pod.getStatus() != null && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private static double pct(List<Double> sorted, int p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
