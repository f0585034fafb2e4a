package io.processdeploy.testkit.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Members;
import io.processdeploy.api.ResourceNames;
import io.processdeploy.api.Security;
import io.processdeploy.k8s.SecurityConfiguration;
import io.processdeploy.registry.DirectoryRegistry;
import io.processdeploy.tck.cluster.ClusterEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash roulette: the deployment service runs in a child process ({@link RouletteChild}) on a
 * file store, against a cluster that lives on without it; each round sends it one operation
 * (deploy, undeploy, force undeploy of a running application or of one still deploying, or a
 * permission change) and kills it with SIGKILL at an instant drawn from the round's seed: either
 * at random within the operation's usual duration, or aimed just after a chosen point was stored
 * (the removal, the pending permission change, a pipeline status). A fresh process then starts on
 * the same store (when a removal or permission change was stored, that process is sometimes
 * killed too, a moment into its recovery, and another one started), recovers, settles, and the
 * test checks, by reading the store and listing the cluster:
 * <ul>
 *   <li>every descriptor intact (as first stored, with the permissions expected);</li>
 *   <li>no application left transitional, being removed or with a permission change pending;</li>
 *   <li>no namespace of the run without an application record, and every deployed application's
 *       namespace there, with the security ConfigMap of its record;</li>
 *   <li>descriptor, application record and cluster agree on permissions;</li>
 *   <li>no application whose removal was stored (or done) back, in the store or the cluster;</li>
 *   <li>no application that was deployed lost.</li>
 * </ul>
 * The run's seed ({@value #SEED_PROPERTY}) fixes every operation and kill instant, so that a
 * failing run can be replayed; {@value #ROUNDS_PROPERTY} sets the number of rounds
 * ({@value #DEFAULT_ROUNDS} by default).
 */
abstract class CrashRoulette {
  static final String SEED_PROPERTY = "processdeploy.roulette.seed";
  static final String ROUNDS_PROPERTY = "processdeploy.roulette.rounds";
  static final int DEFAULT_ROUNDS = 22;
  private static final String APPLICATION_LABEL = ResourceNames.APPLICATION_LABEL;

  /** What a round does. */
  enum Op { DEPLOY, PERMISSIONS, UNDEPLOY, FORCE }

  private static final List<Op> CYCLE = List.of(Op.DEPLOY, Op.PERMISSIONS, Op.UNDEPLOY, Op.DEPLOY,
      Op.FORCE, Op.PERMISSIONS);

  @TempDir
  Path root;

  private ClusterEnvironment environment;
  private ChildProcess child;
  private StoreFiles store;
  private String prefix;
  private int launches;
  private int names;
  private int removalRounds;
  private int landedDuringRemoval;
  private final List<String> deployed = new ArrayList<>();
  private final Set<String> removed = new TreeSet<>();
  private final Map<String, Security> expectedSecurity = new HashMap<>();
  private final Map<String, DeploymentDescriptor> firstSeen = new HashMap<>();

  /** The cluster the roulette runs against; it outlives every child process. */
  protected abstract ClusterEnvironment createEnvironment();

  /** The registry argument of {@link RouletteChild}. */
  protected abstract String registryArgument();

  /** The cluster argument of {@link RouletteChild}. */
  protected abstract String clusterArgument(ClusterEnvironment environment);

  /** The longest random kill delay after an operation starts, by operation. */
  protected abstract Duration killWindow(Op op);

  /** How long a recovered process may take to settle. */
  protected abstract Duration settleTimeout();

  @AfterEach
  final void stop() throws Exception {
    if (child != null) {
      child.killHard();
    }
    if (environment != null) {
      environment.close();
    }
  }

  @Test
  void shouldRecoverFromSigkillAtAnyInstantOfDeployUndeployAndPermissionChanges()
      throws Exception {
    long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
    int rounds = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
    Random plan = new Random(seed);
    prefix = "rl" + Long.toString(Math.abs(seed % 46656), 36);
    environment = createEnvironment();
    store = new StoreFiles(root.resolve("store"));
    if (registryArgument().equals(RouletteChild.DIRECTORY_REGISTRY)) {
      RouletteChild.baseImage(DirectoryRegistry.at(root.resolve("work/registry")),
          root.resolve("work")); // written once, so that no kill can tear it
    }
    System.out.println("crash roulette: seed " + seed + " (replay with -D" + SEED_PROPERTY + "="
        + seed + "), " + rounds + " rounds, application names " + prefix + "-*");

    start();
    for (int i = 0; i < 3; i++) {
      String name = nextName();
      child.send("deploy " + name);
      child.await(l -> l.startsWith("DONE deploy " + name), Duration.ofSeconds(60), "deploy");
      deployed.add(name);
    }
    settle();
    assertThat(check()).as("the starting point: three deployed applications").isEmpty();

    List<Round> table = new ArrayList<>();
    for (int r = 1; r <= rounds; r++) {
      long roundSeed = plan.nextLong();
      Round round = play(r, roundSeed, CYCLE.get((r - 1) % CYCLE.size()));
      Random again = new Random(~roundSeed);
      if (round.intentStored && again.nextBoolean()) {
        start(); // recovery starts completing the stored removal or permission change...
        long delay = again.nextInt(250);
        Thread.sleep(delay);
        child.killHard(); // ...and is killed too
        child = null;
        round.instant += "; again " + delay + " ms into recovery";
      }
      start();
      settle();
      round.violations.addAll(check());
      round.outcome = outcome(round);
      table.add(round);
      System.out.println(round.row());
    }
    child.quit();
    child = null;

    System.out.println(Round.HEADER);
    table.forEach(t -> System.out.println(t.row()));
    long violations = table.stream().mapToLong(t -> t.violations.size()).sum();
    String summary = "rounds " + table.size() + ", of undeploy or force undeploy "
        + removalRounds + ", killed while a removal was stored and not finished "
        + landedDuringRemoval + ", violations " + violations + " (seed " + seed + ")";
    System.out.println(summary);
    writeMarkdown(table, summary);
    assertThat(table).hasSize(rounds);
    assertThat(landedDuringRemoval).as("kills while a removal was stored and not finished")
        .isGreaterThanOrEqualTo(Math.min(5, rounds / 4));
    assertThat(table).as("rounds with violations (seed %d)", seed)
        .allSatisfy(t -> assertThat(t.violations).as("round %d", t.number).isEmpty());
  }

  /** Plays one round: sends the operation, kills the process, records what the store holds. */
  private Round play(int number, long seed, Op op) throws Exception {
    Random random = new Random(seed);
    boolean removal = op == Op.UNDEPLOY || op == Op.FORCE;
    boolean aimed = removal ? random.nextInt(4) != 0 : random.nextBoolean();
    boolean mustLand = removal && landedDuringRemoval + removalRoundsLeft(number) <= 5;
    if (mustLand) {
      aimed = true; // at least five kills land while a removal is stored and not finished
    }
    Round round = new Round(number, seed, op);
    String name;
    String command;
    Predicate<Application> aim;
    if (op == Op.DEPLOY || op == Op.FORCE && (random.nextBoolean() || deployed.isEmpty())) {
      name = nextName();
      List<ApplicationStatus> steps = List.of(ApplicationStatus.ImageBuild,
          ApplicationStatus.ImagePush, ApplicationStatus.DeployStarted, ApplicationStatus.Pending);
      if (op == Op.DEPLOY) {
        command = "deploy " + name;
        ApplicationStatus target = steps.get(random.nextInt(steps.size()));
        aim = a -> a.status() == target;
        round.aimedAt = "status " + target;
      } else {
        command = "deployforce " + name + " " + random.nextInt(1500);
        aim = Application::isBeingRemoved;
        round.aimedAt = "removal stored";
      }
      deployed.add(name); // until the store says otherwise
    } else {
      if (deployed.isEmpty()) {
        throw new AssertionError("no deployed application left for " + op);
      }
      name = deployed.get(random.nextInt(deployed.size()));
      switch (op) {
        case UNDEPLOY -> command = "undeploy " + name;
        case FORCE -> command = "force " + name;
        default -> {
          String admin = "admin" + random.nextInt(1000);
          expectedSecurity.put(name + "#new", new Security(Members.users(admin),
              Members.groups("group" + number)));
          command = "perms " + name + " " + admin + " group" + number;
        }
      }
      aim = op == Op.PERMISSIONS ? a -> a.pendingSecurity() != null : Application::isBeingRemoved;
      round.aimedAt = op == Op.PERMISSIONS ? "permission change stored" : "removal stored";
    }
    round.application = name;
    round.command = command;

    child.send(command);
    child.await(l -> l.startsWith("START "), Duration.ofSeconds(30), "START");
    if (command.startsWith("deployforce")) {
      child.await(l -> l.startsWith("FORCING "), Duration.ofSeconds(30), "FORCING");
    }
    long started = System.nanoTime();
    if (aimed) {
      long extra = random.nextInt(op == Op.PERMISSIONS || mustLand ? 20 : removal ? 300 : 150);
      boolean hit = awaitStored(name, aim, op != Op.DEPLOY, Duration.ofSeconds(60));
      if (hit) {
        Thread.sleep(extra);
      }
      round.instant = hit ? String.format(Locale.ROOT, "aimed: %s +%d ms", round.aimedAt, extra)
          : "aimed: " + round.aimedAt + " never seen; at "
              + (System.nanoTime() - started) / 1_000_000 + " ms";
    } else {
      long delay = (long) (random.nextDouble() * killWindow(op).toMillis());
      Thread.sleep(delay);
      round.instant = "random: " + delay + " ms after start";
    }
    boolean done = child.poll(l -> l.startsWith("DONE ") || l.startsWith("FAILED ")) != null;
    child.killHard();
    child = null;
    round.atKill = snapshot(name, op) + (done ? " (call returned)" : "");
    round.intentStored = store.application(name)
        .map(a -> a.isBeingRemoved() || a.pendingSecurity() != null).orElse(false);
    if (removal) {
      removalRounds++;
      if (store.application(name).map(Application::isBeingRemoved).orElse(false)) {
        landedDuringRemoval++;
      }
    }
    expect(round, op, name);
    return round;
  }

  /**
   * Polls the store until the application of {@code name} satisfies {@code aim}; gives up when
   * the call returns ({@code untilReturned}), else when the pipeline finished.
   */
  private boolean awaitStored(String name, Predicate<Application> aim, boolean untilReturned,
      Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Application> app = store.application(name);
      if (app.isPresent() && aim.test(app.get())) {
        return true;
      }
      boolean over = untilReturned
          ? child.poll(l -> l.startsWith("DONE ") || l.startsWith("FAILED ")) != null
          : app.isPresent() && !app.get().status().isTransitional();
      if (over) {
        return false;
      }
      Thread.sleep(1);
    }
    return false;
  }

  /** How many rounds from {@code number} on are undeploys or force undeploys. */
  private int removalRoundsLeft(int number) {
    int rounds = Integer.getInteger(ROUNDS_PROPERTY, DEFAULT_ROUNDS);
    int left = 0;
    for (int r = number; r <= rounds; r++) {
      Op op = CYCLE.get((r - 1) % CYCLE.size());
      left += op == Op.UNDEPLOY || op == Op.FORCE ? 1 : 0;
    }
    return left;
  }

  /** Updates what must hold after recovery from what the store held when the process died. */
  private void expect(Round round, Op op, String name) {
    Optional<Application> app = store.application(name);
    if (op == Op.UNDEPLOY || op == Op.FORCE) {
      if (app.isEmpty() || app.get().isBeingRemoved()) {
        removed.add(name);
        deployed.remove(name);
      }
    } else if (op == Op.PERMISSIONS) {
      Security next = expectedSecurity.remove(name + "#new");
      if (app.isPresent() && (app.get().pendingSecurity() != null
          || app.get().descriptor().security().equals(next))) {
        expectedSecurity.put(name, next);
      }
    } else if (app.isEmpty()) {
      deployed.remove(name); // killed before the application was stored
    }
  }

  private String snapshot(String name, Op op) {
    Optional<Application> app = store.application(name);
    Namespace ns = environment.client().namespaces().withName(ResourceNames.namespace(name)).get();
    String namespace = ns == null ? "namespace gone"
        : ns.getMetadata().getDeletionTimestamp() != null ? "namespace terminating"
        : "namespace present";
    return app.map(a -> a.status() + (a.isBeingRemoved() ? " +removal" : "")
        + (a.pendingSecurity() != null ? " +pending permissions" : "")).orElse("no record")
        + ", " + namespace;
  }

  private String outcome(Round round) {
    Optional<Application> app = store.application(round.application);
    if (app.isEmpty()) {
      return removed.contains(round.application) ? "removed" : "not deployed";
    }
    Security expected = expectedSecurity.get(round.application);
    return app.get().status() + (round.op == Op.PERMISSIONS ? (expected != null
        && expected.equals(app.get().descriptor().security()) ? ", new permissions"
        : ", old permissions") : "");
  }

  private void start() throws Exception {
    launches++;
    child = ChildProcess.launch(List.of(root.resolve("store").toString(),
        root.resolve("work").toString(), clusterArgument(environment), registryArgument(),
        Long.toString(settleTimeout().toSeconds())), root.resolve("child-" + launches + ".log"));
    child.await("READY"::equals, Duration.ofSeconds(120), "READY");
  }

  private void settle() throws Exception {
    child.send("settle");
    String answer = child.await(l -> l.equals("SETTLED") || l.startsWith("STUCK"),
        settleTimeout().plusSeconds(30), "settle");
    if (!answer.equals("SETTLED")) {
      throw new AssertionError("recovery did not settle: " + answer);
    }
  }

  /** Checks every invariant against the store and the cluster; returns the violations. */
  private List<String> check() {
    List<String> violations = new ArrayList<>();
    Map<String, Application> apps = store.applications();
    Map<String, DeploymentDescriptor> descriptors = store.descriptors();
    descriptors.forEach((name, d) -> {
      DeploymentDescriptor first = firstSeen.putIfAbsent(name, d);
      if (first != null && !first.withSecurity(d.security()).equals(d)) {
        violations.add("descriptor " + name + " changed beyond its permissions");
      }
      Security expected = expectedSecurity.get(name);
      if (expected != null && !expected.equals(d.security())) {
        violations.add("descriptor " + name + " has permissions " + d.security()
            + ", expected " + expected);
      }
    });
    firstSeen.keySet().stream().filter(n -> !descriptors.containsKey(n))
        .forEach(n -> violations.add("descriptor " + n + " lost"));

    Map<String, Namespace> namespaces = new HashMap<>();
    for (Namespace ns : environment.client().namespaces().withLabel(APPLICATION_LABEL).list()
        .getItems()) {
      String app = ns.getMetadata().getLabels().get(APPLICATION_LABEL);
      if (app != null && app.startsWith(prefix + "-")) {
        namespaces.put(app, ns);
      }
    }
    apps.forEach((name, app) -> {
      if (app.status().isTransitional() || app.isBeingRemoved()
          || app.pendingSecurity() != null) {
        violations.add("application " + name + " left " + app.status()
            + (app.isBeingRemoved() ? " being removed" : "")
            + (app.pendingSecurity() != null ? " with a permission change pending" : ""));
      }
      if (app.status().isFailure()) {
        violations.add("application " + name + " failed after recovery: " + app.reason());
      }
      DeploymentDescriptor d = descriptors.get(name);
      if (d == null) {
        violations.add("application " + name + " without its descriptor");
      } else if (!d.security().equals(app.descriptor().security())) {
        violations.add("application " + name + " has permissions " + app.descriptor().security()
            + ", its descriptor " + d.security());
      }
      if (removed.contains(name)) {
        violations.add("removed application " + name + " is back in the store as "
            + app.status());
      }
      Namespace ns = namespaces.get(name);
      if (app.status().isDeployed()) {
        if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) {
          violations.add("application " + name + " is " + app.status() + " but its namespace is "
              + (ns == null ? "gone" : "terminating"));
        } else {
          ConfigMap security = environment.client().configMaps()
              .inNamespace(ns.getMetadata().getName())
              .withName(ResourceNames.SECURITY_CONFIG_MAP).get();
          Map<String, String> expected = SecurityConfiguration.data(app.descriptor().security());
          if (security == null || !expected.equals(security.getData())) {
            violations.add("application " + name + ": the cluster's security ConfigMap "
                + (security == null ? "is missing" : security.getData())
                + ", the record says " + expected);
          }
        }
      }
    });
    namespaces.forEach((name, ns) -> {
      if (!apps.containsKey(name)) {
        violations.add("namespace " + ns.getMetadata().getName() + " without an application"
            + " record" + (removed.contains(name) ? " (removed application back)" : ""));
      }
    });
    new LinkedHashSet<>(deployed).stream().filter(n -> !apps.containsKey(n))
        .forEach(n -> violations.add("deployed application " + n + " lost"));
    return violations;
  }

  /** Writes the table to {@code target/<test class>.md}, for the record. */
  private void writeMarkdown(List<Round> table, String summary) throws IOException {
    StringBuilder md = new StringBuilder("| round | seed | operation | kill instant | at kill"
        + " | after recovery | violations |\n|---|---|---|---|---|---|---|\n");
    table.forEach(t -> md.append(t.markdown()).append('\n'));
    md.append('\n').append(summary).append('\n');
    Path file = Path.of("target", getClass().getSimpleName() + ".md");
    Files.createDirectories(file.getParent());
    Files.writeString(file, md);
  }

  private String nextName() {
    return prefix + "-" + (++names);
  }

  /** One round: what was done, when it was killed, what the store held, what recovery left. */
  static final class Round {
    static final String HEADER = String.format(Locale.ROOT, "%-5s %-20s %-30s %-44s %-48s %-26s %s",
        "round", "seed", "operation", "kill instant", "at kill", "after recovery",
        "violations");
    final int number;
    final long seed;
    final Op op;
    String application;
    String command;
    String aimedAt;
    String instant;
    String atKill;
    String outcome;
    boolean intentStored;
    final List<String> violations = new ArrayList<>();

    Round(int number, long seed, Op op) {
      this.number = number;
      this.seed = seed;
      this.op = op;
    }

    String markdown() {
      return "| " + number + " | " + seed + " | " + what() + " | " + instant + " | " + atKill
          + " | " + outcome + " | " + (violations.isEmpty() ? "0"
          : violations.size() + ": " + String.join("; ", violations)) + " |";
    }

    private String what() {
      return (command.startsWith("deployforce") ? "force undeploy while deploying"
          : op == Op.FORCE ? "force undeploy" : op.name().toLowerCase(Locale.ROOT))
          + " " + application;
    }

    String row() {
      String what = what();
      return String.format(Locale.ROOT, "%-5d %-20d %-30s %-44s %-48s %-26s %s", number, seed,
          what, instant, atKill, outcome,
          violations.isEmpty() ? "0" : violations.size() + ": " + violations);
    }
  }
}
