package io.processdeploy.testkit;

import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.event.StatusChanged;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The events one application received, as an {@link EventRecorder} keeps them. A live view: each
 * call sees the events received until then. Assert on it with
 * {@link io.processdeploy.testkit.assertions.DeploymentAssertions#assertThat(ApplicationEvents)}.
 */
public final class ApplicationEvents {
  private final EventRecorder recorder;
  private final String application;
  private final long skip;

  ApplicationEvents(EventRecorder recorder, String application, long skip) {
    this.recorder = recorder;
    this.application = application;
    this.skip = skip;
  }

  /**
   * A view of the same application's events that sees only those received from now on: to check
   * what happens after an action, e.g. that an application comes back to Running once healed.
   *
   * <pre>{@code
   * ApplicationEvents afterHeal = events.of("expenses").fromNow();
   * cluster.heal("expenses", "runtime-bundle");
   * assertThat(afterHeal).reaches(Running).within(Duration.ofSeconds(30));
   * }</pre>
   */
  public ApplicationEvents fromNow() {
    return new ApplicationEvents(recorder, application, recorder.received());
  }

  /** The application these events are about. */
  public String application() {
    return application;
  }

  /** Every event of the application so far, oldest first. */
  public List<DeploymentEvent> events() {
    return filter(recorder.eventsAfter(skip));
  }

  /** The status changes so far, oldest first. */
  public List<StatusChanged> statusChanges() {
    return events().stream().filter(StatusChanged.class::isInstance)
        .map(StatusChanged.class::cast).toList();
  }

  /** The statuses moved to so far, oldest first. */
  public List<ApplicationStatus> statuses() {
    return statusChanges().stream().map(StatusChanged::to).toList();
  }

  /** The last status change, if any. */
  public Optional<StatusChanged> lastStatusChange() {
    List<StatusChanged> changes = statusChanges();
    return changes.isEmpty() ? Optional.empty() : Optional.of(changes.get(changes.size() - 1));
  }

  /** The progress events so far, oldest first. */
  public List<Progress> progress() {
    return events().stream().filter(Progress.class::isInstance).map(Progress.class::cast).toList();
  }

  /** The log lines so far, oldest first. */
  public List<LogLine> logLines() {
    return events().stream().filter(LogLine.class::isInstance).map(LogLine.class::cast).toList();
  }

  /**
   * Waits until this application's events satisfy {@code condition}, at most {@code timeout}.
   *
   * @return whether the condition held before the timeout
   */
  public boolean await(Predicate<List<DeploymentEvent>> condition, Duration timeout) {
    return recorder.awaitAfter(skip, all -> condition.test(filter(all)), timeout);
  }

  private List<DeploymentEvent> filter(List<DeploymentEvent> all) {
    return all.stream().filter(e -> application.equals(e.application())).toList();
  }

  @Override
  public String toString() {
    return "events of " + application + " " + statuses();
  }
}
