package io.processdeploy.api.spi;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * Keeps descriptors and applications. Every write is durable when it returns (for durable
 * implementations). Implementations are thread-safe.
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

  /** The descriptor of that name. */
  Optional<DeploymentDescriptor> findDescriptor(String name);

  /** Every descriptor, sorted by name. */
  List<DeploymentDescriptor> descriptors();

  /** Deletes a descriptor; returns whether it existed. */
  boolean deleteDescriptor(String name);

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

  /** The application of that name. */
  Optional<Application> findApplication(String name);

  /** Every application, sorted by name. */
  List<Application> applications();

  /** Deletes an application; returns whether it existed. */
  boolean deleteApplication(String name);

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
