package io.processdeploy.tck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.Security;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Versions and compare-and-set writes, part of {@link DeploymentStoreContract}: every write
 * gives a record a higher version, a write naming a version that is no longer stored is refused
 * and changes nothing, and of concurrent writers that read the same version exactly one wins.
 */
public interface VersionContract {
  /** The store under test. */
  DeploymentStore store();

  @Test
  default void shouldGiveEveryWriteAHigherVersion() {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    long inserted = version(store, "expenses");
    Application pending = pending("expenses");
    store.replaceApplication(pending);
    long replaced = version(store, "expenses");
    assertThat(replaced).isGreaterThan(inserted);

    Application running = pending.transition(ApplicationStatus.Running, "ready",
        DeploymentStoreContract.T0.plusSeconds(20));
    long next = store.replaceApplication(running, replaced);
    assertThat(next).isGreaterThan(replaced);
    assertThat(store.findVersionedApplication("expenses"))
        .contains(new Versioned<>(running, next));
    assertThat(store.findApplication("expenses")).contains(running);
  }

  @Test
  default void refusesAStaleWriteAndKeepsWhatIsStored() {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    long read = version(store, "expenses");
    long won = store.replaceApplication(pending("expenses"), read);

    Application lost = DeploymentStoreContract.application("expenses")
        .withPendingSecurity(new Security(Members.users("mallory"), null));
    assertThatThrownBy(() -> store.replaceApplication(lost, read))
        .isInstanceOfSatisfying(StaleWriteException.class, e -> {
          assertThat(e.kind()).isEqualTo("application");
          assertThat(e.name()).isEqualTo("expenses");
          assertThat(e.expectedVersion()).isEqualTo(read);
        });
    assertThat(store.findVersionedApplication("expenses"))
        .contains(new Versioned<>(pending("expenses"), won));
  }

  @Test
  default void refusesAWriteOfAVersionReadBeforeAnUnconditionalWrite() {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    long read = version(store, "expenses");
    store.replaceApplication(pending("expenses"));
    assertThatThrownBy(() -> store.replaceApplication(
        DeploymentStoreContract.application("expenses"), read))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.findApplication("expenses")).contains(pending("expenses"));
  }

  @Test
  default void refusesAVersionedWriteOfAMissingRecord() {
    DeploymentStore store = store();
    assertThatThrownBy(() -> store.replaceApplication(
        DeploymentStoreContract.application("ghost"), 1))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    assertThatThrownBy(() -> store.replaceDescriptor(
        DeploymentStoreContract.descriptor("ghost"), 1))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("ghost");
    assertThat(store.findVersionedApplication("ghost")).isEmpty();
    assertThat(store.applications()).isEmpty();
  }

  @Test
  default void shouldDeleteOnlyTheVersionRead() {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    long read = version(store, "expenses");
    long current = store.replaceApplication(pending("expenses"), read);
    assertThatThrownBy(() -> store.deleteApplication("expenses", read))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.findApplication("expenses")).isPresent();
    assertThat(store.deleteApplication("expenses", current)).isTrue();
    assertThat(store.deleteApplication("expenses", current)).isFalse();
    assertThat(store.findVersionedApplication("expenses")).isEmpty();
  }

  @Test
  default void shouldNotGiveAnOldVersionToARecordInsertedAgain() {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    long first = version(store, "expenses");
    assertThat(store.deleteApplication("expenses")).isTrue();
    store.insertApplication(DeploymentStoreContract.application("expenses"));
    assertThat(version(store, "expenses")).isNotEqualTo(first);
    assertThatThrownBy(() -> store.replaceApplication(pending("expenses"), first))
        .isInstanceOf(StaleWriteException.class);
  }

  @Test
  default void shouldVersionDescriptorsLikeApplications() {
    DeploymentStore store = store();
    DeploymentDescriptor d = DeploymentStoreContract.descriptor("expenses");
    store.insertDescriptor(d);
    long read = store.findVersionedDescriptor("expenses").orElseThrow().version();
    DeploymentDescriptor bob = d.withSecurity(new Security(Members.users("bob"), null));
    long next = store.replaceDescriptor(bob, read);
    assertThat(next).isGreaterThan(read);
    assertThatThrownBy(() -> store.replaceDescriptor(d, read))
        .isInstanceOfSatisfying(StaleWriteException.class,
            e -> assertThat(e.kind()).isEqualTo("descriptor"));
    assertThatThrownBy(() -> store.deleteDescriptor("expenses", read))
        .isInstanceOf(StaleWriteException.class);
    assertThat(store.findVersionedDescriptor("expenses")).contains(new Versioned<>(bob, next));
    assertThat(store.deleteDescriptor("expenses", next)).isTrue();
    assertThat(store.descriptors()).isEmpty();
  }

  @Test
  default void shouldLetExactlyOneOfConcurrentWritersOfOneVersionWin() throws Exception {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("contested"));
    long read = version(store, "contested");
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Application mine = DeploymentStoreContract.application("contested")
            .withImage("writer-" + i, "registry.test/w:" + i);
        Callable<Boolean> write = () -> {
          start.await();
          try {
            store.replaceApplication(mine, read);
            return true;
          } catch (StaleWriteException e) {
            return false;
          }
        };
        results.add(pool.submit(write));
      }
      start.countDown();
      int wins = 0;
      for (Future<Boolean> f : results) {
        wins += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertThat(wins).isEqualTo(1);
      assertThat(store.findApplication("contested").orElseThrow().images()).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  default void shouldLoseNoWriteOfWritersThatRetryOnStaleWrites() throws Exception {
    DeploymentStore store = store();
    store.insertApplication(DeploymentStoreContract.application("shared"));
    int threads = 8;
    int perThread = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          List<Long> wonFrom = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            while (true) {
              Versioned<Application> read = store.findVersionedApplication("shared").orElseThrow();
              Application next = read.value()
                  .withImage("w" + thread + "-" + i, "registry.test/w:" + thread + "-" + i);
              try {
                store.replaceApplication(next, read.version());
                wonFrom.add(read.version());
                break;
              } catch (StaleWriteException e) {
                // another writer won this version: read again and retry
              }
            }
          }
          return wonFrom;
        }));
      }
      List<Long> wonFrom = new ArrayList<>();
      for (Future<List<Long>> f : results) {
        wonFrom.addAll(f.get(120, TimeUnit.SECONDS));
      }
      assertThat(wonFrom).as("versions written over").doesNotHaveDuplicates()
          .hasSize(threads * perThread);
      assertThat(store.findApplication("shared").orElseThrow().images())
          .hasSize(1 + threads * perThread);
    } finally {
      pool.shutdownNow();
    }
  }

  private static long version(DeploymentStore store, String name) {
    return store.findVersionedApplication(name).orElseThrow().version();
  }

  private static Application pending(String name) {
    return DeploymentStoreContract.application(name)
        .transition(ApplicationStatus.Pending, "waiting", DeploymentStoreContract.T0.plusSeconds(9));
  }
}
