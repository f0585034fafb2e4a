package io.processdeploy.api.spi;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Revision;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where the library reports what it measures: deployments and updates by outcome, the time of
 * each pipeline step, retried cluster API calls, lost cluster watches and the applications per
 * status. Every method does nothing by default, so an implementation picks what it records;
 * {@link #NONE} records nothing and is what the service uses unless it is given one.
 *
 * <p>Every value passed is drawn from a small fixed set (a status, an outcome, a constant naming an
 * operation or a resource kind), never an application's name, a user or a secret, so that each
 * can become a tag of a metric without growing its number of series. Methods are called on the
 * library's worker threads: implementations are thread-safe, return quickly and do not throw.
 */
public interface DeploymentMetrics {
  /** Records nothing. */
  DeploymentMetrics NONE = new DeploymentMetrics() {};

  /**
   * A deployment's pipeline ended: {@link ApplicationStatus#Running},
   * {@link ApplicationStatus#Unknown} (a service could not start) or the failure status of the
   * step that failed. Called once per deployment; a deployment interrupted by an undeploy is not
   * counted.
   */
  default void deployFinished(ApplicationStatus outcome) {}

  /**
   * An update or rollback ended with the outcome of its revision:
   * {@link Revision.Outcome#DEPLOYED}, {@link Revision.Outcome#ROLLED_BACK} or
   * {@link Revision.Outcome#FAILED}. Called once per update.
   */
  default void updateFinished(Revision.Outcome outcome) {}

  /**
   * A pipeline step ended: {@link ApplicationStatus#ImageBuild},
   * {@link ApplicationStatus#ImagePush}, {@link ApplicationStatus#DeployStarted},
   * {@link ApplicationStatus#Pending} or
   * {@link ApplicationStatus#UpdateApp}.
   *
   * @param step the status the application was in during the step
   * @param succeeded whether the next step (or Running, or the new revision) followed
   * @param took how long the application was in that status, from the recorded times of its
   *     status changes (a step resumed after a restart includes the time the service was down)
   */
  default void stepFinished(ApplicationStatus step, boolean succeeded, Duration took) {}

  /**
   * A call to the cluster's API failed transiently and is tried again.
   *
   * @param operation what the call does, a short constant such as {@code apply}, {@code read},
   *     {@code list} or {@code delete}
   */
  default void apiRetried(String operation) {}

  /**
   * The watch the cluster target follows applications with was lost and is established again by
   * listing the resources anew.
   *
   * @param resource the watched kind, a short constant such as {@code deployments} or {@code pods}
   */
  default void watchReconnected(String resource) {}

  /**
   * Hands over how many applications have each status (statuses without applications may be
   * absent), to be read whenever the metrics are. Called once, when the service starts.
   */
  default void applicationsByStatus(Supplier<Map<ApplicationStatus, Long>> counts) {}
}
