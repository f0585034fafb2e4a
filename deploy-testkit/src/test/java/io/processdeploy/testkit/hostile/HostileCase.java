package io.processdeploy.testkit.hostile;

import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentException;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.SampleProjects;

/**
 * One hostile input: what is tried and how it must be refused.
 *
 * @param category the kind of input, as the table in {@code docs/reliability.md} counts them
 * @param description the input, in a few words
 * @param operation the {@link DeploymentService} operation it is given to
 * @param attempt the call
 * @param expected the exception it must be refused with
 * @param field the field the exception must name, {@code null} for exceptions that name none
 */
record HostileCase(String category, String description, String operation, Attempt attempt,
    Class<? extends DeploymentException> expected, String field) {

  /** The call of one case. */
  @FunctionalInterface
  interface Attempt {
    void run(Context context) throws Exception;
  }

  /**
   * What a call works with.
   *
   * @param service the service under test
   * @param devops a caller with the devops role
   * @param samples requests for the sample releases
   * @param releases the release source, which can be told to lie
   * @param document the exported document of the descriptor {@value HostileInputs#IDLE}
   */
  record Context(DeploymentService service, Caller devops, SampleProjects samples,
      LyingReleaseSource releases, String document) {}

  @Override
  public String toString() {
    return category + ": " + operation + " with " + description;
  }
}
