package io.processdeploy.core.store;

import io.processdeploy.api.Application;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.spi.DeploymentStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A {@link DeploymentStore} in memory: nothing survives the process. The default when no other
 * store is passed in or found. Thread-safe.
 */
public final class InMemoryStore implements DeploymentStore {
  private final ConcurrentNavigableMap<String, DeploymentDescriptor> descriptors =
      new ConcurrentSkipListMap<>();
  private final ConcurrentNavigableMap<String, Application> applications =
      new ConcurrentSkipListMap<>();

  /** An empty store (also the {@link java.util.ServiceLoader} constructor). */
  public InMemoryStore() {}

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
    Objects.requireNonNull(descriptor, "descriptor was not specified");
    if (descriptors.putIfAbsent(descriptor.name(), descriptor) != null) {
      throw new ConflictException("a descriptor named '" + descriptor.name() + "' exists");
    }
  }

  @Override
  public void replaceDescriptor(DeploymentDescriptor descriptor) {
    Objects.requireNonNull(descriptor, "descriptor was not specified");
    if (descriptors.replace(descriptor.name(), descriptor) == null) {
      throw new NotFoundException("no descriptor named '" + descriptor.name() + "'");
    }
  }

  @Override
  public Optional<DeploymentDescriptor> findDescriptor(String name) {
    return Optional.ofNullable(descriptors.get(name));
  }

  @Override
  public List<DeploymentDescriptor> descriptors() {
    return List.copyOf(descriptors.values());
  }

  @Override
  public boolean deleteDescriptor(String name) {
    return descriptors.remove(name) != null;
  }

  @Override
  public void insertApplication(Application application) {
    Objects.requireNonNull(application, "application was not specified");
    if (applications.putIfAbsent(application.name(), application) != null) {
      throw new ConflictException("an application named '" + application.name() + "' exists");
    }
  }

  @Override
  public void replaceApplication(Application application) {
    Objects.requireNonNull(application, "application was not specified");
    if (applications.replace(application.name(), application) == null) {
      throw new NotFoundException("no application named '" + application.name() + "'");
    }
  }

  @Override
  public Optional<Application> findApplication(String name) {
    return Optional.ofNullable(applications.get(name));
  }

  @Override
  public List<Application> applications() {
    return List.copyOf(applications.values());
  }

  @Override
  public boolean deleteApplication(String name) {
    return applications.remove(name) != null;
  }

  @Override
  public String toString() {
    return "InMemoryStore[" + descriptors.size() + " descriptors, " + applications.size()
        + " applications]";
  }
}
