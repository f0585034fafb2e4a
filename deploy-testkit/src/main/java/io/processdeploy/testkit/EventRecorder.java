package io.processdeploy.testkit;

import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.DeploymentListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * A {@link DeploymentListener} that keeps every event it receives, so that a test can look at
 * them or wait for one. Thread-safe. The embedded environment subscribes one for the devops caller
 * when it starts; a test can also subscribe its own:
 *
 * <pre>{@code
 * EventRecorder events = new EventRecorder();
 * try (Subscription s = service.subscribe(devops, events)) {
 *   service.deploy(devops, "expenses");
 *   assertThat(events.of("expenses")).reaches(Running).within(Duration.ofSeconds(30));
 * }
 * }</pre>
 */
public final class EventRecorder implements DeploymentListener {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<DeploymentEvent> events = new ArrayList<>();
  private long forgotten;

  /** Creates an empty recorder. */
  public EventRecorder() {}

  @Override
  public void onEvent(DeploymentEvent event) {
    Objects.requireNonNull(event, "event was not specified");
    lock.lock();
    try {
      events.add(event);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Every event received so far, oldest first (a copy). */
  public List<DeploymentEvent> events() {
    lock.lock();
    try {
      return List.copyOf(events);
    } finally {
      lock.unlock();
    }
  }

  /** The events of one application: a live view that sees later events too. */
  public ApplicationEvents of(String application) {
    Objects.requireNonNull(application, "application was not specified");
    return new ApplicationEvents(this, application, 0);
  }

  /** How many events were received since this recorder was made, forgotten ones included. */
  long received() {
    lock.lock();
    try {
      return forgotten + events.size();
    } finally {
      lock.unlock();
    }
  }

  /** The events received after the first {@code skip} ever received. */
  List<DeploymentEvent> eventsAfter(long skip) {
    lock.lock();
    try {
      return copyAfter(skip);
    } finally {
      lock.unlock();
    }
  }

  private List<DeploymentEvent> copyAfter(long skip) {
    int from = (int) Math.max(0, Math.min(events.size(), skip - forgotten));
    return List.copyOf(events.subList(from, events.size()));
  }

  /** Forgets every event received so far, e.g. between tests sharing one environment. */
  public void clear() {
    lock.lock();
    try {
      forgotten += events.size();
      events.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the events received so far satisfy {@code condition}, at most {@code timeout}.
   *
   * @return whether the condition held before the timeout
   */
  public boolean await(Predicate<List<DeploymentEvent>> condition, Duration timeout) {
    return awaitAfter(0, condition, timeout);
  }

  boolean awaitAfter(long skip, Predicate<List<DeploymentEvent>> condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition was not specified");
    Objects.requireNonNull(timeout, "timeout was not specified");
    long deadline = System.nanoTime() + timeout.toNanos();
    lock.lock();
    try {
      while (!condition.test(copyAfter(skip))) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "EventRecorder[" + events().size() + " events]";
  }
}
