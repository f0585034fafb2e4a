package io.processdeploy.core.store;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link DeploymentStore} in memory: nothing survives the process. The default when no other
 * store is passed in or found. Thread-safe; its leases serve the deployment services of one
 * process.
 */
public final class InMemoryStore extends InProcessLeases {
  private final AtomicLong versions = new AtomicLong();
  private final Records<DeploymentDescriptor> descriptors = new Records<>("a", "descriptor",
      DeploymentDescriptor::name, versions, Records.Sink.none());
  private final Records<Application> applications = new Records<>("an", "application",
      Application::name, versions, Records.Sink.none());

  /** An empty store (also the {@link java.util.ServiceLoader} constructor). */
  public InMemoryStore() {
    this(Clock.systemUTC());
  }

  /** An empty store whose leases expire by {@code clock}. */
  public InMemoryStore(Clock clock) {
    super(clock);
  }

  @Override
  public String id() {
    return "in-memory";
  }

  /** Lowest priority: any other store found on the class path wins. */
  @Override
  public int priority() {
    return Integer.MIN_VALUE;
  }

  @Override
  public void insertDescriptor(DeploymentDescriptor descriptor) {
    descriptors.insert(descriptor);
  }

  @Override
  public void replaceDescriptor(DeploymentDescriptor descriptor) {
    descriptors.replace(descriptor, Records.ANY);
  }

  @Override
  public long replaceDescriptor(DeploymentDescriptor descriptor, long expectedVersion) {
    return descriptors.replace(descriptor, expectedVersion);
  }

  @Override
  public Optional<DeploymentDescriptor> findDescriptor(String name) {
    return descriptors.findValue(name);
  }

  @Override
  public Optional<Versioned<DeploymentDescriptor>> findVersionedDescriptor(String name) {
    return descriptors.find(name);
  }

  @Override
  public List<DeploymentDescriptor> descriptors() {
    return descriptors.all();
  }

  @Override
  public boolean deleteDescriptor(String name) {
    return descriptors.delete(name, Records.ANY);
  }

  @Override
  public boolean deleteDescriptor(String name, long expectedVersion) {
    return descriptors.delete(name, expectedVersion);
  }

  @Override
  public void insertApplication(Application application) {
    applications.insert(application);
  }

  @Override
  public void replaceApplication(Application application) {
    applications.replace(application, Records.ANY);
  }

  @Override
  public long replaceApplication(Application application, long expectedVersion) {
    return applications.replace(application, expectedVersion);
  }

  @Override
  public Optional<Application> findApplication(String name) {
    return applications.findValue(name);
  }

  @Override
  public Optional<Versioned<Application>> findVersionedApplication(String name) {
    return applications.find(name);
  }

  @Override
  public List<Application> applications() {
    return applications.all();
  }

  @Override
  public boolean deleteApplication(String name) {
    return applications.delete(name, Records.ANY);
  }

  @Override
  public boolean deleteApplication(String name, long expectedVersion) {
    return applications.delete(name, expectedVersion);
  }

  @Override
  public String toString() {
    return "InMemoryStore[" + descriptors.size() + " descriptors, " + applications.size()
        + " applications]";
  }
}
