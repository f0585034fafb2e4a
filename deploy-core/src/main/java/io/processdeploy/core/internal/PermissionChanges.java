package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.NotFoundException;
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
 * agreeing. Sharing a store, an instance that does not drive the application only stores the
 * change ({@link #request}); the driving instance carries it out ({@link #carryOutRequest}).
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
   * descriptor, the cluster and the application. The caller holds the application's lock (and,
   * sharing a store, its lease). When the cluster refuses, the old permissions are put back
   * everywhere; when even that fails, the change stays pending and the next start of the service
   * completes it.
   *
   * @return the application with the new permissions and nothing pending
   */
  public Application change(Application app, Security security) {
    Application intent = request(app.name(), security);
    return carryOut(intent);
  }

  /**
   * Stores {@code security} as the pending change of the application of that name, for the
   * instance driving it to carry out ({@link #carryOutRequest}); compare-and-set, made again on
   * what is stored when another write came first. The caller holds the application's lock.
   *
   * @return the application with the change pending
   * @throws ConflictException when the application is no longer deployed, or is being removed
   */
  public Application request(String name, Security security) {
    Application intent = CompareAndSet.application(store, name, app -> {
      if (!app.status().isDeployed() || app.isBeingRemoved()) {
        throw new ConflictException("application '" + name + "' changed to " + app.status()
            + (app.isBeingRemoved() ? " and being removed" : "") + " while its permissions"
            + " were changed; permissions can be changed once it is Running or Unknown");
      }
      return app.withPendingSecurity(security);
    });
    if (intent == null) {
      throw new NotFoundException("no application named '" + name + "' (any more)");
    }
    return intent;
  }

  /**
   * Carries out, on the instance driving the application, the permission change another instance
   * stored ({@link #request}), as {@link #change} would: when the cluster refuses, the old
   * permissions are put back and the change is no longer pending.
   */
  public void carryOutRequest(String name) {
    try {
      locks.run(name, () -> store.findApplication(name)
          .filter(app -> app.pendingSecurity() != null && !app.isBeingRemoved())
          .ifPresent(app -> {
            carryOut(app);
            events.publish(new LogLine(name, "permission change received by another instance"
                + " completed", clock.instant()));
          }));
    } catch (RuntimeException e) {
      LOG.warn("application {}: the permission change received by another instance failed"
          + " ({}); the old permissions are kept", name, e.getClass().getSimpleName());
    } finally {
      pipeline.signal();
    }
  }

  private Application carryOut(Application intent) {
    try {
      return complete(intent);
    } catch (RuntimeException e) {
      restore(intent);
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

  /**
   * Writes the pending permissions to descriptor, cluster and application, in that order; each
   * store write is compare-and-set on what is stored then, so that nothing another write changed
   * meanwhile is lost. When a newer change was requested meanwhile, it stays pending.
   */
  private Application complete(Application intent) {
    Security security = intent.pendingSecurity();
    CompareAndSet.descriptor(store, intent.name(), d -> d.withSecurity(security));
    ApplicationPlan plan = pipeline.plan(intent.descriptor(), Optional.of(intent))
        .withSecurity(security);
    target.updateSecurity(plan);
    Application done = CompareAndSet.application(store, intent.name(), app -> app
        .withDescriptor(app.descriptor().withSecurity(security))
        .withPendingSecurity(security.equals(app.pendingSecurity()) ? null
            : app.pendingSecurity()));
    if (done == null) {
      throw new NotFoundException("application '" + intent.name() + "' was removed while its"
          + " permissions were changed");
    }
    return done;
  }

  /**
   * Puts the permissions of {@code intent} before its change back (its descriptor's), or leaves
   * the change pending.
   */
  private void restore(Application intent) {
    Security old = intent.descriptor().security();
    try {
      CompareAndSet.descriptor(store, intent.name(), d -> d.withSecurity(old));
      target.updateSecurity(pipeline.plan(intent.descriptor(), Optional.of(intent)));
      CompareAndSet.application(store, intent.name(), app -> app
          .withDescriptor(app.descriptor().withSecurity(old))
          .withPendingSecurity(intent.pendingSecurity().equals(app.pendingSecurity()) ? null
              : app.pendingSecurity()));
    } catch (RuntimeException e) {
      LOG.warn("application {}: putting the old permissions back failed ({}); the change stays"
          + " pending and is completed when the service starts again", intent.name(),
          e.getClass().getSimpleName());
    }
  }
}
