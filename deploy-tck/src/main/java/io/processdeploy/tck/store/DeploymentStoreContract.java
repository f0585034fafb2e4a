package io.processdeploy.tck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.ConnectorConfig;
import io.processdeploy.api.ConnectorKind;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ReleaseRef;
import io.processdeploy.api.Removal;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Security;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.RemovalMode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link DeploymentStore} fulfils. An implementation's test extends this class
 * and supplies a fresh, empty store whose leases expire by the clock it is given (the tests move
 * that clock instead of sleeping). A durable store extends {@link DurableDeploymentStoreContract}
 * instead. Versions and compare-and-set writes are held to {@link VersionContract}, leases to
 * {@link LeaseContract}.
 *
 * <pre>{@code
 * class InMemoryStoreTest extends DeploymentStoreContract {
 *   protected DeploymentStore createStore(Clock clock) { return new InMemoryStore(clock); }
 * }
 * }</pre>
 */
public abstract class DeploymentStoreContract implements VersionContract, LeaseContract {
  /** An instant with the precision every store must keep (milliseconds are enough). */
  protected static final Instant T0 = Instant.parse("2026-03-01T09:15:30.123Z");

  /** The clock the store's leases expire by; it moves only when a test moves it. */
  protected final ManualClock clock = new ManualClock(T0);

  /** The store under test, created before each test and closed after it. */
  protected DeploymentStore store;

  /** A fresh, empty store whose leases expire by {@code clock}. */
  protected abstract DeploymentStore createStore(Clock clock) throws Exception;

  @Override
  public DeploymentStore store() {
    return store;
  }

  @Override
  public ManualClock clock() {
    return clock;
  }

  @BeforeEach
  void openStore() throws Exception {
    store = createStore(clock);
    assertThat(store).as("createStore()").isNotNull();
  }

  @AfterEach
  void closeStore() {
    if (store != null) {
      store.close();
    }
  }

  /** A descriptor with every part filled in, including secret variables. */
  protected static DeploymentDescriptor descriptor(String name) {
    ConnectorConfig email = new ConnectorConfig("email-connector",
        ImageReference.parse("docker.io/activiti/email-connector:8.7.0"),
        ConnectorKind.OUT_OF_THE_BOX,
        Map.of("EMAIL_HOST", "smtp.example.com", "EMAIL_PASSWORD", "mail-pa55word"));
    ConnectorConfig scanner = new ConnectorConfig("invoice-scanner",
        ImageReference.parse("registry.example.com/acme/invoice-scanner:1.2.0@sha256:"
            + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"),
        ConnectorKind.CUSTOM, Map.of("SCANNER_API_KEY", "scan-k3y", "SCANNER_DPI", "300"));
    Infrastructure infrastructure = new Infrastructure(
        new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("TZ", "Europe/Paris"))),
        Map.of("query", new ServiceSettings(ImageReference.parse("registry.example.com/q:2"),
                Map.of(Infrastructure.POSTGRESQL, Map.of("url", "jdbc:postgresql://db:5432/q",
                    "username", "q", "password", "db-pa55word")))));
    return new DeploymentDescriptor(name, ReleaseRef.of("expenses-project", "1.0.0"),
        new Security(new Members(java.util.Set.of("alice"), java.util.Set.of("finance-admins")),
            Members.groups("accounting")),
        List.of(scanner, email), infrastructure, T0, "dana");
  }

  /** An application that went through several statuses and has an image recorded. */
  protected static Application application(String name) {
    return Application.create(descriptor(name), name, T0, "dana")
        .transition(ApplicationStatus.ImageBuild, "building", T0.plusSeconds(1))
        .transition(ApplicationStatus.ImagePush, "pushing", T0.plusSeconds(2))
        .withImage("runtime-bundle", "registry.test/apps/" + name + ":1.0.0@sha256:"
            + "abcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcdefabcd")
        .transition(ApplicationStatus.DeployStarted, "creating resources", T0.plusSeconds(3));
  }

  @Test
  void shouldFindAStoredDescriptorEqualToWhatWasStored() {
    DeploymentDescriptor d = descriptor("expenses");
    store.insertDescriptor(d);
    assertThat(store.findDescriptor("expenses")).contains(d);
    assertThat(store.findDescriptor("expenses").orElseThrow().connector("email-connector")
        .orElseThrow().variables()).containsEntry("EMAIL_PASSWORD", "mail-pa55word");
  }

  @Test
  void shouldFindNothingForAnUnknownName() {
    assertThat(store.findDescriptor("nope")).isEmpty();
    assertThat(store.findApplication("nope")).isEmpty();
    assertThat(store.descriptors()).isEmpty();
    assertThat(store.applications()).isEmpty();
  }

  @Test
  void rejectsASecondDescriptorOfTheSameName() {
    store.insertDescriptor(descriptor("expenses"));
    DeploymentDescriptor other = descriptor("expenses").withSecurity(
        new Security(Members.users("mallory"), null));
    assertThatThrownBy(() -> store.insertDescriptor(other))
        .isInstanceOf(ConflictException.class).hasMessageContaining("expenses");
    assertThat(store.findDescriptor("expenses")).contains(descriptor("expenses"));
  }

  @Test
  void shouldReplaceADescriptor() {
    store.insertDescriptor(descriptor("expenses"));
    DeploymentDescriptor changed = descriptor("expenses").withSecurity(
        new Security(Members.users("bob"), null));
    store.replaceDescriptor(changed);
    assertThat(store.findDescriptor("expenses")).contains(changed);
    assertThat(store.descriptors()).containsExactly(changed);
  }

  @Test
  void rejectsReplacingAMissingDescriptor() {
    assertThatThrownBy(() -> store.replaceDescriptor(descriptor("ghost")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    assertThat(store.descriptors()).isEmpty();
  }

  @Test
  void shouldListDescriptorsSortedByName() {
    for (String n : List.of("zeta", "alpha", "mid-1", "mid-0")) {
      store.insertDescriptor(descriptor(n));
    }
    assertThat(store.descriptors()).extracting(DeploymentDescriptor::name)
        .containsExactly("alpha", "mid-0", "mid-1", "zeta");
  }

  @Test
  void shouldDeleteADescriptorAndSayWhetherItExisted() {
    store.insertDescriptor(descriptor("expenses"));
    assertThat(store.deleteDescriptor("expenses")).isTrue();
    assertThat(store.deleteDescriptor("expenses")).isFalse();
    assertThat(store.findDescriptor("expenses")).isEmpty();
    store.insertDescriptor(descriptor("expenses"));
    assertThat(store.findDescriptor("expenses")).isPresent();
  }

  @Test
  void shouldFindAStoredApplicationWithItsHistoryAndImages() {
    Application a = application("expenses");
    store.insertApplication(a);
    Application found = store.findApplication("expenses").orElseThrow();
    assertThat(found).isEqualTo(a);
    assertThat(found.history()).extracting(t -> t.to()).containsExactly(
        ApplicationStatus.CreateApp, ApplicationStatus.ImageBuild, ApplicationStatus.ImagePush,
        ApplicationStatus.DeployStarted);
    assertThat(found.history().get(0).from()).isNull();
    assertThat(found.images()).containsOnlyKeys("runtime-bundle");
  }

  @Test
  void shouldKeepAStoredRemovalAndPendingPermissionChange() {
    store.insertApplication(application("expenses"));
    Application removing = application("expenses")
        .withPendingSecurity(new Security(Members.users("bob"), Members.groups("audit")))
        .withRemoval(new Removal(RemovalMode.FORCE, "dana", T0.plusSeconds(9)));
    store.replaceApplication(removing);
    Application found = store.findApplication("expenses").orElseThrow();
    assertThat(found).isEqualTo(removing);
    assertThat(found.removal().mode()).isEqualTo(RemovalMode.FORCE);
    assertThat(found.pendingSecurity().admins().users()).containsExactly("bob");
    Application withdrawn = found.withRemoval(null).withPendingSecurity(null);
    store.replaceApplication(withdrawn);
    assertThat(store.findApplication("expenses").orElseThrow().isBeingRemoved()).isFalse();
    assertThat(store.findApplication("expenses").orElseThrow().pendingSecurity()).isNull();
  }

  @Test
  void shouldKeepTheRevisionsOfAnApplicationWithTheirDescriptorsAndOutcomes() {
    Application deployed = application("expenses");
    store.insertApplication(deployed);
    String image1 = deployed.images().get("runtime-bundle");
    DeploymentDescriptor d2 = new DeploymentDescriptor("expenses",
        ReleaseRef.of("expenses-project", "1.1.0"), deployed.descriptor().security(),
        deployed.descriptor().connectors(), deployed.descriptor().infrastructure(),
        T0.plusSeconds(20), "erin");
    Application updated = deployed
        .withRevision(new Revision(1, "1.0.0", image1, "sha256:" + "1".repeat(64),
            deployed.descriptor(), "dana", T0.plusSeconds(4), Revision.Outcome.SUPERSEDED,
            "replaced by revision 2"))
        .withRevision(new Revision(2, "1.1.0", null, "sha256:" + "2".repeat(64), d2, "erin",
            T0.plusSeconds(20), Revision.Outcome.IN_PROGRESS, "update requested by erin"));
    store.replaceApplication(updated);

    Application found = store.findApplication("expenses").orElseThrow();
    assertThat(found).isEqualTo(updated);
    assertThat(found.revisions()).extracting(Revision::number, Revision::outcome)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(1, Revision.Outcome.SUPERSEDED),
            org.assertj.core.groups.Tuple.tuple(2, Revision.Outcome.IN_PROGRESS));
    assertThat(found.revisionInFlight()).map(Revision::number).contains(2);
    assertThat(found.revision(2).orElseThrow().descriptor()).isEqualTo(d2);
    assertThat(found.revision(1).orElseThrow().imageDigest()).startsWith("sha256:abcdef");
    assertThat(found.revision(2).orElseThrow().image()).isNull();
  }

  @Test
  void rejectsASecondApplicationOfTheSameName() {
    store.insertApplication(application("expenses"));
    assertThatThrownBy(() -> store.insertApplication(application("expenses")))
        .isInstanceOf(ConflictException.class).hasMessageContaining("expenses");
    assertThat(store.applications()).hasSize(1);
  }

  @Test
  void shouldReplaceAnApplication() {
    store.insertApplication(application("expenses"));
    Application next = application("expenses")
        .transition(ApplicationStatus.Pending, "waiting", T0.plusSeconds(4));
    store.replaceApplication(next);
    assertThat(store.findApplication("expenses")).contains(next);
  }

  @Test
  void rejectsReplacingAMissingApplication() {
    assertThatThrownBy(() -> store.replaceApplication(application("ghost")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    assertThat(store.applications()).isEmpty();
  }

  @Test
  void shouldListApplicationsSortedByNameAndDeleteThem() {
    store.insertApplication(application("b-app"));
    store.insertApplication(application("a-app"));
    assertThat(store.applications()).extracting(Application::name)
        .containsExactly("a-app", "b-app");
    assertThat(store.deleteApplication("a-app")).isTrue();
    assertThat(store.deleteApplication("a-app")).isFalse();
    assertThat(store.applications()).extracting(Application::name).containsExactly("b-app");
  }

  @Test
  void shouldKeepDescriptorsAndApplicationsApart() {
    store.insertDescriptor(descriptor("expenses"));
    store.insertApplication(application("expenses"));
    assertThat(store.deleteApplication("expenses")).isTrue();
    assertThat(store.findDescriptor("expenses")).isPresent();
  }

  @Test
  void shouldLetExactlyOneOfConcurrentInsertsWin() throws Exception {
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<Boolean> insert = () -> {
          start.await();
          try {
            store.insertApplication(application("contested"));
            return true;
          } catch (ConflictException e) {
            return false;
          }
        };
        results.add(pool.submit(insert));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.applications()).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void shouldKeepEveryWriteOfConcurrentWriters() throws Exception {
    int threads = 8;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String name = "app-" + thread + "-" + i;
            store.insertDescriptor(descriptor(name));
            store.insertApplication(application(name));
            store.replaceApplication(application(name)
                .transition(ApplicationStatus.Pending, "waiting", T0.plusSeconds(9)));
          }
          return null;
        }));
      }
      for (Future<?> f : results) {
        f.get(60, TimeUnit.SECONDS);
      }
      assertThat(store.descriptors()).hasSize(threads * perThread);
      assertThat(store.applications()).hasSize(threads * perThread)
          .allSatisfy(a -> assertThat(a.status()).isEqualTo(ApplicationStatus.Pending));
    } finally {
      pool.shutdownNow();
    }
  }
}
