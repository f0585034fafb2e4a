package io.processdeploy.tck.image;

import io.processdeploy.api.spi.ProgressSink;
import java.util.ArrayList;
import java.util.List;

/** A {@link ProgressSink} that keeps what it was told, for assertions. Thread-safe. */
public final class RecordingProgress implements ProgressSink {
  /**
   * One progress report.
   *
   * @param done units done
   * @param total units in all, -1 when unknown
   * @param unit the unit
   */
  public record Report(long done, long total, String unit) {}

  private final List<Report> reports = new ArrayList<>();
  private final List<String> lines = new ArrayList<>();

  @Override
  public synchronized void progress(long done, long total, String unit) {
    reports.add(new Report(done, total, unit));
  }

  @Override
  public synchronized void log(String message) {
    lines.add(message);
  }

  /** Every progress report, in order. */
  public synchronized List<Report> reports() {
    return List.copyOf(reports);
  }

  /** The reports of one unit, in order. */
  public synchronized List<Report> reports(String unit) {
    return reports.stream().filter(r -> r.unit().equals(unit)).toList();
  }

  /** Every log line, in order. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
