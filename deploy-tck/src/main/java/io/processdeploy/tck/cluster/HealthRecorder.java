package io.processdeploy.tck.cluster;

import io.processdeploy.api.spi.ClusterHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Records the health reports of a cluster target and waits for one. Thread-safe. */
public final class HealthRecorder implements Consumer<ClusterHealth> {
  private final List<ClusterHealth> reports = new ArrayList<>();

  @Override
  public synchronized void accept(ClusterHealth health) {
    reports.add(health);
    notifyAll();
  }

  /** Every report so far, oldest first. */
  public synchronized List<ClusterHealth> reports() {
    return List.copyOf(reports);
  }

  /** The states reported so far, oldest first. */
  public synchronized List<ClusterHealth.State> states() {
    return reports.stream().map(ClusterHealth::state).toList();
  }

  /**
   * Waits until the latest report has {@code state} and returns it.
   *
   * @throws AssertionError naming the reports seen when it does not come within {@code patience}
   */
  public synchronized ClusterHealth await(ClusterHealth.State state, Duration patience) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (reports.isEmpty() || reports.get(reports.size() - 1).state() != state) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("no " + state + " health within " + patience + "; reports: "
            + reports);
      }
      try {
        wait(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + state, e);
      }
    }
    return reports.get(reports.size() - 1);
  }
}
