package io.processdeploy.api;

/**
 * The operation clashes with existing state: a name already taken, a descriptor still deployed,
 * an operation not allowed in the application's current status, a namespace owned by someone else.
 */
public class ConflictException extends DeploymentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message says what clashes and what to do. */
  public ConflictException(String message) {
    super(message);
  }
}
