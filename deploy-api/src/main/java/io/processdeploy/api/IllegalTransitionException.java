package io.processdeploy.api;

/**
 * A status change that {@link ApplicationStatus#canTransitionTo(ApplicationStatus)} forbids. It
 * always reveals a bug: the pipeline never overwrites a status silently.
 */
public class IllegalTransitionException extends DeploymentException {
  private static final long serialVersionUID = 1L;
  /** @serial the status the application had */
  private final ApplicationStatus from;
  /** @serial the status that was refused */
  private final ApplicationStatus to;

  /** Creates the exception for the refused move of {@code application}. */
  public IllegalTransitionException(String application, ApplicationStatus from,
      ApplicationStatus to) {
    super("application '" + application + "' cannot move from " + from + " to " + to
        + "; allowed next statuses: " + from.successors());
    this.from = from;
    this.to = to;
  }

  /** The status the application was in. */
  public ApplicationStatus from() {
    return from;
  }

  /** The refused next status. */
  public ApplicationStatus to() {
    return to;
  }
}
