package io.processdeploy.core.internal;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Revision;
import io.processdeploy.api.spi.DeploymentMetrics;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stored status change into metrics: the step it ends (timed from the recorded times of
 * the two changes), and the outcome of a deployment or an update when it ends one.
 */
final class StatusMetrics {
  private static final Logger LOG = LoggerFactory.getLogger(StatusMetrics.class);
  /** The timed steps of a deployment's pipeline. */
  private static final Set<ApplicationStatus> STEPS = EnumSet.of(ApplicationStatus.ImageBuild,
      ApplicationStatus.ImagePush, ApplicationStatus.DeployStarted, ApplicationStatus.Pending);

  private StatusMetrics() {}

  /** Records what moving from {@code before} to {@code after} ended; never throws. */
  static void moved(DeploymentMetrics metrics, Application before, Application after) {
    try {
      record(metrics, before, after);
    } catch (RuntimeException e) {
      LOG.warn("recording metrics failed", e);
    }
  }

  private static void record(DeploymentMetrics metrics, Application before, Application after) {
    ApplicationStatus from = before.status();
    ApplicationStatus to = after.status();
    Duration took = Duration.between(before.updatedAt(), after.updatedAt());
    if (from == ApplicationStatus.UpdateApp) {
      Revision.Outcome outcome = before.revisionInFlight()
          .flatMap(r -> after.revision(r.number())).map(Revision::outcome)
          .filter(o -> !o.isInFlight()).orElse(null);
      if (outcome != null) {
        metrics.stepFinished(from, outcome == Revision.Outcome.DEPLOYED, took);
        metrics.updateFinished(outcome);
      }
      return;
    }
    if (STEPS.contains(from)) {
      metrics.stepFinished(from, !to.isFailure() && to != ApplicationStatus.Unknown, took);
    }
    boolean deploying = from == ApplicationStatus.CreateApp || STEPS.contains(from);
    if (deploying && !to.isTransitional()) {
      metrics.deployFinished(to);
    }
  }
}
