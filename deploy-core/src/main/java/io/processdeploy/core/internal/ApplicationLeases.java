package io.processdeploy.core.internal;

import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases one deployment service instance holds on applications in a shared store: it drives
 * an application (pipeline, update, removal, recovery) only while it holds the application's
 * lease. {@link #renewAll()} runs every third of the lease time (one write for all the leases); a
 * lease that cannot be renewed is
 * given up at once and {@code lost} is told, so that the instance stops driving before another
 * may take over.
 */
public final class ApplicationLeases implements Pipeline.Driving {
  private static final Logger LOG = LoggerFactory.getLogger(ApplicationLeases.class);

  private final DeploymentStore store;
  private final String owner;
  private final Duration ttl;
  private final Consumer<String> lost;
  private final Set<String> held = ConcurrentHashMap.newKeySet();

  /**
   * @param owner this instance's id, unique among the instances sharing the store
   * @param ttl how long a lease lasts without renewal: the longest an application stays without
   *     a driver after its instance dies
   * @param lost told the name of each application whose lease this instance lost
   */
  public ApplicationLeases(DeploymentStore store, String owner, Duration ttl,
      Consumer<String> lost) {
    this.store = store;
    this.owner = owner;
    this.ttl = ttl;
    this.lost = lost;
  }

  /** This instance's id. */
  public String owner() {
    return owner;
  }

  /** The lease time. */
  public Duration ttl() {
    return ttl;
  }

  /** Takes (or keeps) the lease of {@code name}; whether this instance holds it now. */
  @Override
  public boolean claim(String name) {
    if (held.contains(name)) {
      return true;
    }
    if (store.tryAcquireLease(name, owner, ttl).isPresent()) {
      held.add(name);
      LOG.debug("instance {} drives application {}", owner, name);
      return true;
    }
    return false;
  }

  /** Whether this instance holds the lease of {@code name} (as far as it knows). */
  @Override
  public boolean holds(String name) {
    return held.contains(name);
  }

  /** The names this instance holds leases on. */
  public Set<String> held() {
    return Set.copyOf(held);
  }

  /** Gives up the lease of {@code name} (the application is gone, or this instance stops). */
  public void release(String name) {
    if (held.remove(name)) {
      try {
        store.releaseLease(name, owner);
      } catch (RuntimeException e) {
        LOG.debug("releasing the lease of {} failed; it expires in {}", name, ttl, e);
      }
    }
  }

  /** Renews every lease held; one that cannot be renewed is given up and reported lost. */
  public void renewAll() {
    Set<String> names = held();
    if (names.isEmpty()) {
      return;
    }
    Set<String> renewed;
    try {
      // one write for all of them, however many this instance holds
      renewed = store.renewLeases(names, owner, ttl).stream().map(Lease::name)
          .collect(Collectors.toSet());
    } catch (RuntimeException e) {
      LOG.warn("instance {} cannot renew its leases ({}); it stops driving their applications",
          owner, e.getClass().getSimpleName());
      renewed = Set.of();
    }
    for (String name : names) {
      if (!renewed.contains(name) && held.remove(name)) {
        LOG.warn("instance {} lost the lease of application {}; another instance takes it over",
            owner, name);
        lost.accept(name);
      }
    }
  }

  /** Gives up every lease, for another instance to take over at once. */
  public void releaseAll() {
    held().forEach(this::release);
  }
}
