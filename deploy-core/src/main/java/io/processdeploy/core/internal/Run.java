package io.processdeploy.core.internal;

import io.processdeploy.api.event.Subscription;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of one application: the worker running its steps, then the watch following its
 * health. Once halted (force undeploy, undeploy, service closing) it never writes again.
 */
final class Run {
  final String name;
  /** Whether an interrupted update is rolled back rather than resumed. */
  final boolean rollBackInterrupted;
  private volatile boolean halted;
  private volatile boolean started;
  private volatile Future<?> future;
  private volatile Subscription watch;
  private final CountDownLatch stepsDone = new CountDownLatch(1);

  Run(String name) {
    this(name, false);
  }

  Run(String name, boolean rollBackInterrupted) {
    this.name = name;
    this.rollBackInterrupted = rollBackInterrupted;
  }

  boolean halted() {
    return halted;
  }

  void future(Future<?> value) {
    this.future = value;
    if (halted) {
      value.cancel(true);
    }
  }

  /** Keeps the watch; closes it at once if the run was halted meanwhile. */
  void watch(Subscription value) {
    this.watch = value;
    if (halted) {
      closeWatch();
    }
  }

  /** Marks the worker as started; returns whether it should go on. */
  boolean start() {
    started = true;
    return !halted;
  }

  void stepsFinished() {
    stepsDone.countDown();
  }

  /** Stops the run: no more writes, the worker interrupted, the watch closed. */
  void halt() {
    halted = true;
    Future<?> f = future;
    if (f != null) {
      f.cancel(true);
    }
    closeWatch();
  }

  /** Whether the worker is queued for or in the steps (not yet only following health). */
  boolean inSteps() {
    return !halted && stepsDone.getCount() > 0;
  }

  /** Waits until the worker has left the steps (at most {@code timeout}). */
  boolean awaitSteps(Duration timeout) throws InterruptedException {
    Future<?> f = future;
    if (!started && f != null && f.isCancelled()) {
      return true; // never started, never will
    }
    return stepsDone.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Closes the current watch (the run goes on, e.g. to open another). */
  void closeWatch() {
    Subscription w = watch;
    watch = null;
    if (w != null) {
      w.close();
    }
  }
}
