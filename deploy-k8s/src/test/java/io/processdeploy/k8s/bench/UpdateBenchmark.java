package io.processdeploy.k8s.bench;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.k8s.StandInServices;
import io.processdeploy.k8s.TestTargets;
import io.processdeploy.registry.OciRegistry;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import io.processdeploy.tck.cluster.ReadyPodWatch;
import io.processdeploy.tck.cluster.RunnableImages;
import io.processdeploy.tck.cluster.RunnableImages.Kind;
import io.processdeploy.tck.image.HttpRegistryInspector;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Numbers of updates ({@code scripts/bench-update.sh} starts the servers and runs this): the
 * sample expenses application is updated 5 times to a release that differs in one file (its
 * project manifest), then to a version whose runtime bundle crashes, which is rolled back by
 * itself. Prints the update time (request to Running, median of 5), the bytes pushed for each
 * update, the rollback time, and the longest time any service had no ready pod (looked at every
 * 20 ms) during all of it.
 *
 * <p>Argument: {@code local} (the real cluster of {@code scripts/local-cluster.sh}, default) or
 * {@code embedded}. Needs {@code PROCESSDEPLOY_REGISTRY}.
 */
public final class UpdateBenchmark {
  private static final Caller DEVOPS = Caller.of("bench", "APS_DEVOPS");
  private static final int UPDATES = 5;
  private static final String APP = "bench-update";
  private static final Pattern UPLOADED = Pattern.compile("(\\d+) blobs uploaded \\((\\d+) bytes\\)"
      + ", (\\d+) already in the registry \\((\\d+) bytes\\)");

  private UpdateBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    boolean embedded = args.length > 0 && "embedded".equals(args[0]);
    String registry = System.getenv("PROCESSDEPLOY_REGISTRY");
    if (registry == null || registry.isBlank()) {
      throw new IllegalStateException("set PROCESSDEPLOY_REGISTRY (scripts/test-servers.sh env)");
    }
    try (ClusterEnvironment env = embedded ? ClusterEnvironment.startEmbedded()
            : ClusterEnvironment.local();
        KubernetesClusterTarget target = TestTargets.create(env.client(),
            URI.create("http://apps.example.com/"), Duration.ofMinutes(5))) {
      String crashingBase = RunnableImages.push(registry, Kind.CRASHING);
      env.embedded().ifPresent(cluster -> {
        HttpRegistryInspector inspector = HttpRegistryInspector.of(registry);
        cluster.imageAvailability(image -> !image.startsWith(registry + "/")
            || inspector.inspect(ImageReference.parse(image)).isPresent());
        cluster.imageCrashes(crashingBase);
      });
      run(env, target, registry, crashingBase);
    }
  }

  private static void run(ClusterEnvironment env, KubernetesClusterTarget target,
      String registry, String crashingBase) throws Exception {
    InMemoryReleaseSource releases = SampleReleases.source();
    for (int i = 1; i <= UPDATES + 1; i++) {
      releases.add(SampleReleases.expensesReleased("1.0." + i));
    }
    Path work = Files.createTempDirectory("processdeploy-bench-update");
    List<String> pushes = new CopyOnWriteArrayList<>();
    try (DeploymentService service = StandInServices.builder(registry, OciRegistry
            .builder(registry).withRepositoryPrefix("processdeploy-bench/").allowInsecure()
            .build(), target, work, RunnableImages.push(registry, Kind.SERVICE))
        .withReleaseSource(releases)
        .withUpdateDeadline(Duration.ofMinutes(3))
        .addListener(e -> {
          if (e instanceof LogLine l && l.message().startsWith("Pushed ")) {
            pushes.add(l.message());
          }
        })
        .build()) {
      DescriptorRequest v1 = SampleReleases.expensesRequest(APP,
          RunnableImages.push(registry, Kind.SERVICE)).build();
      service.deployRelease(DEVOPS, v1);
      requireRunning(service.awaitStatus(DEVOPS, APP, s -> !s.isTransitional(),
          Duration.ofMinutes(5)));
      Set<String> services = env.client().apps().deployments().inNamespace(APP).list()
          .getItems().stream().map(d -> d.getMetadata().getName()).collect(Collectors.toSet());
      List<Double> seconds = new ArrayList<>();
      List<Long> bytes = new ArrayList<>();
      try (ReadyPodWatch watch = new ReadyPodWatch(env.client(), APP, services,
          Duration.ofMillis(20))) {
        for (int i = 1; i <= UPDATES; i++) {
          pushes.clear();
          long t0 = System.nanoTime();
          service.update(DEVOPS, APP, StandInServices.updateRequest(v1, "1.0." + i, null));
          Application app = requireRunning(service.awaitStatus(DEVOPS, APP,
              s -> s != ApplicationStatus.UpdateApp, Duration.ofMinutes(5)));
          double s = (System.nanoTime() - t0) / 1e9;
          seconds.add(s);
          Thread.sleep(300); // the push line travels through the event bus
          long pushed = uploaded(pushes);
          bytes.add(pushed);
          System.out.printf(Locale.ROOT, "update %d (one file changed, release 1.0.%d): %.1f s,"
              + " %s%n", i, i, s, pushes.isEmpty() ? "nothing pushed" : pushes.get(0)
                  .replaceFirst("^Pushed \\S+: ", "pushed "));
          if (app.currentRevision().orElseThrow().number() != i + 1) {
            throw new IllegalStateException("expected revision " + (i + 1));
          }
        }
        long t1 = System.nanoTime();
        service.update(DEVOPS, APP,
            StandInServices.updateRequest(v1, "1.0." + (UPDATES + 1), crashingBase));
        Application back = requireRunning(service.awaitStatus(DEVOPS, APP,
            s -> s != ApplicationStatus.UpdateApp, Duration.ofMinutes(5)));
        double rollback = (System.nanoTime() - t1) / 1e9;
        if (!back.reason().contains("rolled back")) {
          throw new IllegalStateException("the crashing version was not rolled back: "
              + back.reason());
        }
        watch.close();
        List<Double> sorted = new ArrayList<>(seconds);
        Collections.sort(sorted);
        List<Long> sortedBytes = new ArrayList<>(bytes);
        Collections.sort(sortedBytes);
        System.out.printf(Locale.ROOT, "update time, one-file change, median of %d: %.1f s"
            + " (min %.1f, max %.1f)%n", UPDATES, sorted.get(UPDATES / 2), sorted.get(0),
            sorted.get(UPDATES - 1));
        System.out.printf(Locale.ROOT, "bytes pushed per one-file update: median %d (min %d,"
            + " max %d)%n", sortedBytes.get(UPDATES / 2), sortedBytes.get(0),
            sortedBytes.get(UPDATES - 1));
        System.out.printf(Locale.ROOT, "automatic rollback of a crashing version: %.1f s from"
            + " the update request to Running again (%s)%n", rollback, back.reason());
        System.out.printf(Locale.ROOT, "longest gap without a ready pod, during %d updates and"
            + " the rollback: %d ms %s (%d looks every 20 ms)%n", UPDATES,
            watch.longestGap().toMillis(), watch.longestGaps(), watch.samples());
      }
      service.undeploy(DEVOPS, APP);
      service.deleteDescriptor(DEVOPS, APP);
    }
  }

  /** The bytes uploaded by the push of one update (the pusher's summary line). */
  private static long uploaded(List<String> pushLines) {
    for (String line : pushLines) {
      Matcher m = UPLOADED.matcher(line);
      if (m.find()) {
        return Long.parseLong(m.group(2));
      }
    }
    return 0;
  }

  private static Application requireRunning(Application app) {
    if (app.status() != ApplicationStatus.Running) {
      throw new IllegalStateException(app.name() + " is " + app.status() + ": " + app.reason());
    }
    return app;
  }
}
