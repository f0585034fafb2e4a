package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.api.ImagePullSecret;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.ReleasedProject;
import io.processdeploy.api.StaleWriteException;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.api.spi.BuiltImage;
import io.processdeploy.api.spi.ClusterHealth;
import io.processdeploy.api.spi.ClusterTarget;
import io.processdeploy.api.spi.DeploymentMetrics;
import io.processdeploy.api.spi.DeploymentStore;
import io.processdeploy.api.spi.ImageBuildRequest;
import io.processdeploy.api.spi.ImageBuilder;
import io.processdeploy.api.spi.ImagePusher;
import io.processdeploy.api.spi.ImageRegistry;
import io.processdeploy.api.spi.ProgressSink;
import io.processdeploy.api.spi.PushedImage;
import io.processdeploy.api.spi.ReleaseSource;
import io.processdeploy.api.spi.Versioned;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.LogContext;
import io.processdeploy.core.RecoveryMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deployment pipeline, a persisted state machine: CreateApp, ImageBuild, ImagePush,
 * DeployStarted, Pending, then Running and Unknown as the cluster reports. Each new status is
 * stored (and announced) before its step acts, so that after a crash the stored status says
 * exactly which step to resume. Steps run on a bounded pool of workers; after Pending, a cluster
 * watch follows the application's health without holding a worker.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  /** Reason recorded on applications failed by {@link RecoveryMode#FAIL}. */
  public static final String INTERRUPTED = "interrupted by restart";

  final Settings settings;
  private volatile Driving driving = Driving.ALWAYS;
  private final UpdateSteps updates;
  private final ExecutorService workers;
  private final ConcurrentHashMap<String, Run> runs = new ConcurrentHashMap<>();
  private final Object statusSignal = new Object();
  private volatile boolean closed;

  /**
   * Everything the pipeline works with.
   *
   * @param store where applications are kept
   * @param releases where release content comes from
   * @param builder builds application images
   * @param registry receives them
   * @param target creates and follows the application's resources
   * @param plans turns descriptors into plans
   * @param events where events go
   * @param locks the per-application locks shared with the service
   * @param clock the time of every status change
   * @param catalog where the default base of runtime-bundle images comes from
   * @param workDirectory where builders work, one subdirectory per application
   * @param workers how many pipelines run at once
   * @param applyAttempts how many times a transiently failing cluster step is tried
   * @param updateDeadline how long an update (or rollback) waits for its revision to become
   *     available before the previous one is put back
   * @param metrics where the steps and outcomes of every status change are recorded
   */
  public record Settings(DeploymentStore store, ReleaseSource releases, ImageBuilder builder,
      ImageRegistry registry, ClusterTarget target, PlanFactory plans, EventBus events,
      NameLocks locks, Clock clock, Catalog catalog, Path workDirectory, int workers,
      int applyAttempts, Duration updateDeadline, DeploymentMetrics metrics) {}

  /**
   * Which applications this pipeline may drive: all of them, or, with several instances sharing a
   * store, those whose lease this instance holds ({@link ApplicationLeases}).
   */
  public interface Driving {
    /** Every application: the only instance on its store. */
    Driving ALWAYS = new Driving() {
      @Override
      public boolean claim(String name) {
        return true;
      }

      @Override
      public boolean holds(String name) {
        return true;
      }
    };

    /** Takes (or keeps) the right to drive {@code name}; whether this instance has it now. */
    boolean claim(String name);

    /** Whether this instance has the right to drive {@code name}. */
    boolean holds(String name);
  }

  /** Drives only the applications {@code value} gives this instance. */
  public void driveWith(Driving value) {
    this.driving = value;
  }

  /** A pipeline with {@code settings.workers()} workers. */
  public Pipeline(Settings settings) {
    this.settings = settings;
    this.updates = new UpdateSteps(this);
    AtomicInteger count = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(settings.workers(), settings.workers(), 0L,
        TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "processdeploy-pipeline-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** Runs (or resumes) the pipeline of a stored application from its stored status. */
  public void start(Application app) {
    start(app, false);
  }

  /**
   * Runs (or resumes) the pipeline of a stored application; {@code rollBackInterrupted}: an
   * update in progress is rolled back instead of resumed ({@link RecoveryMode#FAIL}).
   */
  private void start(Application app, boolean rollBackInterrupted) {
    if (!driving.claim(app.name())) {
      LOG.debug("application {} is driven by another instance", app.name());
      return;
    }
    Run run = new Run(app.name(), rollBackInterrupted);
    Run previous = runs.put(app.name(), run);
    if (previous != null) {
      previous.halt();
    }
    run.future(workers.submit(() -> execute(run)));
  }

  /**
   * Deals with what a previous run of the service left: applications in a transitional status
   * are resumed or failed as {@code mode} says; deployed ones are followed again. Applications
   * with a stored removal are left alone: the service completes their removal.
   */
  public void recover(RecoveryMode mode) {
    for (Application app : settings.store().applications()) {
      try (LogContext.Scope logs = LogContext.forApplication(app.name())) {
        recover(app, mode);
      }
    }
  }

  /** Deals with what a previous run (or a dead instance) left of one application. */
  public void recover(Application app, RecoveryMode mode) {
    if (!driving.claim(app.name())) {
      return;
    }
    ApplicationStatus status = app.status();
    if (app.isBeingRemoved()) {
      LOG.info("application {} was being removed when the service stopped; its pipeline is not"
          + " resumed", app.name());
    } else if (status == ApplicationStatus.UpdateApp) {
      // an update never ends half old, half new: it is completed, or rolled back (FAIL)
      LOG.info("application {} was updating when the service stopped; {}", app.name(),
          mode == RecoveryMode.FAIL ? "rolling back" : "resuming");
      start(app, mode == RecoveryMode.FAIL);
    } else if (status.isTransitional() && mode == RecoveryMode.FAIL) {
      Run run = new Run(app.name());
      runs.put(app.name(), run);
      Application failed = move(run, status.failure(), INTERRUPTED, UnaryOperator.identity());
      LOG.info("application {} was {} when the service stopped; now {}", app.name(), status,
          failed == null ? "gone" : failed.status());
      if (failed != null && failed.status().isDeployed()) {
        start(failed);
      }
    } else if (status.isTransitional() || status.isDeployed()) {
      LOG.info("application {} was {} when the service stopped; {}", app.name(), status,
          status.isTransitional() ? "resuming" : "following it again");
      start(app);
    }
  }

  /**
   * Stops the pipeline of an application, if one runs: no status is written after this starts,
   * its worker is interrupted and its watch closed; then waits, at most {@code waitForWorker},
   * until the worker has left the step it was in (so that nothing it does overlaps what comes
   * next).
   *
   * @return whether no worker is still in a step
   */
  public boolean stop(String name, Duration waitForWorker) {
    Run run = runs.remove(name);
    if (run == null) {
      return true;
    }
    run.halt();
    try {
      return run.awaitSteps(waitForWorker);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether this instance has the right to drive {@code name} (always, alone on its store). */
  public boolean drives(String name) {
    return driving.holds(name);
  }

  /** Whether the pipeline of {@code name} is queued for or in a step (not only following it). */
  public boolean isStepping(String name) {
    Run run = runs.get(name);
    return run != null && run.inSteps();
  }

  /** Runs {@code task} on a worker, e.g. the completion of an operation a crash interrupted. */
  public void submit(Runnable task) {
    workers.submit(task);
  }

  /** Wakes everyone waiting in {@link #await}: an application changed or went away. */
  public void signal() {
    synchronized (statusSignal) {
      statusSignal.notifyAll();
    }
  }

  /**
   * Waits until the application's status satisfies {@code until}.
   *
   * @throws NotFoundException when the application does not exist or is removed meanwhile
   * @throws DeploymentException after {@code timeout}, naming the last status
   */
  public Application await(String name, Predicate<ApplicationStatus> until, Duration timeout) {
    return awaitApplication(name, app -> until.test(app.status()), "the expected status",
        timeout);
  }

  /**
   * Waits until the stored application satisfies {@code until} (re-read at every signal and at
   * least every second, so that writes of other instances sharing the store are seen).
   *
   * @param expected what {@code until} waits for, for the timeout's message
   * @throws NotFoundException when the application does not exist or is removed meanwhile
   * @throws DeploymentException after {@code timeout}, naming the last status
   */
  public Application awaitApplication(String name, Predicate<Application> until, String expected,
      Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (statusSignal) {
      while (true) {
        Application app = settings.store().findApplication(name).orElseThrow(() ->
            new NotFoundException("no application named '" + name + "' (any more)"));
        if (until.test(app)) {
          return app;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new DeploymentException("application '" + name + "' did not reach " + expected
              + " within " + timeout + "; it is " + app.status()
              + (app.reason().isEmpty() ? "" : " (" + app.reason() + ")"));
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(statusSignal, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new DeploymentException("interrupted while waiting for application '" + name
              + "'", e);
        }
      }
    }
  }

  /**
   * The plan of a descriptor: with the pushed image of {@code app} when there is one, else with
   * the tag a deployment would push.
   */
  public ApplicationPlan plan(DeploymentDescriptor descriptor, Optional<Application> app) {
    ReleasedProject project = settings.releases().find(descriptor.release()).orElseThrow(() ->
        new NotFoundException("release " + descriptor.release() + " of application '"
            + descriptor.name() + "' is no longer available from the release source"));
    String image = app.map(a -> a.images().get(Catalog.RUNTIME_BUNDLE))
        .orElse(ImageNaming.target(settings.registry(), descriptor.name(),
            descriptor.release().version()).toString());
    return settings.plans().plan(descriptor, ReleaseAnalyzer.analyze(project), image)
        .withPullSecret(settings.registry().credentials()
            .map(c -> ImagePullSecret.of(settings.registry().host(), c)).orElse(null));
  }

  /** Stops every worker and watch; statuses stay as stored, for the next start to recover. */
  @Override
  public void close() {
    closed = true;
    runs.values().forEach(Run::halt);
    runs.clear();
    workers.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("some pipeline steps did not stop within 10 s of closing the service");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    signal();
  }

  private void execute(Run run) {
    try (LogContext.Scope logs = LogContext.forApplication(run.name)) {
      executeSteps(run);
    }
  }

  private void executeSteps(Run run) {
    if (!run.start()) {
      run.stepsFinished();
      return;
    }
    ApplicationStatus step = null;
    try {
      Application app = current(run);
      if (app == null || app.isBeingRemoved()) {
        return;
      }
      step = app.status();
      if (step == ApplicationStatus.UpdateApp) {
        updates.execute(run, app);
        return;
      }
      BuiltImage built = null;
      ApplicationPlan plan = null;
      if (step == ApplicationStatus.CreateApp) {
        app = move(run, ApplicationStatus.ImageBuild, "building image " + target(app),
            UnaryOperator.identity());
        step = ApplicationStatus.ImageBuild;
      }
      if (app != null && step == ApplicationStatus.ImageBuild) {
        built = build(run, app);
        app = move(run, ApplicationStatus.ImagePush, "pushing image " + built.target()
            + " (" + built.digest() + ")", UnaryOperator.identity());
        step = ApplicationStatus.ImagePush;
      }
      if (app != null && step == ApplicationStatus.ImagePush) {
        if (built == null) {
          built = build(run, app); // resumed: the build is reproducible
        }
        PushedImage pushed = push(run, built);
        String image = pushed.reference().toString();
        app = move(run, ApplicationStatus.DeployStarted, "image pushed as " + image
            + "; creating resources in namespace " + app.namespace(),
            a -> a.withImage(Catalog.RUNTIME_BUNDLE, image));
        step = ApplicationStatus.DeployStarted;
      }
      if (app != null && step == ApplicationStatus.DeployStarted) {
        plan = plan(app.descriptor(), Optional.of(app));
        apply(run, plan);
        app = move(run, ApplicationStatus.Pending, "resources created; waiting for every"
            + " service to start", a -> a.withRevision(Revisions.first(a,
                settings.clock().instant())));
        step = ApplicationStatus.Pending;
      }
      if (app != null && (step == ApplicationStatus.Pending || step.isDeployed())) {
        // Pending changes the status only: the plan that was applied is the one to follow.
        follow(run, plan != null ? plan : plan(app.descriptor(), Optional.of(app)));
      }
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      if (run.halted() || closed) {
        LOG.debug("pipeline of {} stopped during {}: {}", run.name, step,
            e.getClass().getSimpleName());
        return;
      }
      fail(run, step, e);
    } finally {
      run.stepsFinished();
    }
  }

  Application current(Run run) {
    return settings.store().findApplication(run.name).orElse(null);
  }

  private ImageReference target(Application app) {
    return ImageNaming.target(settings.registry(), app.name(),
        app.descriptor().release().version());
  }

  BuiltImage build(Run run, Application app) throws IOException {
    DeploymentDescriptor d = app.descriptor();
    ReleasedProject project = settings.releases().find(d.release()).orElseThrow(() ->
        new StepFailedException("release " + d.release() + " is no longer available from the"
            + " release source"));
    ImageReference base = d.infrastructure().image(Catalog.RUNTIME_BUNDLE);
    Path workDirectory = settings.workDirectory().resolve(app.name());
    Files.createDirectories(workDirectory);
    ImageBuildRequest request = new ImageBuildRequest(app.name(), d.release(), project.content(),
        base != null ? base.toString() : settings.catalog().runtimeBundleBase(), target(app),
        ImageNaming.labels(app.name(), project), workDirectory, settings.registry());
    return settings.builder().build(request, sink(run, app, ApplicationStatus.ImageBuild));
  }

  PushedImage push(Run run, BuiltImage built) {
    Application app = current(run);
    ProgressSink sink = sink(run, app, ApplicationStatus.ImagePush);
    if (settings.builder() instanceof ImagePusher pusher) {
      return pusher.push(built, settings.registry(), sink);
    }
    return settings.registry().push(built, sink);
  }

  void apply(Run run, ApplicationPlan plan) throws InterruptedException {
    Application app = current(run);
    ProgressSink sink = sink(run, app, ApplicationStatus.DeployStarted);
    long backoff = 250;
    for (int attempt = 1; ; attempt++) {
      try {
        settings.target().apply(plan, sink);
        return;
      } catch (StepFailedException e) {
        if (!e.isRetryable() || attempt >= settings.applyAttempts()) {
          if (attempt > 1) {
            throw new StepFailedException(e.getMessage() + " (after " + attempt + " attempts)",
                false, e);
          }
          throw e;
        }
        sink.log("creating resources failed (" + e.getMessage() + "); attempt " + (attempt + 1)
            + " of " + settings.applyAttempts() + " in " + backoff + " ms");
        TimeUnit.MILLISECONDS.sleep(backoff);
        backoff = Math.min(backoff * 2, 5000);
        if (run.halted()) {
          throw new CancellationException("cancelled");
        }
      }
    }
  }

  void follow(Run run, ApplicationPlan plan) {
    run.watch(settings.target().watch(plan, health -> onHealth(run, health)));
  }

  private void onHealth(Run run, ClusterHealth health) {
    try {
      settings.locks().run(run.name, () -> {
        Application app = run.halted() ? null : current(run);
        if (app == null) {
          return;
        }
        ApplicationStatus next = switch (health.state()) {
          case RUNNING -> ApplicationStatus.Running;
          case UNKNOWN -> ApplicationStatus.Unknown;
          case PENDING -> null;
        };
        // an update's own run moves the application out of UpdateApp, never a follower (with
        // several instances, the driver's follower until it starts an update another stored)
        if (next != null && app.status() != next && app.status() != ApplicationStatus.UpdateApp
            && app.status().canTransitionTo(next)) {
          move(run, next, health.reason(), UnaryOperator.identity());
        }
      });
    } catch (RuntimeException e) {
      LOG.warn("recording the health of application {} failed", run.name, e);
    }
  }

  private void fail(Run run, ApplicationStatus step, Throwable e) {
    Application app = current(run);
    DeploymentDescriptor d = app == null ? null : app.descriptor();
    boolean expected = e instanceof StepFailedException;
    String reason = expected ? e.getMessage()
        : (step == null ? "the pipeline" : step.toString()) + " failed unexpectedly ("
            + e.getClass().getSimpleName() + "); the service log has the details";
    if (step != null && step.isTransitional()) {
      try {
        move(run, step.failure(), reason, UnaryOperator.identity());
      } catch (RuntimeException writeFailure) {
        LOG.error("application {}: recording the failure of {} failed", run.name, step,
            writeFailure);
      }
    }
    try {
      if (expected) {
        LOG.info("application {}: {} failed: {}", run.name, step,
            d == null ? reason : Redaction.scrub(reason, d));
      } else {
        LOG.error("application {}: {} failed unexpectedly", run.name, step,
            Redaction.scrubbed(e, d));
      }
    } catch (RuntimeException logFailure) {
      LOG.error("application {}: {} failed unexpectedly ({})", run.name, step,
          e.getClass().getName());
    }
  }

  /**
   * Stores the next status (after {@code change}) and announces it, unless the run was halted or
   * the application is gone or being removed.
   *
   * @return the stored application, or {@code null} when nothing was written
   */
  Application move(Run run, ApplicationStatus next, String reason,
      UnaryOperator<Application> change) {
    return settings.locks().with(run.name, () -> {
      while (true) {
        if (run.halted() || closed || !driving.holds(run.name)) {
          return null;
        }
        Versioned<Application> read =
            settings.store().findVersionedApplication(run.name).orElse(null);
        Application app = read == null ? null : read.value();
        if (app == null || app.isBeingRemoved()) {
          return null;
        }
        String safeReason = Redaction.scrub(reason, app.descriptor());
        Application updated = change.apply(app).transition(next, safeReason,
            settings.clock().instant());
        try {
          settings.store().replaceApplication(updated, read.version());
        } catch (StaleWriteException e) {
          continue; // written meanwhile (e.g. by another instance): decide again on what is stored
        }
        settings.events().publish(new StatusChanged(run.name, app.status(), next, safeReason,
            updated.updatedAt()));
        StatusMetrics.moved(settings.metrics(), app, updated);
        signal();
        return updated;
      }
    });
  }

  ProgressSink sink(Run run, Application app, ApplicationStatus step) {
    DeploymentDescriptor d = app == null ? null : app.descriptor();
    return new ProgressSink() {
      @Override
      public void progress(long done, long total, String unit) {
        if (!run.halted()) {
          settings.events().publish(new Progress(run.name, step.name(), done, total, unit,
              settings.clock().instant()));
        }
      }

      @Override
      public void log(String message) {
        if (!run.halted()) {
          settings.events().publish(new LogLine(run.name,
              d == null ? message : Redaction.scrub(message, d), settings.clock().instant()));
        }
      }
    };
  }
}
