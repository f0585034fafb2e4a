package io.processdeploy.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.StatusTransition;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.core.Catalog;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.store.postgresql.PostgresStore;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three deployment service processes share one PostgreSQL store and one (embedded) cluster: 50
 * applications are deployed through random instances, one instance is killed with SIGKILL
 * mid-way, and then every application is Running exactly once, driven by a live instance, with a
 * monotonic status history, its own namespace and its own image. Prints the takeover time of the
 * killed instance's applications. Needs PostgreSQL ({@code scripts/test-servers.sh start
 * postgresql}).
 */
class SharedStoreKillIT {
  private static final int APPLICATIONS = 50;
  private static final int KILL_AFTER = 20;
  private static final Duration LEASE = Duration.ofSeconds(3);
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  @TempDir
  Path root;

  private final List<ChildProcess> children = new ArrayList<>();

  @AfterEach
  void stopChildren() throws Exception {
    for (ChildProcess child : children) {
      try {
        child.quit();
      } catch (AssertionError | Exception e) {
        // killed, or already gone
      }
    }
  }

  @Test
  void shouldRunEveryApplicationOnceAfterAnInstanceIsKilledMidWay() throws Exception {
    PostgresStore observer = observer();
    try (observer; ClusterEnvironment environment = ClusterEnvironment.startEmbedded()) {
      truncate();
      String cluster = environment.embedded().orElseThrow().url();
      for (int i = 0; i < 3; i++) {
        Path work = Files.createDirectories(root.resolve("instance-" + i));
        RouletteChild.baseImage(DirectoryRegistry.at(work.resolve("registry")), work);
        children.add(ChildProcess.launch(SharedStoreChild.class, List.of("instance-" + i,
            cluster, work.toString(), Long.toString(LEASE.toMillis())),
            root.resolve("instance-" + i + ".log")));
      }
      for (ChildProcess child : children) {
        child.await("READY"::equals, Duration.ofSeconds(120), "READY");
      }

      Random random = new Random(15);
      List<String> names = new ArrayList<>();
      List<String> heldByKilled = new ArrayList<>();
      long killedAt = 0;
      for (int i = 0; i < APPLICATIONS; i++) {
        String name = "shared-" + i;
        names.add(name);
        ChildProcess through = children.get(killedAt == 0 ? random.nextInt(3)
            : 1 + random.nextInt(2));
        through.send("deploy " + name);
        String answer = through.await(l -> l.endsWith("deploy " + name) || l.contains(
            "deploy " + name + " "), Duration.ofSeconds(60), "deploy " + name);
        assertThat(answer).as("deploy " + name).startsWith("DONE");
        if (i == KILL_AFTER) {
          for (String n : names) {
            observer.findLease(n).filter(l -> l.owner().equals("instance-0"))
                .ifPresent(l -> heldByKilled.add(n));
          }
          children.get(0).killHard();
          killedAt = System.nanoTime();
        }
      }
      Map<String, Long> takenOverAfter = new HashMap<>();
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      while (true) {
        for (String name : heldByKilled) {
          if (!takenOverAfter.containsKey(name) && observer.findLease(name)
              .filter(l -> !l.owner().equals("instance-0")).isPresent()) {
            takenOverAfter.put(name, (System.nanoTime() - killedAt) / 1_000_000);
          }
        }
        List<Application> apps = observer.applications();
        if (apps.size() == APPLICATIONS && takenOverAfter.size() == heldByKilled.size()
            && apps.stream().allMatch(a -> a.status() == ApplicationStatus.Running)) {
          break;
        }
        if (System.nanoTime() > deadline) {
          fail("not all Running within " + PATIENCE + ": " + apps.stream()
              .filter(a -> a.status() != ApplicationStatus.Running)
              .map(a -> a.name() + ":" + a.status()).toList());
        }
        Thread.sleep(50);
      }

      List<Application> apps = observer.applications();
      assertThat(apps).extracting(Application::name)
          .containsExactlyInAnyOrderElementsOf(names);
      assertThat(heldByKilled).as("applications the killed instance drove").isNotEmpty();
      for (Application app : apps) {
        assertMonotonic(app);
        assertThat(observer.findLease(app.name())).map(Lease::owner).get()
            .isIn("instance-1", "instance-2");
      }
      assertThat(apps).extracting(Application::namespace).doesNotHaveDuplicates();
      assertThat(apps).extracting(a -> a.images().get(Catalog.RUNTIME_BUNDLE))
          .doesNotContainNull().doesNotHaveDuplicates();
      assertThat(environment.client().namespaces().list().getItems())
          .extracting(n -> n.getMetadata().getName())
          .filteredOn(n -> n.startsWith("shared-")).hasSize(APPLICATIONS);

      List<Long> ms = new ArrayList<>(takenOverAfter.values());
      Collections.sort(ms);
      System.out.printf(Locale.ROOT, "SIGKILL of instance-0 after %d of %d deploys: its %d"
          + " applications taken over after p50 %d ms, p99 %d ms (lease %d ms)%n",
          KILL_AFTER + 1, APPLICATIONS, ms.size(), percentile(ms, 50), percentile(ms, 99),
          LEASE.toMillis());
    }
  }

  /** Each transition starts where the previous one ended, at the same time or later. */
  private static void assertMonotonic(Application app) {
    List<StatusTransition> history = app.history();
    for (int i = 1; i < history.size(); i++) {
      assertThat(history.get(i).from()).as(app.name() + " transition " + i)
          .isEqualTo(history.get(i - 1).to());
      assertThat(history.get(i).at()).as(app.name() + " transition " + i)
          .isAfterOrEqualTo(history.get(i - 1).at());
    }
    assertThat(history).filteredOn(t -> t.to() == ApplicationStatus.CreateApp)
        .as(app.name() + " created once").hasSize(1);
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static PostgresStore observer() {
    String url = System.getenv("PROCESSDEPLOY_POSTGRES_URL");
    if (url == null || url.isBlank()) {
      fail("PROCESSDEPLOY_POSTGRES_URL is not set; start PostgreSQL: scripts/test-servers.sh"
          + " start postgresql, then eval \"$(scripts/test-servers.sh env)\"");
    }
    try {
      return PostgresStore.builder().withJdbcUrl(url)
          .withUsername(System.getenv("PROCESSDEPLOY_POSTGRES_USER"))
          .withPassword(System.getenv("PROCESSDEPLOY_POSTGRES_PASSWORD")).build();
    } catch (RuntimeException e) {
      throw new AssertionError("no PostgreSQL at " + url + " (" + e.getMessage() + "); start"
          + " PostgreSQL: scripts/test-servers.sh start postgresql", e);
    }
  }

  private static void truncate() throws Exception {
    try (Connection c = DriverManager.getConnection(System.getenv("PROCESSDEPLOY_POSTGRES_URL"),
            System.getenv("PROCESSDEPLOY_POSTGRES_USER"),
            System.getenv("PROCESSDEPLOY_POSTGRES_PASSWORD"));
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE processdeploy_descriptor, processdeploy_application,"
          + " processdeploy_lease");
    }
  }
}
