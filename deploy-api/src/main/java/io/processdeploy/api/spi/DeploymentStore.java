package io.processdeploy.api.spi;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Keeps descriptors and applications. Every write is durable when it returns (for durable
 * implementations). Implementations are thread-safe.
 *
 * <p><b>Sharing a store.</b> Several deployment services may share one store (a database, not a
 * directory). Two things make that safe:
 * <ul>
 *   <li><b>Versions.</b> Every record has a version ({@link Versioned}): a write gives the record a
 *       version higher than its previous one, and a store never gives the same version twice, so a
 *       record deleted and inserted again does not take an old version back. The methods taking an
 *       {@code expectedVersion} write only when the stored version is still that one
 *       (compare-and-set) and otherwise throw {@link io.processdeploy.api.StaleWriteException}:
 *       the writer reads again and retries on what is stored now, and no write is silently lost.
 *       The methods without a version write unconditionally (they still change the version).</li>
 *   <li><b>Leases.</b> A {@link Lease} is a claim of one owner on a name until it expires; the
 *       store decides, atomically, who holds it. Expiry is judged by the store's clock (for a
 *       database, the database's), so owners on different machines need not agree on the time.</li>
 * </ul>
 */
public interface DeploymentStore extends Discoverable, AutoCloseable {
  /**
   * Stores a new descriptor.
   *
   * @throws io.processdeploy.api.ConflictException when one of that name exists
   */
  void insertDescriptor(DeploymentDescriptor descriptor);

  /**
   * Replaces an existing descriptor.
   *
   * @throws io.processdeploy.api.NotFoundException when none of that name exists
   */
  void replaceDescriptor(DeploymentDescriptor descriptor);

  /** The descriptor of that name: the default reads it with its version and drops the version. */
  default Optional<DeploymentDescriptor> findDescriptor(String name) {
    return findVersionedDescriptor(name).map(Versioned::value);
  }

  /** Every descriptor, sorted by name. */
  List<DeploymentDescriptor> descriptors();

  /** Deletes a descriptor; returns whether it existed. */
  boolean deleteDescriptor(String name);

  /** The descriptor of that name with its version. */
  Optional<Versioned<DeploymentDescriptor>> findVersionedDescriptor(String name);

  /**
   * Replaces a descriptor if its stored version is still {@code expectedVersion}.
   *
   * @return the descriptor's new version
   * @throws io.processdeploy.api.StaleWriteException when the stored version is another one
   *     (nothing is written)
   * @throws io.processdeploy.api.NotFoundException when none of that name exists
   */
  long replaceDescriptor(DeploymentDescriptor descriptor, long expectedVersion);

  /**
   * Deletes a descriptor if its stored version is still {@code expectedVersion}; returns whether
   * it existed.
   *
   * @throws io.processdeploy.api.StaleWriteException when the stored version is another one
   *     (nothing is deleted)
   */
  boolean deleteDescriptor(String name, long expectedVersion);

  /**
   * Stores a new application.
   *
   * @throws io.processdeploy.api.ConflictException when one of that name exists
   */
  void insertApplication(Application application);

  /**
   * Replaces an existing application.
   *
   * @throws io.processdeploy.api.NotFoundException when none of that name exists
   */
  void replaceApplication(Application application);

  /** The application of that name: the default reads it with its version and drops the version. */
  default Optional<Application> findApplication(String name) {
    return findVersionedApplication(name).map(Versioned::value);
  }

  /** Every application, sorted by name. */
  List<Application> applications();

  /** Deletes an application; returns whether it existed. */
  boolean deleteApplication(String name);

  /** The application of that name with its version. */
  Optional<Versioned<Application>> findVersionedApplication(String name);

  /**
   * Replaces an application if its stored version is still {@code expectedVersion}.
   *
   * @return the application's new version
   * @throws io.processdeploy.api.StaleWriteException when the stored version is another one
   *     (nothing is written)
   * @throws io.processdeploy.api.NotFoundException when none of that name exists
   */
  long replaceApplication(Application application, long expectedVersion);

  /**
   * Deletes an application if its stored version is still {@code expectedVersion}; returns
   * whether it existed.
   *
   * @throws io.processdeploy.api.StaleWriteException when the stored version is another one
   *     (nothing is deleted)
   */
  boolean deleteApplication(String name, long expectedVersion);

  /**
   * Takes the lease on {@code name} for {@code owner} until {@code ttl} from now, if nobody else
   * holds it: when there is no lease, when the lease has expired, or when {@code owner} holds it
   * already (then its expiry moves to {@code ttl} from now). Of owners trying at the same time,
   * exactly one gets it.
   *
   * @return the lease taken, or empty when another owner holds an unexpired one
   * @throws io.processdeploy.api.ValidationException when {@code ttl} is not positive
   */
  Optional<Lease> tryAcquireLease(String name, String owner, Duration ttl);

  /**
   * Moves the expiry of the lease {@code owner} holds on {@code name} to {@code ttl} from now.
   * Refused when the lease is another owner's, has expired (an owner whose lease expired must
   * assume another took over, and acquire it again), or does not exist.
   *
   * @return the renewed lease, or empty when refused
   * @throws io.processdeploy.api.ValidationException when {@code ttl} is not positive
   */
  Optional<Lease> renewLease(String name, String owner, Duration ttl);

  /**
   * Renews each of the leases {@code owner} holds on {@code names}, as {@link #renewLease} does
   * one, in one write (for a database, one statement) however many there are.
   *
   * @return the renewed leases, sorted by name (a name missing was refused)
   * @throws io.processdeploy.api.ValidationException when {@code ttl} is not positive
   */
  List<Lease> renewLeases(Collection<String> names, String owner, Duration ttl);

  /**
   * Gives up the lease {@code owner} holds on {@code name}, so another owner can take it at once.
   *
   * @return whether {@code owner} held it (a lease of another owner is left alone)
   */
  boolean releaseLease(String name, String owner);

  /** The unexpired lease on {@code name}, if any. */
  Optional<Lease> findLease(String name);

  /**
   * Every unexpired lease, sorted by name: what an instance sharing the store needs to find the
   * applications nobody drives, in one read (for a database, one statement) however many there
   * are.
   */
  List<Lease> leases();

  /**
   * Whether the store can be read now, for the service's health check. The default reads the
   * applications and reports the failure, if any; a store with a cheaper check overrides it.
   */
  default ComponentHealth health() {
    try {
      return ComponentHealth.up("store", id() + ": " + applications().size() + " applications");
    } catch (RuntimeException e) {
      return ComponentHealth.down("store", id() + " cannot be read: " + e.getMessage());
    }
  }

  /** Releases resources; the default does nothing. */
  @Override
  default void close() {}
}
