package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import java.util.function.UnaryOperator;

/**
 * Changes of one stored record as compare-and-set writes: the record is read with its version,
 * changed, and written only if nobody wrote it meanwhile; otherwise it is read again and the
 * change decided again on what is stored now, so that no write is lost to another one (of this
 * instance or of another sharing the store).
 */
public final class CompareAndSet {
  private CompareAndSet() {}

  /**
   * Writes {@code change} of the stored application of that name.
   *
   * @param change the application to write instead of the stored one, or {@code null} to write
   *     nothing (decided again at each attempt)
   * @return the application written, or {@code null} when there is none or nothing was written
   */
  public static Application application(DeploymentStore store, String name,
      UnaryOperator<Application> change) {
    while (true) {
      Versioned<Application> read = store.findVersionedApplication(name).orElse(null);
      Application changed = read == null ? null : change.apply(read.value());
      if (changed == null) {
        return null;
      }
      if (changed.equals(read.value())) {
        return changed;
      }
      try {
        store.replaceApplication(changed, read.version());
        return changed;
      } catch (StaleWriteException e) {
        // written meanwhile: decide again on what is stored now
      }
    }
  }

  /**
   * Writes {@code change} of the stored descriptor of that name, if there is one and the change
   * changes it.
   *
   * @param change the descriptor to write instead of the stored one (decided again at each
   *     attempt)
   */
  public static void descriptor(DeploymentStore store, String name,
      UnaryOperator<DeploymentDescriptor> change) {
    while (true) {
      Versioned<DeploymentDescriptor> read = store.findVersionedDescriptor(name).orElse(null);
      if (read == null) {
        return;
      }
      DeploymentDescriptor changed = change.apply(read.value());
      if (changed.equals(read.value())) {
        return;
      }
      try {
        store.replaceDescriptor(changed, read.version());
        return;
      } catch (StaleWriteException e) {
        // written meanwhile: decide again on what is stored now
      }
    }
  }
}
