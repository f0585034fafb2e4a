package io.processdeploy.testkit.demo;

import io.processdeploy.api.event.DeploymentEvent;
import io.processdeploy.api.event.DeploymentListener;
import io.processdeploy.api.event.LogLine;
import io.processdeploy.api.event.Progress;
import io.processdeploy.api.event.StatusChanged;
import java.io.PrintStream;
import java.util.Locale;

/**
 * What the demo prints: numbered steps with the time elapsed since the start, the details of each,
 * whether it did what it said, and the application's events as they happen. Thread-safe: events
 * arrive from the service's workers while the main thread prints steps.
 */
final class Console implements DeploymentListener {
  private static final String INDENT = "             ";

  private final PrintStream out;
  private final long start = System.nanoTime();
  private final int steps;
  private int step;
  private String lastProgress = "";

  Console(PrintStream out, int steps) {
    this.out = out;
    this.steps = steps;
  }

  synchronized void title(String text) {
    out.println(text);
    out.println();
  }

  /** Starts the next numbered step. */
  synchronized void step(String text) {
    step++;
    out.printf(Locale.ROOT, "%s %d/%d %s%n", clock(), step, steps, text);
  }

  /** A line without a step number, e.g. setting up. */
  synchronized void note(String text) {
    out.printf(Locale.ROOT, "%s %s%n", clock(), text);
  }

  /** A detail of the current step. */
  synchronized void detail(String text) {
    out.println(INDENT + text);
  }

  /** The current step did what it said. */
  synchronized void ok(String text) {
    out.println(INDENT + "ok: " + text);
  }

  /** The current step did not do what it said. */
  synchronized void failed(String text) {
    out.println(INDENT + "FAILED: " + text);
  }

  synchronized void blank() {
    out.println();
  }

  /** Seconds since the console was made. */
  double elapsedSeconds() {
    return (System.nanoTime() - start) / 1e9;
  }

  @Override
  public synchronized void onEvent(DeploymentEvent event) {
    if (event instanceof StatusChanged s) {
      lastProgress = "";
      String reason = s.reason() == null || s.reason().isBlank() ? "" : "  " + s.reason();
      out.printf(Locale.ROOT, "%s   -> %-14s%s%n", clock(), s.to(), reason);
    } else if (event instanceof Progress p) {
      // one line per quarter of the way, so that 34 objects do not make 34 lines
      String key = p.step() + " " + p.unit() + " " + quarter(p);
      if (!key.equals(lastProgress)) {
        lastProgress = key;
        String text = p.total() > 0 ? p.done() + "/" + p.total() + " " + p.unit()
            : p.done() + " " + p.unit();
        out.printf(Locale.ROOT, "%s      %s %s%n", clock(), p.step(), text);
      }
    } else if (event instanceof LogLine l) {
      out.printf(Locale.ROOT, "%s      %s%n", clock(), l.message());
    }
  }

  private static long quarter(Progress p) {
    return p.total() > 0 ? p.done() * 4 / p.total() : p.done();
  }

  private String clock() {
    return String.format(Locale.ROOT, "[%5.1fs]", elapsedSeconds());
  }
}
