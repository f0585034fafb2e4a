package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Members;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Security;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.core.fakes.FakeClusterTarget;
import io.processdeploy.core.fakes.FakeImageBuilder;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.core.fakes.Gate;
import io.processdeploy.core.store.InMemoryStore;
import io.processdeploy.tck.release.InMemoryReleaseSource;
import io.processdeploy.tck.release.SampleReleases;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three deployment service instances share one store and one cluster: applications deployed
 * through any of them are driven by exactly one (the holder of the application's lease), and when
 * one instance dies (it stops reaching the store, as a killed process does) the others take its
 * applications over once its leases expire, finishing what it was doing (a deployment, an update,
 * a removal) exactly once.
 */
class SharedStoreTest {
  private static final Caller DEVOPS = Caller.of("dana", "APS_DEVOPS");
  private static final Duration LEASE = Duration.ofMillis(900);
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir
  Path work;

  private final InMemoryReleaseSource releases = SampleReleases.source();
  private final InMemoryStore store = new InMemoryStore();
  private final FakeImageBuilder builder = new FakeImageBuilder();
  private final FakeImageRegistry registry = new FakeImageRegistry();
  private final FakeClusterTarget cluster = new FakeClusterTarget();
  private final List<DeploymentService> services = new ArrayList<>();

  @AfterEach
  void closeServices() {
    services.forEach(DeploymentService::close);
  }

  @Test
  void shouldDriveEveryApplicationExactlyOnceAndTakeOverTheApplicationsOfADeadInstance()
      throws Exception {
    builder.delayMillis = 30;
    cluster.delayMillis = 60;
    List<AtomicBoolean> dead = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      AtomicBoolean cut = new AtomicBoolean();
      dead.add(cut);
      services.add(instance(i, cut));
    }

    Random random = new Random(15);
    List<String> names = new ArrayList<>();
    Map<String, String> heldByDead = new HashMap<>();
    long killedAt = 0;
    for (int i = 0; i < 50; i++) {
      String name = "shared-" + i;
      names.add(name);
      boolean killed = killedAt != 0;
      DeploymentService through = services.get(killed ? 1 + random.nextInt(2) : random.nextInt(3));
      through.deployRelease(DEVOPS, SampleReleases.timesheetsRequest(name).build());
      if (i == 24) {
        // instance-0 dies: from now on it reaches nothing, and renews nothing
        for (String n : names) {
          store.findLease(n).filter(l -> l.owner().equals("instance-0"))
              .ifPresent(l -> heldByDead.put(n, l.owner()));
        }
        dead.get(0).set(true);
        killedAt = System.nanoTime();
      }
    }

    DeploymentService live = services.get(1);
    List<Long> takeoverMillis = new ArrayList<>();
    for (String name : names) {
      Application app = live.awaitStatus(DEVOPS, name, s -> s == ApplicationStatus.Running, WAIT);
      assertThat(app.status()).isEqualTo(ApplicationStatus.Running);
    }
    for (String name : heldByDead.keySet()) {
      Lease lease = store.findLease(name).orElseThrow();
      assertThat(lease.owner()).as(name + " taken over").isNotEqualTo("instance-0");
    }
    takeoverMillis.add((System.nanoTime() - killedAt) / 1_000_000);

    assertThat(heldByDead).as("applications instance-0 drove when it died").isNotEmpty();
    for (Application app : store.applications()) {
      assertMonotonic(app);
      assertThat(store.findLease(app.name())).map(Lease::owner).get()
          .isIn("instance-1", "instance-2");
    }
    assertThat(store.applications()).hasSize(50);
    assertThat(store.applications()).extracting(Application::namespace).doesNotHaveDuplicates();
    assertThat(store.applications()).extracting(a -> a.images().get(Catalog.RUNTIME_BUNDLE))
        .doesNotContainNull().doesNotHaveDuplicates();
    Map<String, Long> appliesPerNamespace = cluster.applied.stream()
        .collect(Collectors.groupingBy(p -> p.namespace(), Collectors.counting()));
    Set<String> appliedTwice = new HashSet<>();
    appliesPerNamespace.forEach((ns, n) -> {
      if (n > 1) {
        appliedTwice.add(ns);
      }
    });
    // a step is done again only when its driver died in it (a resumed step is idempotent)
    assertThat(appliedTwice).isSubsetOf(heldByDead.keySet());
    System.out.printf("%d applications, instance-0 held %d when it died; all Running %d ms"
        + " after the kill (lease %d ms); applied twice: %s%n", names.size(), heldByDead.size(),
        takeoverMillis.get(0), LEASE.toMillis(), appliedTwice);
  }

  @Test
  void shouldHaveTheDrivingInstanceCarryOutRequestsAnotherInstanceReceived() {
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    DeploymentService driver = instance(0, new AtomicBoolean());
    DeploymentService other = instance(1, new AtomicBoolean());
    services.add(driver);
    services.add(other);
    DescriptorRequest v1 = SampleReleases.expensesRequest("forwarded").build();
    driver.deployRelease(DEVOPS, v1);
    driver.awaitStatus(DEVOPS, "forwarded", s -> s == ApplicationStatus.Running, WAIT);
    assertThat(store.findLease("forwarded")).map(Lease::owner).contains("instance-0");

    DescriptorRequest v2 = new DescriptorRequest(v1.name(),
        ReleaseRef.of(v1.release().projectId(), "1.2.0"), v1.security(), v1.connectors(),
        v1.infrastructure());
    assertThat(other.update(DEVOPS, "forwarded", v2).status())
        .isEqualTo(ApplicationStatus.UpdateApp);
    Application updated = other.awaitStatus(DEVOPS, "forwarded",
        s -> s == ApplicationStatus.Running, WAIT);
    assertThat(updated.reason()).startsWith("updated to revision 2");
    assertThat(store.findLease("forwarded")).map(Lease::owner).contains("instance-0");
    assertThat(builder.requests).as("one build per revision").hasSize(2);
    assertMonotonic(updated);

    other.undeploy(DEVOPS, "forwarded");
    assertThat(store.findApplication("forwarded")).isEmpty();
    assertThat(cluster.removals).containsExactly("forwarded:NORMAL");
  }

  @Test
  void shouldHaveTheDrivingInstanceApplyAPermissionChangeAnotherInstanceReceivedOnce() {
    DeploymentService driver = instance(0, new AtomicBoolean());
    DeploymentService other = instance(1, new AtomicBoolean());
    services.add(driver);
    services.add(other);
    driver.deployRelease(DEVOPS, SampleReleases.expensesRequest("permitted").build());
    driver.awaitStatus(DEVOPS, "permitted", s -> s == ApplicationStatus.Running, WAIT);
    assertThat(store.findLease("permitted")).map(Lease::owner).contains("instance-0");
    Security security = new Security(Members.users("alice", "bob"), Members.users("carol"));

    Application changed = other.updatePermissions(DEVOPS, "permitted", security);

    assertThat(changed.descriptor().security()).isEqualTo(security);
    assertThat(changed.pendingSecurity()).isNull();
    Application stored = store.findApplication("permitted").orElseThrow();
    assertThat(stored.descriptor().security()).isEqualTo(security);
    assertThat(stored.pendingSecurity()).isNull();
    assertThat(store.findDescriptor("permitted").orElseThrow().security()).isEqualTo(security);
    assertThat(cluster.securityUpdates).as("applied once, by the driving instance")
        .singleElement()
        .satisfies(p -> assertThat(p.descriptor().security()).isEqualTo(security));
    assertThat(store.findLease("permitted")).map(Lease::owner).contains("instance-0");
  }

  @Test
  void shouldRetryAStaleWriteOnWhatIsStoredNowAndLoseNeitherWrite() {
    AtomicInteger stale = new AtomicInteger();
    AtomicBoolean interfered = new AtomicBoolean(true);  // armed below
    // just before the permission change is written as completed, another write comes first
    // (as a watch of another instance moving the application to Unknown)
    DeploymentStore racing = writingFirst(store, (app, version) -> {
      if (app.pendingSecurity() == null && interfered.compareAndSet(false, true)) {
        Application stored = store.findApplication(app.name()).orElseThrow();
        store.replaceApplication(stored.transition(ApplicationStatus.Unknown,
            "the cluster cannot be reached", stored.updatedAt()), version);
      }
    }, stale);
    DeploymentService service = DeploymentService.builder()
        .withReleaseSource(releases)
        .withStore(racing)
        .withImageBuilder(builder)
        .withImageRegistry(registry)
        .withClusterTarget(cluster)
        .withWorkDirectory(work.resolve("racing"))
        .withInstanceId("instance-0")
        .withLeaseTime(LEASE)
        .build();
    services.add(service);
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("raced").build());
    service.awaitStatus(DEVOPS, "raced", s -> s == ApplicationStatus.Running, WAIT);
    Security security = new Security(Members.users("alice", "bob"), Members.users("carol"));
    stale.set(0);
    interfered.set(false);

    service.updatePermissions(DEVOPS, "raced", security);

    assertThat(interfered).isTrue();
    assertThat(stale).as("stale writes refused").hasPositiveValue();
    Application stored = store.findApplication("raced").orElseThrow();
    assertThat(stored.status()).as("the other write is kept").isEqualTo(ApplicationStatus.Unknown);
    assertThat(stored.descriptor().security()).as("and so is this one").isEqualTo(security);
    assertThat(stored.pendingSecurity()).isNull();
    assertMonotonic(stored);
  }

  /**
   * {@code store}, where {@code first} runs before each compare-and-set write of an application
   * (given what is to be written and the expected version); {@code stale} counts the refused.
   */
  private static DeploymentStore writingFirst(DeploymentStore store,
      BiConsumer<Application, Long> first, AtomicInteger stale) {
    return (DeploymentStore) Proxy.newProxyInstance(DeploymentStore.class.getClassLoader(),
        new Class<?>[] {DeploymentStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;
          }
          if (method.getName().equals("replaceApplication") && args.length == 2) {
            first.accept((Application) args[0], (Long) args[1]);
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            if (e.getCause() instanceof StaleWriteException) {
              stale.incrementAndGet();
            }
            throw e.getCause();
          }
        });
  }

  @Test
  void shouldHaveAnotherInstanceFinishTheUpdateOfADeadInstanceOnce() throws Exception {
    releases.add(SampleReleases.expensesReleased("1.2.0"));
    AtomicBoolean cut = new AtomicBoolean();
    DeploymentService dying = instance(0, cut);
    DeploymentService survivor = instance(1, new AtomicBoolean());
    services.add(dying);
    services.add(survivor);
    DescriptorRequest v1 = SampleReleases.expensesRequest("moving").build();
    dying.deployRelease(DEVOPS, v1);
    dying.awaitStatus(DEVOPS, "moving", s -> s == ApplicationStatus.Running, WAIT);
    assertThat(store.findLease("moving")).map(Lease::owner).contains("instance-0");
    Gate build = new Gate();  // never opened: the dying instance stays in its build
    builder.gate = build;
    dying.update(DEVOPS, "moving", new DescriptorRequest(v1.name(),
        ReleaseRef.of(v1.release().projectId(), "1.2.0"), v1.security(), v1.connectors(),
        v1.infrastructure()));
    build.awaitArrival();
    builder.gate = null;

    cut.set(true);  // instance-0 dies mid-update

    Application updated = survivor.awaitStatus(DEVOPS, "moving",
        s -> s == ApplicationStatus.Running, WAIT);
    assertThat(updated.reason()).startsWith("updated to revision 2");
    assertThat(store.findLease("moving")).map(Lease::owner).contains("instance-1");
    assertThat(updated.revisions()).extracting(Revision::number, Revision::outcome)
        .containsExactly(tuple(1, Revision.Outcome.SUPERSEDED),
            tuple(2, Revision.Outcome.DEPLOYED));
    assertThat(updated.history()).as("one update, finished once")
        .filteredOn(t -> t.to() == ApplicationStatus.UpdateApp || t.from()
            == ApplicationStatus.UpdateApp).hasSize(2);
    assertThat(cluster.applied).filteredOn(p -> p.namespace().equals(updated.namespace()))
        .as("applied by the deploy, then once by the update").hasSize(2);
    assertMonotonic(updated);
  }

  @Test
  void shouldHaveAnotherInstanceFinishTheRemovalOfADeadInstanceOnce() throws Exception {
    AtomicBoolean cut = new AtomicBoolean();
    DeploymentService dying = instance(0, cut);
    DeploymentService survivor = instance(1, new AtomicBoolean());
    services.add(dying);
    services.add(survivor);
    dying.deployRelease(DEVOPS, SampleReleases.expensesRequest("leaving").build());
    dying.awaitStatus(DEVOPS, "leaving", s -> s == ApplicationStatus.Running, WAIT);
    CountDownLatch removing = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean first = new AtomicBoolean(true);
    cluster.onRemove = namespace -> {
      if (first.compareAndSet(true, false)) {
        removing.countDown();
        try {
          never.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        throw new DeploymentException("the instance removing it was killed");
      }
    };
    Thread undeploy = new Thread(() -> {
      try {
        dying.undeploy(DEVOPS, "leaving");
      } catch (RuntimeException expected) {
        // it dies in the removal
      }
    });
    undeploy.start();
    assertThat(removing.await(30, TimeUnit.SECONDS)).as("the removal reached the cluster")
        .isTrue();

    cut.set(true);  // instance-0 dies mid-removal

    long deadline = System.nanoTime() + WAIT.toNanos();
    while (store.findApplication("leaving").isPresent() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(store.findApplication("leaving")).as("removed by instance-1").isEmpty();
    assertThat(cluster.removals).as("removed once").containsExactly("leaving:NORMAL");
    assertThat(store.findDescriptor("leaving")).as("the descriptor is kept").isPresent();
    assertThat(store.findLease("leaving")).isEmpty();
    never.countDown();
    undeploy.join(10_000);
  }

  private DeploymentService instance(int i, AtomicBoolean cut) {
    return DeploymentService.builder()
        .withReleaseSource(releases)
        .withStore(reachableWhile(store, cut))
        .withImageBuilder(builder)
        .withImageRegistry(registry)
        .withClusterTarget(cluster)
        .withWorkDirectory(work.resolve("instance-" + i))
        .withInstanceId("instance-" + i)
        .withLeaseTime(LEASE)
        .build();
  }

  /** Each transition starts where the previous one ended, at the same time or later. */
  private static void assertMonotonic(Application app) {
    List<StatusTransition> history = app.history();
    for (int i = 1; i < history.size(); i++) {
      StatusTransition before = history.get(i - 1);
      StatusTransition t = history.get(i);
      assertThat(t.from()).as(app.name() + " transition " + i).isEqualTo(before.to());
      assertThat(t.at()).as(app.name() + " transition " + i).isAfterOrEqualTo(before.at());
    }
    assertThat(history.stream().filter(t -> t.to() == ApplicationStatus.CreateApp))
        .as(app.name() + " created once").hasSize(1);
  }

  /** {@code store} as one instance sees it: unreachable once {@code cut} is set. */
  private static DeploymentStore reachableWhile(DeploymentStore store, AtomicBoolean cut) {
    return (DeploymentStore) Proxy.newProxyInstance(DeploymentStore.class.getClassLoader(),
        new Class<?>[] {DeploymentStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("close")) {
            return null;  // shared: the test owns it
          }
          if (cut.get() && !method.getName().equals("id") && !method.getName().equals("priority")
              && !method.getName().equals("toString")) {
            throw new DeploymentException("the store cannot be reached");
          }
          try {
            return method.invoke(store, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }
}
