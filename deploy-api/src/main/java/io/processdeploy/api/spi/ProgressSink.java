package io.processdeploy.api.spi;

/**
 * Where an SPI implementation reports progress and user-facing log lines of the step it runs.
 * The deployment service turns them into events for the application concerned. Thread-safe.
 */
public interface ProgressSink {
  /** A sink that drops everything. */
  ProgressSink NONE = new ProgressSink() {
    @Override
    public void progress(long done, long total, String unit) {}

    @Override
    public void log(String message) {}
  };

  /** Reports progress, e.g. {@code progress(3, 5, "layers")}; {@code total} -1 when unknown. */
  void progress(long done, long total, String unit);

  /** Reports a line meant for the person deploying. Must not contain secrets. */
  void log(String message);
}
