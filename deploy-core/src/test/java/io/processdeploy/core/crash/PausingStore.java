package io.processdeploy.core.crash;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Lease;
import io.processdeploy.api.spi.Versioned;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A store that, right after it durably wrote a chosen point (the descriptor, an application in
 * a given status, or a revision in flight: {@code revision:<outcome>}, with {@code :switched} once
 * the application's descriptor is the revision's), tells the parent test through a signal file and then never returns: the parent
 * kills the process there.
 */
final class PausingStore implements DeploymentStore {
  /** Pause point meaning "the descriptor was stored". */
  static final String DESCRIPTOR = "descriptor";

  private final DeploymentStore delegate;
  private volatile String pauseAt;
  private final Path signal;

  PausingStore(DeploymentStore delegate, String pauseAt, Path signal) {
    this.delegate = delegate;
    this.pauseAt = pauseAt;
    this.signal = signal;
  }

  /** Moves the pause point (e.g. once a deployment is done, to a point of its update). */
  void pauseAt(String point) {
    this.pauseAt = point;
  }

  /** Writes {@code text} to the signal file atomically, so the parent never reads half of it. */
  static void signal(Path signal, String text) {
    try {
      Path temp = signal.resolveSibling(signal.getFileName() + ".tmp");
      Files.writeString(temp, text);
      Files.move(temp, signal, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void reached(String point) {
    if (!point.equals(pauseAt)) {
      return;
    }
    signal(signal, "reached " + point);
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void insertDescriptor(DeploymentDescriptor descriptor) {
    delegate.insertDescriptor(descriptor);
    reached(DESCRIPTOR);
  }

  @Override
  public void replaceDescriptor(DeploymentDescriptor descriptor) {
    delegate.replaceDescriptor(descriptor);
  }

  @Override
  public Optional<DeploymentDescriptor> findDescriptor(String name) {
    return delegate.findDescriptor(name);
  }

  @Override
  public List<DeploymentDescriptor> descriptors() {
    return delegate.descriptors();
  }

  @Override
  public boolean deleteDescriptor(String name) {
    return delegate.deleteDescriptor(name);
  }

  @Override
  public void insertApplication(Application application) {
    delegate.insertApplication(application);
    reached(application.status().name());
  }

  @Override
  public void replaceApplication(Application application) {
    delegate.replaceApplication(application);
    reachedBy(application);
  }

  private void reachedBy(Application application) {
    reached(application.status().name());
    application.revisionInFlight().ifPresent(r -> reached("revision:" + r.outcome()
        + (application.descriptor().equals(r.descriptor()) ? ":switched" : "")));
  }

  @Override
  public Optional<Application> findApplication(String name) {
    return delegate.findApplication(name);
  }

  @Override
  public List<Application> applications() {
    return delegate.applications();
  }

  @Override
  public boolean deleteApplication(String name) {
    return delegate.deleteApplication(name);
  }

  @Override
  public Optional<Versioned<DeploymentDescriptor>> findVersionedDescriptor(String name) {
    return delegate.findVersionedDescriptor(name);
  }

  @Override
  public long replaceDescriptor(DeploymentDescriptor descriptor, long expectedVersion) {
    return delegate.replaceDescriptor(descriptor, expectedVersion);
  }

  @Override
  public boolean deleteDescriptor(String name, long expectedVersion) {
    return delegate.deleteDescriptor(name, expectedVersion);
  }

  @Override
  public Optional<Versioned<Application>> findVersionedApplication(String name) {
    return delegate.findVersionedApplication(name);
  }

  @Override
  public long replaceApplication(Application application, long expectedVersion) {
    long version = delegate.replaceApplication(application, expectedVersion);
    reachedBy(application);
    return version;
  }

  @Override
  public boolean deleteApplication(String name, long expectedVersion) {
    return delegate.deleteApplication(name, expectedVersion);
  }

  @Override
  public Optional<Lease> tryAcquireLease(String name, String owner, Duration ttl) {
    return delegate.tryAcquireLease(name, owner, ttl);
  }

  @Override
  public Optional<Lease> renewLease(String name, String owner, Duration ttl) {
    return delegate.renewLease(name, owner, ttl);
  }

  @Override
  public List<Lease> renewLeases(Collection<String> names, String owner, Duration ttl) {
    return delegate.renewLeases(names, owner, ttl);
  }

  @Override
  public boolean releaseLease(String name, String owner) {
    return delegate.releaseLease(name, owner);
  }

  @Override
  public Optional<Lease> findLease(String name) {
    return delegate.findLease(name);
  }

  @Override
  public List<Lease> leases() {
    return delegate.leases();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
