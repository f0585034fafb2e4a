package io.processdeploy.testkit.demo;

/** A demo step did not do what it printed; the message says what was found instead. */
final class StepFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StepFailure(String message) {
    super(message);
  }

  /** Fails with {@code failure} unless {@code condition} holds. */
  static void check(boolean condition, String failure) {
    if (!condition) {
      throw new StepFailure(failure);
    }
  }
}
