package io.processdeploy.tck.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Members;
import io.processdeploy.api.Removal;
import io.processdeploy.api.Security;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.RemovalMode;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract of a durable {@link DeploymentStore}: everything of {@link DeploymentStoreContract},
 * and what was written is there again after the store is closed and opened anew.
 *
 * <pre>{@code
 * class FileStoreTest extends DurableDeploymentStoreContract {
 *   @TempDir Path dir;
 *   protected DeploymentStore createStore(Clock clock) { return FileStore.open(dir, clock); }
 *   protected DeploymentStore reopen(DeploymentStore old) {
 *     old.close();
 *     return FileStore.open(dir, clock);
 *   }
 * }
 * }</pre>
 */
public abstract class DurableDeploymentStoreContract extends DeploymentStoreContract {
  /** Closes {@code old} and opens a new store over the same data, its leases on {@link #clock}. */
  protected abstract DeploymentStore reopen(DeploymentStore old) throws Exception;

  @Test
  void shouldKeepEverythingWhenReopened() throws Exception {
    store.insertDescriptor(descriptor("kept"));
    store.insertDescriptor(descriptor("deleted"));
    store.insertApplication(application("kept"));
    store.deleteDescriptor("deleted");
    Application replaced = application("kept")
        .transition(ApplicationStatus.Pending, "waiting", T0.plusSeconds(5).plus(7, ChronoUnit.MILLIS));
    store.replaceApplication(replaced);

    store = reopen(store);
    assertThat(store.descriptors()).containsExactly(descriptor("kept"));
    assertThat(store.applications()).containsExactly(replaced);
  }

  @Test
  void shouldKeepAStoredRemovalAndPermissionChangeWhenReopened() throws Exception {
    Application undeploying = application("undeploying")
        .withRemoval(new Removal(RemovalMode.NORMAL, "dana", T0.plusSeconds(6)));
    Application changing = application("changing")
        .withPendingSecurity(new Security(Members.users("bob"), null));
    store.insertApplication(undeploying);
    store.insertApplication(changing);

    store = reopen(store);
    assertThat(store.findApplication("undeploying")).contains(undeploying);
    assertThat(store.findApplication("changing")).contains(changing);
  }

  @Test
  void shouldWriteWithVersionsReadAfterReopening() throws Exception {
    store.insertApplication(application("kept"));
    store = reopen(store);
    long read = store.findVersionedApplication("kept").orElseThrow().version();
    Application pending = application("kept")
        .transition(ApplicationStatus.Pending, "waiting", T0.plusSeconds(5));
    long next = store.replaceApplication(pending, read);
    assertThat(next).isGreaterThan(read);
    store = reopen(store);
    assertThat(store.findApplication("kept")).contains(pending);
  }
}
