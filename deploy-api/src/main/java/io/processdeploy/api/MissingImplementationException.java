package io.processdeploy.api;

/** No implementation of an SPI was passed in or found on the class path. */
public class MissingImplementationException extends DeploymentException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception; the message names the SPI and the artifact that provides one. */
  public MissingImplementationException(String message) {
    super(message);
  }
}
