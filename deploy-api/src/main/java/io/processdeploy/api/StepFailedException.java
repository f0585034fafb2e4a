package io.processdeploy.api;

/**
 * A pipeline step (image build, image push, cluster operation) failed. SPI implementations throw
 * it with a reason a person can act on, e.g. "registry 127.0.0.1:5001 rejected the credentials of
 * user ci". The pipeline records the reason on the application's failure status.
 */
public class StepFailedException extends DeploymentException {
  private static final long serialVersionUID = 1L;
  /** @serial whether retrying the step may succeed */
  private final boolean retryable;

  /** A failure that retrying will not fix. */
  public StepFailedException(String reason) {
    this(reason, false, null);
  }

  /** A failure with its cause; {@code retryable} says whether trying again may succeed. */
  public StepFailedException(String reason, boolean retryable, Throwable cause) {
    super(reason, cause);
    this.retryable = retryable;
  }

  /** Whether the failure was transient (5xx, connection reset, timeout). */
  public boolean isRetryable() {
    return retryable;
  }
}
