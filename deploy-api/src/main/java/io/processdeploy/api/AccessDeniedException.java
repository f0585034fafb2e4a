package io.processdeploy.api;

/** The caller lacks the role an operation requires. Checked before anything else is done. */
public class AccessDeniedException extends DeploymentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the caller and the missing role. */
  public AccessDeniedException(String message) {
    super(message);
  }
}
