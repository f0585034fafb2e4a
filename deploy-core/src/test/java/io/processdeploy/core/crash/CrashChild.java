package io.processdeploy.core.crash;

import io.processdeploy.api.Caller;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.store.FileStore;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The process the crash test kills: a deployment service on a file store and fake SPIs.
 *
 * <p>Arguments: the store directory, the signal file, then either a pause point (a status name
 * or {@code descriptor}: one application is deployed and the process stops dead right after that
 * point is stored) or {@code storm:<n>} ({@code n} applications deploy at once with slow steps; the signal
 * comes once the first one is stored).
 */
public final class CrashChild {
  static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    Path storeDir = Path.of(args[0]);
    Path signal = Path.of(args[1]);
    String what = args[2];
    boolean storm = what.startsWith("storm:");
    FakeImageBuilder builder = new FakeImageBuilder();
    FakeImageRegistry registry = new FakeImageRegistry();
    FakeClusterTarget cluster = new FakeClusterTarget();
    if (storm) {
      builder.delayMillis = 15;
      registry.delayMillis = 15;
      cluster.delayMillis = 15;
    }
    PausingStore store = new PausingStore(FileStore.open(storeDir),
        storm || what.startsWith("update") ? "" : what, signal);
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(CrashRecoveryTest.releases())
        .withStore(store)
        .withImageBuilder(builder)
        .withImageRegistry(registry)
        .withClusterTarget(cluster)
        .withWorkDirectory(storeDir.resolveSibling("work"))
        .withWorkers(3)
        .build();
    if (what.startsWith("update")) {
      // update:<point> or update-failing:<point>: deploy, then update to 1.2.0 and stop at point
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(CrashRecoveryTest.APP).build());
      service.awaitStatus(DEVOPS, CrashRecoveryTest.APP,
          s -> s == io.processdeploy.api.ApplicationStatus.Running, java.time.Duration.ofSeconds(30));
      if (what.startsWith("update-failing")) {
        String running = service.getApplication(DEVOPS, CrashRecoveryTest.APP).images()
            .get("runtime-bundle");
        cluster.healthOf = plan -> running.equals(plan.service("runtime-bundle").orElseThrow()
            .image()) ? io.processdeploy.api.spi.ClusterHealth.running()
            : io.processdeploy.api.spi.ClusterHealth.unknown("service runtime-bundle:"
                + " CrashLoopBackOff");
      }
      store.pauseAt(what.substring(what.indexOf(':') + 1));
      service.update(DEVOPS, CrashRecoveryTest.APP, CrashRecoveryTest.updateRequest());
      Thread.sleep(Long.MAX_VALUE);
    }
    if (!storm) {
      service.deployRelease(DEVOPS, SampleReleases.expensesRequest(CrashRecoveryTest.APP).build());
      Thread.sleep(Long.MAX_VALUE);
    }
    int count = Integer.parseInt(what.substring("storm:".length()));
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = "storm-" + i;
      Thread t = new Thread(() -> service.deployRelease(DEVOPS,
          SampleReleases.expensesRequest(name).build()));
      callers.add(t);
    }
    for (Thread t : callers) {
      t.start();
    }
    while (service.listApplications(DEVOPS).isEmpty()) {
      Thread.sleep(1);
    }
    PausingStore.signal(signal, "started");
    Thread.sleep(Long.MAX_VALUE);
  }
}
