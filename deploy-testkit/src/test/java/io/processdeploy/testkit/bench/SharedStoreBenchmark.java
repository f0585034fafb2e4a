package io.processdeploy.testkit.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.k8s.KubernetesClusterTarget;
import io.processdeploy.registry.JibImageBuilder;
import io.processdeploy.store.postgresql.PostgresStore;
import io.processdeploy.testkit.DeploymentEnvironment;
import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Numbers of deployment services sharing a PostgreSQL store ({@code scripts/bench-shared.sh}
 * starts PostgreSQL and runs this) on the embedded cluster: deploys per minute with one instance
 * and with three, JDBC statements per deploy, and the time until the applications of an instance
 * that stops reaching the database are driven by another (p50/p99 over its applications). A
 * short one-instance run first warms the JVM up, so that the two compared runs start alike.
 *
 * <p>Arguments: applications per run (default 12), lease time in ms (default 3000).
 */
public final class SharedStoreBenchmark {
  private static final Duration PATIENCE = Duration.ofMinutes(5);

  private SharedStoreBenchmark() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    int apps = args.length > 0 ? Integer.parseInt(args[0]) : 12;
    Duration lease = Duration.ofMillis(args.length > 1 ? Long.parseLong(args[1]) : 3000);
    run(1, Math.min(apps, 6), lease, false); // warm-up (JIT, first image builds), not compared
    double one = run(1, apps, lease, false);
    double three = run(3, apps, lease, true);
    System.out.printf(Locale.ROOT, "deploys per minute: %.1f with 1 instance, %.1f with 3"
        + " (x%.2f)%n", one, three, three / one);
  }

  /** Deploys {@code apps} applications through {@code instances} instances; deploys per minute. */
  private static double run(int instances, int apps, Duration lease, boolean kill)
      throws Exception {
    truncate();
    List<CountingDataSource> sources = new ArrayList<>();
    List<HikariDataSource> pools = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      HikariDataSource pool = pool();
      pools.add(pool);
      sources.add(new CountingDataSource(pool));
    }
    List<DeploymentService> services = new ArrayList<>();
    try (DeploymentEnvironment env = DeploymentEnvironment.builder()
        .configureService(b -> b.withStore(store(sources.get(0))).withInstanceId("instance-0")
            .withLeaseTime(lease))
        .start()) {
      services.add(env.service());
      for (int i = 1; i < instances; i++) {
        KubernetesClusterTarget target = KubernetesClusterTarget.builder()
            .withClient(env.client()).withBaseUrl(URI.create("http://apps.example.com/")).build();
        services.add(DeploymentService.builder()
            .withDevopsRole(DeploymentEnvironment.DEVOPS_ROLE)
            .withReleaseSource(env.releases())
            .withImageBuilder(new JibImageBuilder())
            .withImageRegistry(env.registry())
            .withClusterTarget(target)
            .withCatalog(env.catalog())
            .withWorkDirectory(Files.createTempDirectory("processdeploy-bench-instance-" + i))
            .withStore(store(sources.get(i)))
            .withInstanceId("instance-" + i)
            .withLeaseTime(lease)
            .build());
      }
      long statementsBefore = total(sources);
      long t0 = System.nanoTime();
      List<String> names = new ArrayList<>();
      for (int i = 0; i < apps; i++) {
        String name = "bench-" + instances + "-" + i;
        names.add(name);
        services.get(i % instances).deployRelease(env.devops(), env.samples().expenses(name));
      }
      for (String name : names) {
        ApplicationStatus status = services.get(0).awaitStatus(env.devops(), name,
            s -> !s.isTransitional(), PATIENCE).status();
        if (status != ApplicationStatus.Running) {
          throw new IllegalStateException(name + " ended " + status);
        }
      }
      double minutes = (System.nanoTime() - t0) / 60e9;
      double perMinute = apps / minutes;
      System.out.printf(Locale.ROOT, "%d instance(s): %d applications Running in %.1f s: %.1f"
          + " deploys per minute, %.1f JDBC statements per deploy (lease renewals and takeover"
          + " rounds included)%n", instances, apps, minutes * 60, perMinute,
          (total(sources) - statementsBefore) / (double) apps);
      if (kill) {
        takeover(services.get(0), sources.get(0), names, lease);
      }
      return perMinute;
    } finally {
      for (int i = services.size() - 1; i >= 1; i--) {
        services.get(i).close();
      }
      pools.forEach(HikariDataSource::close);
    }
  }

  /** Cuts instance-0 off the database and times until each of its applications has a new driver. */
  private static void takeover(DeploymentService dying, CountingDataSource source,
      List<String> names, Duration lease) throws Exception {
    try (PostgresStore observer = PostgresStore.builder().withJdbcUrl(url())
        .withUsername(user()).withPassword(password()).build()) {
      List<String> held = new ArrayList<>();
      for (String name : names) {
        observer.findLease(name).filter(l -> l.owner().equals("instance-0"))
            .ifPresent(l -> held.add(name));
      }
      source.cut.set(true);
      long t0 = System.nanoTime();
      Map<String, Long> takenAfter = new HashMap<>();
      while (takenAfter.size() < held.size()
          && System.nanoTime() - t0 < PATIENCE.toNanos()) {
        for (String name : held) {
          if (!takenAfter.containsKey(name)) {
            Optional<Lease> now = observer.findLease(name);
            if (now.isPresent() && !now.get().owner().equals("instance-0")) {
              takenAfter.put(name, (System.nanoTime() - t0) / 1_000_000);
            }
          }
        }
        Thread.sleep(20);
      }
      if (takenAfter.size() < held.size()) {
        throw new IllegalStateException("not taken over: " + held.size() + " held, "
            + takenAfter.size() + " taken over");
      }
      List<Long> ms = new ArrayList<>(takenAfter.values());
      Collections.sort(ms);
      System.out.printf(Locale.ROOT, "takeover after instance-0 lost the database (lease %d ms):"
          + " %d applications, p50 %d ms, p99 %d ms, max %d ms%n", lease.toMillis(), ms.size(),
          percentile(ms, 50), percentile(ms, 99), ms.get(ms.size() - 1));
    }
  }

  private static long percentile(List<Long> sorted, int p) {
    int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static long total(List<CountingDataSource> sources) {
    return sources.stream().mapToLong(s -> s.statements.get()).sum();
  }

  private static PostgresStore store(CountingDataSource source) {
    return PostgresStore.builder().withDataSource(source.dataSource).build();
  }

  private static HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url());
    config.setUsername(user());
    config.setPassword(password());
    config.setMaximumPoolSize(8);
    return new HikariDataSource(config);
  }

  private static void truncate() throws Exception {
    try (PostgresStore migrated = PostgresStore.builder().withJdbcUrl(url()).withUsername(user())
            .withPassword(password()).build();
        HikariDataSource pool = pool();
        Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      s.execute("TRUNCATE processdeploy_descriptor, processdeploy_application,"
          + " processdeploy_lease");
    }
  }

  private static String url() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_URL",
        "jdbc:postgresql://127.0.0.1:55432/processdeploy");
  }

  private static String user() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_USER", "processdeploy");
  }

  private static String password() {
    return System.getenv().getOrDefault("PROCESSDEPLOY_POSTGRES_PASSWORD",
        "processdeploy-secret");
  }
}
