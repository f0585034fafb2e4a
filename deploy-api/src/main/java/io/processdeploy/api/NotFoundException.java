package io.processdeploy.api;

/** A descriptor, application, release or service that was asked for does not exist. */
public class NotFoundException extends DeploymentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names what was looked for. */
  public NotFoundException(String message) {
    super(message);
  }
}
