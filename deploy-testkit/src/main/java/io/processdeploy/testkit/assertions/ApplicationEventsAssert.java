package io.processdeploy.testkit.assertions;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.StatusChanged;
import io.processdeploy.testkit.ApplicationEvents;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on the events of one application ({@link ApplicationEvents}). Waiting is explicit:
 * {@code reaches(Running).within(Duration.ofSeconds(30))}; the other assertions look at the events
 * received so far.
 */
public final class ApplicationEventsAssert
    extends AbstractAssert<ApplicationEventsAssert, ApplicationEvents> {
  ApplicationEventsAssert(ApplicationEvents actual) {
    super(actual, ApplicationEventsAssert.class);
  }

  /**
   * Starts waiting for a move to {@code status}; finish with {@link Reaching#within(Duration)}.
   */
  public Reaching reaches(ApplicationStatus status) {
    isNotNull();
    return new Reaching(this, Objects.requireNonNull(status, "status was not specified"));
  }

  /** The last status moved to is {@code expected}. */
  public ApplicationEventsAssert hasStatus(ApplicationStatus expected) {
    isNotNull();
    Optional<StatusChanged> last = actual.lastStatusChange();
    if (last.isEmpty() || last.get().to() != expected) {
      failWithMessage("Expected <%s> to be %s but its statuses are %s", actual.application(),
          expected, describe());
    }
    return this;
  }

  /** The application moved to {@code statuses} in this order (others may lie between). */
  public ApplicationEventsAssert passedThrough(ApplicationStatus... statuses) {
    isNotNull();
    Objects.requireNonNull(statuses, "statuses were not specified");
    if (!StatusHistory.containsInOrder(actual.statuses(), statuses)) {
      failWithMessage("Expected <%s> to pass through %s in this order but its statuses are %s",
          actual.application(), StatusHistory.arrows(Arrays.asList(statuses)), describe());
    }
    return this;
  }

  /** The application never moved to any of {@code statuses}. */
  public ApplicationEventsAssert neverPassedThrough(ApplicationStatus... statuses) {
    isNotNull();
    List<ApplicationStatus> forbidden = Arrays.asList(statuses);
    for (ApplicationStatus s : actual.statuses()) {
      if (forbidden.contains(s)) {
        failWithMessage("Expected <%s> never to be %s but its statuses are %s",
            actual.application(), s, describe());
      }
    }
    return this;
  }

  /**
   * The last status moved to is a failure status or {@link ApplicationStatus#Unknown}, for a
   * reason that mentions {@code fragment} (ignoring case).
   */
  public ApplicationEventsAssert failedWith(String fragment) {
    isNotNull();
    Objects.requireNonNull(fragment, "fragment was not specified");
    Optional<StatusChanged> last = actual.lastStatusChange();
    if (last.isEmpty() || !(last.get().to().isFailure()
        || last.get().to() == ApplicationStatus.Unknown)) {
      failWithMessage("Expected <%s> to have failed with a reason mentioning <%s> but its statuses"
          + " are %s", actual.application(), fragment, describe());
    } else if (!StatusHistory.mentions(last.get().reason(), fragment)) {
      failWithMessage("Expected <%s> to have failed with a reason mentioning <%s> but it is %s"
          + " because <%s>", actual.application(), fragment, last.get().to(), last.get().reason());
    }
    return this;
  }

  /** At least one progress event was reported for {@code step}, e.g. {@code ImagePush}. */
  public ApplicationEventsAssert reportedProgressOf(String step) {
    isNotNull();
    if (actual.progress().stream().noneMatch(p -> p.step().equals(step))) {
      failWithMessage("Expected <%s> to report progress of %s but it reported progress of %s",
          actual.application(), step,
          actual.progress().stream().map(p -> p.step()).distinct().toList());
    }
    return this;
  }

  private void awaitStatus(ApplicationStatus target, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout was not specified");
    boolean settled = actual.await(events -> reached(events, target) || failedBefore(events, target),
        timeout);
    if (!settled) {
      failWithMessage("Expected <%s> to reach %s within %s but its statuses are %s",
          actual.application(), target, timeout, describe());
    } else if (!reached(actual.events(), target)) {
      failWithMessage("Expected <%s> to reach %s but it failed first; its statuses are %s",
          actual.application(), target, describe());
    }
  }

  private static boolean reached(List<DeploymentEvent> events, ApplicationStatus target) {
    return events.stream().anyMatch(e -> e instanceof StatusChanged s && s.to() == target);
  }

  /** A final failure status other than the target itself: waiting longer cannot help. */
  private static boolean failedBefore(List<DeploymentEvent> events, ApplicationStatus target) {
    return events.stream().anyMatch(e -> e instanceof StatusChanged s && s.to().isFailure()
        && s.to() != target);
  }

  private String describe() {
    List<StatusChanged> changes = actual.statusChanges();
    if (changes.isEmpty()) {
      return "(none yet)";
    }
    StringBuilder sb = new StringBuilder();
    for (StatusChanged s : changes) {
      sb.append(System.lineSeparator()).append("  ").append(s.time()).append(' ').append(s.to());
      if (s.reason() != null && !s.reason().isEmpty()) {
        sb.append(" (").append(s.reason()).append(')');
      }
    }
    return sb.toString();
  }

  /** The second half of {@link ApplicationEventsAssert#reaches(ApplicationStatus)}. */
  public static final class Reaching {
    private final ApplicationEventsAssert owner;
    private final ApplicationStatus status;

    private Reaching(ApplicationEventsAssert owner, ApplicationStatus status) {
      this.owner = owner;
      this.status = status;
    }

    /**
     * Waits at most {@code timeout} for the move; fails at once if the application lands in a
     * failure status first.
     *
     * @return the assertion, to chain more checks
     */
    public ApplicationEventsAssert within(Duration timeout) {
      owner.awaitStatus(status, timeout);
      return owner;
    }
  }
}
