package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.Revision;
import io.processdeploy.api.Revision.Outcome;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.Subscription;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.core.Catalog;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The UpdateApp step: moves a deployed application to the revision in flight, or back.
 *
 * <ol>
 *   <li>The image: reused when release and base are unchanged (nothing is built or pushed),
 *       else built and pushed (the registry skips the blobs it has).
 *   <li>One write switches the application's descriptor and image to the new revision; then its
 *       resources are applied: only Deployments whose pod template changed roll, and they roll
 *       with the previous pods serving until the new ones are available.
 *   <li>The revision is waited for, at most the update deadline. Available: it becomes
 *       {@link Outcome#DEPLOYED} and the application Running. Not available (the cluster
 *       reports a service that cannot start, or the deadline passes): one write marks it
 *       {@link Outcome#ROLLING_BACK} and switches the application back to the previous revision,
 *       whose resources are applied and waited for the same way; the application is Running
 *       again, or Unknown when even that fails.
 * </ol>
 *
 * Every decision is stored before it acts, so that a restart finds the revision in flight and
 * either completes it ({@link Outcome#IN_PROGRESS}) or finishes its rollback
 * ({@link Outcome#ROLLING_BACK}).
 */
final class UpdateSteps {
  private static final Logger LOG = LoggerFactory.getLogger(UpdateSteps.class);

  private final Pipeline pipeline;

  UpdateSteps(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Runs the update of {@code app}, which is in UpdateApp with a revision in flight. */
  void execute(Run run, Application app) throws InterruptedException {
    Optional<Revision> inFlight = app.revisionInFlight();
    Optional<Revision> previous = app.currentRevision();
    if (inFlight.isEmpty() || previous.isEmpty()) {
      // nothing recorded to move to or back to: the application stays as it runs
      Application back = pipeline.move(run, ApplicationStatus.Running, "no update in flight;"
          + " the application runs as before", UnaryOperator.identity());
      if (back != null) {
        pipeline.follow(run, pipeline.plan(back.descriptor(), Optional.of(back)));
      }
      return;
    }
    Revision next = inFlight.get();
    Revision before = previous.get();
    if (next.outcome() == Outcome.ROLLING_BACK) {
      rollBack(run, next, before, next.reason());
    } else if (run.rollBackInterrupted) {
      rollBack(run, next, before, Pipeline.INTERRUPTED);
    } else {
      moveTo(run, app, next, before);
    }
  }

  private void moveTo(Run run, Application app, Revision next, Revision before)
      throws InterruptedException {
    String image;
    String step = "ImageBuild";
    try {
      image = image(run, app, next, before);
      step = "DeployStarted";
      Application switched = save(run, "applying " + Revisions.describe(next), a -> a
          .withDescriptor(next.descriptor())
          .withImage(Catalog.RUNTIME_BUNDLE, image)
          .withRevision(next.withImage(image)));
      if (switched == null) {
        return;
      }
      syncDescriptor(next.descriptor());
      ApplicationPlan plan = pipeline.plan(next.descriptor(), Optional.of(switched));
      pipeline.apply(run, plan);
      step = "the rollout";
      ClusterHealth health = awaitRollout(run, plan);
      if (health.state() == ClusterHealth.State.RUNNING) {
        Application done = pipeline.move(run, ApplicationStatus.Running, "updated to "
            + Revisions.describe(next) + "; " + health.reason(), a -> a
                .withRevision(before.withOutcome(Outcome.SUPERSEDED, "replaced by revision "
                    + next.number()))
                .withRevision(next.withImage(image).withOutcome(Outcome.DEPLOYED, "available")));
        if (done != null) {
          pipeline.follow(run, plan);
        }
        return;
      }
      rollBack(run, next.withImage(image), before, Revisions.describe(next)
          + " did not become available: " + health.reason());
    } catch (CancellationException | InterruptedException e) {
      throw e;
    } catch (RuntimeException | java.io.IOException e) {
      if (run.halted()) {
        throw new CancellationException("stopped");
      }
      String why = e instanceof StepFailedException ? e.getMessage()
          : e.getClass().getSimpleName() + " (the service log has the details)";
      if (!"ImageBuild".equals(step) && !"ImagePush".equals(step)) {
        rollBack(run, next, before, step + " failed: " + why);
        return;
      }
      LOG.info("application {}: update to revision {} failed before the cluster was changed",
          run.name, next.number(), Redaction.scrubbed(e, next.descriptor()));
      Application kept = pipeline.move(run, ApplicationStatus.Running, "update to "
          + Revisions.describe(next) + " failed: " + why + "; " + Revisions.describe(before)
          + " keeps running", a -> a.withRevision(next.withOutcome(Outcome.FAILED, why)));
      if (kept != null) {
        pipeline.follow(run, pipeline.plan(kept.descriptor(), Optional.of(kept)));
      }
    }
  }

  /** The image of {@code next}: already known, reused from {@code before}, or built and pushed. */
  private String image(Run run, Application app, Revision next, Revision before)
      throws java.io.IOException {
    if (next.image() != null) {
      return next.image();
    }
    if (Revisions.sameImage(before, next.descriptor())) {
      log(run, next.descriptor(), "release " + next.releaseVersion() + " and its base are"
          + " unchanged: image " + before.image() + " reused, nothing built or pushed");
      return before.image();
    }
    Application building = app.withDescriptor(next.descriptor());
    BuiltImage built;
    try {
      built = pipeline.build(run, building);
    } catch (StepFailedException e) {
      throw new StepFailedException("ImageBuild: " + e.getMessage(), false, e);
    }
    PushedImage pushed;
    try {
      pushed = pipeline.push(run, built);
    } catch (StepFailedException e) {
      throw new StepFailedException("ImagePush: " + e.getMessage(), false, e);
    }
    String image = pushed.reference().toString();
    save(run, "image of " + Revisions.describe(next) + " pushed as " + image,
        a -> a.withRevision(next.withImage(image)));
    return image;
  }

  /**
   * Puts {@code before} back after {@code failed} did not become available: stores the decision,
   * applies the previous revision and waits for it.
   */
  private void rollBack(Run run, Revision failed, Revision before, String why)
      throws InterruptedException {
    Application current = pipeline.current(run);
    if (current == null) {
      return;
    }
    DeploymentDescriptor back = before.descriptor()
        .withSecurity(current.descriptor().security());
    Application switched = save(run, "rolling back to " + Revisions.describe(before) + ": "
        + why, a -> {
          Application b = a.withDescriptor(back).withRevision(failed.withOutcome(
              Outcome.ROLLING_BACK, why));
          return before.image() == null ? b : b.withImage(Catalog.RUNTIME_BUNDLE, before.image());
        });
    if (switched == null) {
      return;
    }
    syncDescriptor(back);
    ApplicationPlan plan = pipeline.plan(back, Optional.of(switched));
    ClusterHealth health;
    try {
      pipeline.apply(run, plan);
      health = awaitRollout(run, plan);
    } catch (CancellationException | InterruptedException e) {
      throw e;
    } catch (RuntimeException e) {
      if (run.halted()) {
        throw new CancellationException("stopped");
      }
      health = ClusterHealth.unknown(e instanceof StepFailedException ? e.getMessage()
          : e.getClass().getSimpleName() + " (the service log has the details)");
    }
    boolean ok = health.state() == ClusterHealth.State.RUNNING;
    String outcome = health.reason();
    Application done = pipeline.move(run, ok ? ApplicationStatus.Running
        : ApplicationStatus.Unknown, ok
        ? "rolled back to " + Revisions.describe(before) + " because " + why
        : "rollback to " + Revisions.describe(before) + " failed too (" + outcome
            + ") after " + why,
        a -> a.withRevision(failed.withOutcome(ok ? Outcome.ROLLED_BACK : Outcome.FAILED,
            ok ? why : why + "; the rollback failed too: " + outcome)));
    if (done != null) {
      pipeline.follow(run, plan);
    }
  }

  /**
   * Waits until the cluster reports the plan's services available (RUNNING) or unable to start
   * (UNKNOWN), at most the update deadline.
   */
  private ClusterHealth awaitRollout(Run run, ApplicationPlan plan) throws InterruptedException {
    Duration deadline = pipeline.settings.updateDeadline();
    CompletableFuture<ClusterHealth> settled = new CompletableFuture<>();
    AtomicReference<String> last = new AtomicReference<>("no report from the cluster");
    Subscription watch = pipeline.settings.target().watch(plan, health -> {
      last.set(health.reason());
      if (health.state() != ClusterHealth.State.PENDING) {
        settled.complete(health);
      }
    });
    run.watch(watch);
    try {
      return settled.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return ClusterHealth.unknown("not available within the update deadline of " + deadline
          + ": " + last.get());
    } catch (ExecutionException e) {
      return ClusterHealth.unknown(String.valueOf(e.getCause()));
    } finally {
      run.closeWatch();
    }
  }

  /**
   * Writes a change of the application that keeps its status, and logs why (compare-and-set:
   * when another write came first, the change is made again on what is stored now).
   */
  private Application save(Run run, String message, UnaryOperator<Application> change) {
    Application saved = pipeline.settings.locks().with(run.name, () ->
        CompareAndSet.application(pipeline.settings.store(), run.name, app ->
            run.halted() || !pipeline.drives(run.name) || app.isBeingRemoved() ? null
                : change.apply(app)));
    if (saved != null) {
      log(run, saved.descriptor(), message);
      pipeline.signal();
    }
    return saved;
  }

  /** Makes the stored descriptor say what the application runs (export reads it). */
  private void syncDescriptor(DeploymentDescriptor d) {
    CompareAndSet.descriptor(pipeline.settings.store(), d.name(), existing -> d);
  }

  private void log(Run run, DeploymentDescriptor d, String message) {
    if (!run.halted()) {
      pipeline.settings.events().publish(new LogLine(run.name, Redaction.scrub(message, d),
          pipeline.settings.clock().instant()));
    }
  }
}
