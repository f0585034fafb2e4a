package io.processdeploy.tck.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Leases, part of {@link DeploymentStoreContract}: one owner at a time until expiry, expiry by
 * the store's clock, renewal (one or many at once) and release by the holder only, every
 * unexpired one listed at once.
 */
public interface LeaseContract {
  /** A lease time long enough that only a move of the clock makes it expire. */
  Duration TTL = Duration.ofSeconds(10);

  /** The store under test. */
  DeploymentStore store();

  /** The clock the store's leases expire by. */
  ManualClock clock();

  @Test
  default void shouldGiveALeaseToOneOwnerUntilItExpires() {
    DeploymentStore store = store();
    Optional<Lease> taken = store.tryAcquireLease("expenses", "instance-1", TTL);
    assertThat(taken).contains(new Lease("expenses", "instance-1", clock().instant().plus(TTL)));
    assertThat(store.tryAcquireLease("expenses", "instance-2", TTL)).isEmpty();
    assertThat(store.findLease("expenses")).isEqualTo(taken);

    clock().advance(TTL.minusMillis(1));
    assertThat(store.tryAcquireLease("expenses", "instance-2", TTL)).isEmpty();
    assertThat(store.findLease("expenses")).map(Lease::owner).contains("instance-1");
  }

  @Test
  default void shouldLetAnotherOwnerTakeAnExpiredLease() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    clock().advance(TTL);
    assertThat(store.findLease("expenses")).as("expired").isEmpty();
    Optional<Lease> takenOver = store.tryAcquireLease("expenses", "instance-2", TTL);
    assertThat(takenOver).map(Lease::owner).contains("instance-2");
    assertThat(store.findLease("expenses")).isEqualTo(takenOver);
    assertThat(store.renewLease("expenses", "instance-1", TTL)).as("renew by the old owner")
        .isEmpty();
    assertThat(store.releaseLease("expenses", "instance-1")).as("release by the old owner")
        .isFalse();
    assertThat(store.findLease("expenses")).isEqualTo(takenOver);
  }

  @Test
  default void shouldRenewForTheHolderOnly() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    clock().advance(Duration.ofSeconds(4));
    assertThat(store.renewLease("expenses", "instance-2", TTL)).isEmpty();
    Optional<Lease> renewed = store.renewLease("expenses", "instance-1", TTL);
    assertThat(renewed).map(Lease::expiresAt).contains(clock().instant().plus(TTL));
    clock().advance(Duration.ofSeconds(9));
    assertThat(store.tryAcquireLease("expenses", "instance-2", TTL)).as("still renewed").isEmpty();
    assertThat(store.findLease("expenses")).isEqualTo(renewed);
  }

  @Test
  default void refusesToRenewAnExpiredOrMissingLease() {
    DeploymentStore store = store();
    assertThat(store.renewLease("expenses", "instance-1", TTL)).isEmpty();
    assertThat(store.findLease("expenses")).isEmpty();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    clock().advance(TTL);
    assertThat(store.renewLease("expenses", "instance-1", TTL)).isEmpty();
    assertThat(store.tryAcquireLease("expenses", "instance-1", TTL)).as("acquired again")
        .isPresent();
  }

  @Test
  default void shouldLetTheHolderAcquireAgainToExtendIt() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    clock().advance(Duration.ofSeconds(5));
    assertThat(store.tryAcquireLease("expenses", "instance-1", TTL)).map(Lease::expiresAt)
        .contains(clock().instant().plus(TTL));
  }

  @Test
  default void shouldReleaseForTheHolderOnly() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    assertThat(store.releaseLease("expenses", "instance-2")).isFalse();
    assertThat(store.findLease("expenses")).map(Lease::owner).contains("instance-1");
    assertThat(store.releaseLease("expenses", "instance-1")).isTrue();
    assertThat(store.findLease("expenses")).isEmpty();
    assertThat(store.releaseLease("expenses", "instance-1")).isFalse();
    assertThat(store.tryAcquireLease("expenses", "instance-2", TTL)).isPresent();
  }

  @Test
  default void shouldKeepLeasesOfDifferentNamesApart() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    assertThat(store.tryAcquireLease("invoices", "instance-2", TTL)).isPresent();
    assertThat(store.findLease("expenses")).map(Lease::owner).contains("instance-1");
    assertThat(store.findLease("invoices")).map(Lease::owner).contains("instance-2");
  }

  @Test
  default void refusesANonPositiveLeaseTime() {
    DeploymentStore store = store();
    for (Duration ttl : new Duration[] {Duration.ZERO, Duration.ofSeconds(-1)}) {
      assertThatThrownBy(() -> store.tryAcquireLease("expenses", "instance-1", ttl))
          .isInstanceOfSatisfying(ValidationException.class,
              e -> assertThat(e.field()).isEqualTo("ttl"));
    }
    assertThat(store.findLease("expenses")).isEmpty();
  }

  @Test
  default void shouldListEveryUnexpiredLeaseSortedByName() {
    DeploymentStore store = store();
    assertThat(store.leases()).isEmpty();
    Lease invoices = store.tryAcquireLease("invoices", "instance-2", TTL).orElseThrow();
    Lease expenses = store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    clock().advance(Duration.ofSeconds(5));
    Lease travel = store.tryAcquireLease("travel", "instance-1", TTL).orElseThrow();
    assertThat(store.leases()).containsExactly(expenses, invoices, travel);

    store.releaseLease("invoices", "instance-2");
    assertThat(store.leases()).containsExactly(expenses, travel);
    clock().advance(Duration.ofSeconds(5));
    assertThat(store.leases()).as("expired ones left out").containsExactly(travel);
  }

  @Test
  default void shouldRenewTheNamedLeasesOfTheirHolderAtOnce() {
    DeploymentStore store = store();
    store.tryAcquireLease("expenses", "instance-1", TTL).orElseThrow();
    store.tryAcquireLease("invoices", "instance-1", TTL).orElseThrow();
    store.tryAcquireLease("travel", "instance-2", TTL).orElseThrow();
    store.tryAcquireLease("payroll", "instance-1", TTL).orElseThrow();
    clock().advance(Duration.ofSeconds(4));

    List<Lease> renewed = store.renewLeases(List.of("travel", "invoices", "expenses", "unknown"),
        "instance-1", TTL);

    assertThat(renewed).as("the named ones instance-1 holds")
        .extracting(Lease::name).containsExactly("expenses", "invoices");
    assertThat(renewed).extracting(Lease::expiresAt).containsOnly(clock().instant().plus(TTL));
    assertThat(renewed).extracting(Lease::owner).containsOnly("instance-1");
    clock().advance(Duration.ofSeconds(6));
    assertThat(store.leases()).as("payroll and travel not renewed, so expired")
        .extracting(Lease::name).containsExactly("expenses", "invoices");
    assertThat(store.renewLeases(List.of("expenses"), "instance-1", TTL)).hasSize(1);
    assertThat(store.renewLeases(List.of(), "instance-1", TTL)).isEmpty();
    clock().advance(TTL);
    assertThat(store.renewLeases(List.of("expenses"), "instance-1", TTL))
        .as("expired, so refused").isEmpty();
    assertThatThrownBy(() -> store.renewLeases(List.of("invoices"), "instance-1",
        Duration.ZERO)).isInstanceOfSatisfying(ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("ttl"));
  }

  @Test
  default void shouldGiveAContestedLeaseToExactlyOneOwner() throws Exception {
    DeploymentStore store = store();
    int threads = 16;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Optional<Lease>>> results = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        String owner = "instance-" + i;
        Callable<Optional<Lease>> acquire = () -> {
          start.await();
          return store.tryAcquireLease("contested", owner, TTL);
        };
        results.add(pool.submit(acquire));
      }
      start.countDown();
      List<String> winners = new ArrayList<>();
      for (Future<Optional<Lease>> f : results) {
        f.get(30, TimeUnit.SECONDS).ifPresent(l -> winners.add(l.owner()));
      }
      assertThat(winners).hasSize(1);
      assertThat(store.findLease("contested")).map(Lease::owner).contains(winners.get(0));
    } finally {
      pool.shutdownNow();
    }
  }
}
