package io.processdeploy.core.store;

import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** The leases of a store kept in this process, their expiry judged by one clock. */
final class LeaseTable {
  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();

  LeaseTable(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock was not specified");
  }

  synchronized Optional<Lease> tryAcquire(String name, String owner, Duration ttl) {
    requireNames(name, owner);
    requirePositive(ttl);
    Lease current = current(name);
    if (current != null && !current.owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(put(name, owner, ttl));
  }

  synchronized Optional<Lease> renew(String name, String owner, Duration ttl) {
    requireNames(name, owner);
    requirePositive(ttl);
    Lease current = current(name);
    if (current == null || !current.owner().equals(owner)) {
      return Optional.empty();
    }
    return Optional.of(put(name, owner, ttl));
  }

  synchronized List<Lease> renewAll(Collection<String> names, String owner, Duration ttl) {
    requirePositive(ttl);
    return names.stream().sorted().map(name -> renew(name, owner, ttl)).flatMap(Optional::stream)
        .toList();
  }

  synchronized boolean release(String name, String owner) {
    requireNames(name, owner);
    Lease current = leases.get(name);
    if (current == null || !current.owner().equals(owner)) {
      return false;
    }
    leases.remove(name);
    return true;
  }

  synchronized Optional<Lease> find(String name) {
    Objects.requireNonNull(name, "name was not specified");
    return Optional.ofNullable(current(name));
  }

  synchronized List<Lease> all() {
    leases.values().removeIf(lease -> lease.isExpiredAt(clock.instant()));
    return leases.values().stream().sorted(Comparator.comparing(Lease::name)).toList();
  }

  /** The unexpired lease on {@code name}, dropping an expired one. */
  private Lease current(String name) {
    Lease lease = leases.get(name);
    if (lease != null && lease.isExpiredAt(clock.instant())) {
      leases.remove(name);
      return null;
    }
    return lease;
  }

  private Lease put(String name, String owner, Duration ttl) {
    Lease lease = new Lease(name, owner, clock.instant().plus(ttl));
    leases.put(name, lease);
    return lease;
  }

  private static void requireNames(String name, String owner) {
    Objects.requireNonNull(name, "name was not specified");
    Objects.requireNonNull(owner, "owner was not specified");
  }

  /** Refuses a lease time that is missing, zero or negative. */
  static void requirePositive(Duration ttl) {
    if (ttl == null || ttl.isZero() || ttl.isNegative()) {
      throw new ValidationException("ttl", "must be a positive duration, was " + ttl
          + "; pass how long a holder may go without renewing, e.g. Duration.ofSeconds(15)");
    }
  }
}
