package io.processdeploy.core.store;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The leases of a store used by one process: kept in memory, their expiry judged by one clock. No
 * other process can contend for them (the in-memory store is private to its process, the file
 * store's directory is locked by one), and none survives a restart.
 */
abstract class InProcessLeases implements DeploymentStore {
  private final LeaseTable leases;

  InProcessLeases(Clock clock) {
    this.leases = new LeaseTable(clock);
  }

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Duration ttl) {
    return leases.tryAcquire(name, owner, ttl);
  }

  @Override
  public Optional<Lease> renewLease(String name, String owner, Duration ttl) {
    return leases.renew(name, owner, ttl);
  }

  @Override
  public List<Lease> renewLeases(Collection<String> names, String owner, Duration ttl) {
    return leases.renewAll(names, owner, ttl);
  }

  @Override
  public boolean releaseLease(String name, String owner) {
    return leases.release(name, owner);
  }

  @Override
  public Optional<Lease> findLease(String name) {
    return leases.find(name);
  }

  @Override
  public List<Lease> leases() {
    return leases.all();
  }
}
