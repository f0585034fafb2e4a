package io.processdeploy.core.fakes;

import io.processdeploy.api.StepFailedException;

/** A pause inside a fake step, interruptible like real I/O. */
final class Delay {
  private Delay() {}

  static void of(long millis) {
    if (millis <= 0) {
      return;
    }
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException("interrupted", false, e);
    }
  }
}
