package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.ConflictException;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.Revision;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.Versioned;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Starting updates and explicit rollbacks: checks, then one write that records the new revision
 * ({@link Revision.Outcome#IN_PROGRESS}) and moves the application to
 * {@link ApplicationStatus#UpdateApp}; the pipeline does the rest ({@link UpdateSteps}).
 */
public final class Updates {

  private final DeploymentStore store;
  private final DescriptorFactory descriptors;
  private final Pipeline pipeline;
  private final EventBus events;
  private final NameLocks locks;
  private final Clock clock;

  /** Updates through {@code pipeline}, with descriptors validated by {@code descriptors}. */
  public Updates(DeploymentStore store, DescriptorFactory descriptors, Pipeline pipeline,
      EventBus events, NameLocks locks, Clock clock) {
    this.store = store;
    this.descriptors = descriptors;
    this.pipeline = pipeline;
    this.events = events;
    this.locks = locks;
    this.clock = clock;
  }

  /** Validates {@code request} and starts moving application {@code name} to it. */
  public Application update(Caller caller, String name, DescriptorRequest request,
      boolean beingRemoved) {
    DeploymentDescriptor running = store.findApplication(name).map(Application::descriptor)
        .orElse(null);
    DeploymentDescriptor next = descriptors.create(request, caller, running);
    return locks.with(name, () -> {
      Application app = requireUpdatable(name, beingRemoved);
      if (running != null && !running.equals(app.descriptor())) {
        throw new ConflictException("application '" + name + "' changed while the update was"
            + " checked; try again");
      }
      Instant now = clock.instant();
      Application based = Revisions.withCurrent(app, now);
      Revision current = based.currentRevision().orElseThrow();
      String digest = Revisions.digest(next);
      if (digest.equals(Revisions.digest(app.descriptor()))) {
        throw new ConflictException("application '" + name + "' already runs this release and"
            + " descriptor (" + Revisions.describe(current) + "); change the release version or"
            + " the descriptor");
      }
      Revision revision = new Revision(based.nextRevisionNumber(), next.release().version(), null,
          digest, next, caller.name(), now, Revision.Outcome.IN_PROGRESS,
          "update requested by " + caller.name());
      return begin(based, revision, "update to " + Revisions.describe(revision)
          + " requested by " + caller.name() + "; " + Revisions.describe(current)
          + " keeps serving until it is available");
    });
  }

  /** Starts returning application {@code name} to its revision {@code number}. */
  public Application rollback(Caller caller, String name, int number, boolean beingRemoved) {
    return locks.with(name, () -> {
      Application app = requireUpdatable(name, beingRemoved);
      Instant now = clock.instant();
      Application based = Revisions.withCurrent(app, now);
      Revision current = based.currentRevision().orElseThrow();
      Revision target = based.revision(number).orElseThrow(() -> new NotFoundException(
          "application '" + name + "' has no revision " + number + "; its revisions are "
              + based.revisions().stream().map(Revision::number).toList()));
      if (target.number() == current.number()) {
        throw new ConflictException("application '" + name + "' runs revision " + number
            + " already; roll back to an earlier one");
      }
      if (target.image() == null) {
        throw new ConflictException("revision " + number + " of application '" + name
            + "' never had an image pushed (" + target.outcome() + "); roll back to a revision"
            + " that ran");
      }
      DeploymentDescriptor descriptor = target.descriptor()
          .withSecurity(app.descriptor().security());
      Revision revision = new Revision(based.nextRevisionNumber(), target.releaseVersion(),
          target.image(), Revisions.digest(descriptor), descriptor, caller.name(), now,
          Revision.Outcome.IN_PROGRESS, "rollback to revision " + number + " requested by "
              + caller.name());
      return begin(based, revision, "rollback to revision " + number + " (release "
          + target.releaseVersion() + ") requested by " + caller.name() + " as "
          + Revisions.describe(revision));
    });
  }

  private Application requireUpdatable(String name, boolean beingRemoved) {
    Application app = store.findApplication(name).orElseThrow(() ->
        new NotFoundException("no application named '" + name + "'"));
    boolean removing = beingRemoved || app.isBeingRemoved();
    if (!app.status().isDeployed() || removing || app.pendingSecurity() != null) {
      throw new ConflictException("application '" + name + "' is " + app.status()
          + (removing ? " and being removed" : "")
          + (app.pendingSecurity() != null ? " and changing permissions" : "")
          + "; it can be updated or rolled back once it is Running or Unknown");
    }
    return app;
  }

  private static ConflictException changedMeanwhile(String name) {
    return new ConflictException("application '" + name + "' changed while the update was"
        + " requested (another instance wrote it); request the update again");
  }

  /**
   * Stops following the application, stores the revision and UpdateApp in one write, announces
   * it and starts the pipeline. The caller holds the application's lock. The stopped run is not
   * waited for: once halted it never writes again, and the lock it would need is held here.
   */
  private Application begin(Application app, Revision revision, String reason) {
    pipeline.stop(app.name(), Duration.ZERO);
    String safe = Redaction.scrub(reason, revision.descriptor());
    Application updating = app.withRevision(revision)
        .transition(ApplicationStatus.UpdateApp, safe, clock.instant());
    // compare-and-set on the application as read: another instance may have written it since
    long read = store.findVersionedApplication(app.name()).filter(v -> v.value().equals(app))
        .map(Versioned::version).orElseThrow(() -> changedMeanwhile(app.name()));
    try {
      store.replaceApplication(updating, read);
    } catch (StaleWriteException e) {
      throw changedMeanwhile(app.name());
    }
    events.publish(new StatusChanged(app.name(), app.status(), ApplicationStatus.UpdateApp, safe,
        updating.updatedAt()));
    pipeline.signal();
    pipeline.start(updating);
    return updating;
  }
}
