package io.processdeploy.core.fakes;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Holds a fake step until the test opens it; tells the test when the step has arrived. */
public final class Gate {
  private final CountDownLatch arrived = new CountDownLatch(1);
  private final CountDownLatch opened = new CountDownLatch(1);

  /** Called by the step: announces arrival, then waits (interruptibly) until opened. */
  public void pass() throws InterruptedException {
    arrived.countDown();
    if (!opened.await(60, TimeUnit.SECONDS)) {
      throw new IllegalStateException("gate never opened");
    }
  }

  /** Waits until a step has arrived at the gate. */
  public void awaitArrival() throws InterruptedException {
    if (!arrived.await(30, TimeUnit.SECONDS)) {
      throw new AssertionError("no step arrived at the gate within 30 s");
    }
  }

  /** Lets the step go on. */
  public void open() {
    opened.countDown();
  }
}
