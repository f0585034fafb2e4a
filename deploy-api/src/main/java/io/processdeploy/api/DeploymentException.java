package io.processdeploy.api;

/**
 * The root of every exception this library throws. Unchecked; each subclass says what kind of
 * problem it is, and every message says what to fix.
 */
public class DeploymentException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message a person can act on. */
  public DeploymentException(String message) {
    super(message);
  }

  /** Creates an exception with a message a person can act on and its cause. */
  public DeploymentException(String message, Throwable cause) {
    super(message, cause);
  }
}
