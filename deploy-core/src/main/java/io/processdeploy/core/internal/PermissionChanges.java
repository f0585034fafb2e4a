package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Security;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.DeploymentStore;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Permission changes as stored intents: the new admins and users are stored on the application
 * first ({@link Application#pendingSecurity()}), in one write; then the descriptor, the cluster
 * and the application record are brought to them. A crash anywhere after the first write is
 * completed by {@link #recover}, so that descriptor, application and cluster always end up
 * agreeing.
 */
public final class PermissionChanges {
  private static final Logger LOG = LoggerFactory.getLogger(PermissionChanges.class);

  private final DeploymentStore store;
  private final ClusterTarget target;
  private final Pipeline pipeline;
  private final EventBus events;
  private final NameLocks locks;
  private final Clock clock;

  /** Changes permissions in {@code store} and {@code target}, with plans from {@code pipeline}. */
  public PermissionChanges(DeploymentStore store, ClusterTarget target, Pipeline pipeline,
      EventBus events, NameLocks locks, Clock clock) {
    this.store = store;
    this.target = target;
    this.pipeline = pipeline;
    this.events = events;
    this.locks = locks;
    this.clock = clock;
  }

  /**
   * Stores {@code security} as the pending change of {@code app}, then writes it to the
   * descriptor, the cluster and the application. The caller holds the application's lock. When
   * the cluster refuses, the old permissions are put back everywhere; when even that fails, the
   * change stays pending and the next start of the service completes it.
   *
   * @return the application with the new permissions and nothing pending
   */
  public Application change(Application app, Security security) {
    Application intent = app.withPendingSecurity(security);
    store.replaceApplication(intent);
    try {
      return complete(intent);
    } catch (RuntimeException e) {
      restore(app);
      throw e;
    }
  }

  /**
   * Completes the pending permission change of the application of that name, if it still has
   * one and is not being removed; on failure the change stays pending for the next start.
   */
  public void recover(String name) {
    try {
      locks.run(name, () -> store.findApplication(name)
          .filter(app -> app.pendingSecurity() != null && !app.isBeingRemoved())
          .ifPresent(app -> {
            complete(app);
            events.publish(new LogLine(name, "permission change completed after a restart",
                clock.instant()));
            LOG.info("application {}: the permission change interrupted by a restart is"
                + " completed", name);
          }));
    } catch (RuntimeException e) {
      LOG.warn("application {}: completing the permission change interrupted by a restart"
          + " failed ({}); it stays pending until the next start or permission change", name,
          e.getClass().getSimpleName());
    } finally {
      pipeline.signal();
    }
  }

  /** Writes the pending permissions to descriptor, cluster and application, in that order. */
  private Application complete(Application intent) {
    Security security = intent.pendingSecurity();
    store.findDescriptor(intent.name())
        .filter(d -> !d.security().equals(security))
        .ifPresent(d -> store.replaceDescriptor(d.withSecurity(security)));
    ApplicationPlan plan = pipeline.plan(intent.descriptor(), Optional.of(intent))
        .withSecurity(security);
    target.updateSecurity(plan);
    Application done = intent.withDescriptor(intent.descriptor().withSecurity(security))
        .withPendingSecurity(null);
    store.replaceApplication(done);
    return done;
  }

  /** Puts the permissions of {@code before} back, or leaves the change pending. */
  private void restore(Application before) {
    Security old = before.descriptor().security();
    try {
      store.findDescriptor(before.name())
          .filter(d -> !d.security().equals(old))
          .ifPresent(d -> store.replaceDescriptor(d.withSecurity(old)));
      target.updateSecurity(pipeline.plan(before.descriptor(), Optional.of(before)));
      store.replaceApplication(before);
    } catch (RuntimeException e) {
      LOG.warn("application {}: putting the old permissions back failed ({}); the change stays"
          + " pending and is completed when the service starts again", before.name(),
          e.getClass().getSimpleName());
    }
  }
}
