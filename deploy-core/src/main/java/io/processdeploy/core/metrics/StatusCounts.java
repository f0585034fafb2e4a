package io.processdeploy.core.metrics;

import io.processdeploy.api.ApplicationStatus;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The applications per status for the gauges, read once per scrape: a scrape reads the gauge of
 * every status, one after the other, and all of them are served from one read of the counts. The
 * counts are read again when a gauge is read a second time (the next scrape) or when the read is
 * older than a second (so that a scrape of only some gauges never sees old counts).
 */
final class StatusCounts {
  private static final long MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Supplier<Map<ApplicationStatus, Long>> source;
  private final Set<ApplicationStatus> served = EnumSet.noneOf(ApplicationStatus.class);
  private Map<ApplicationStatus, Long> counts;
  private boolean read;
  private long readAt;

  StatusCounts(Supplier<Map<ApplicationStatus, Long>> source) {
    this.source = source;
  }

  /** How many applications have {@code status}; NaN when the counts cannot be read now. */
  synchronized double count(ApplicationStatus status) {
    long now = System.nanoTime();
    if (!read || served.contains(status) || now - readAt > MAX_AGE_NANOS) {
      served.clear();
      try {
        counts = source.get();
      } catch (RuntimeException unreadable) {
        counts = null; // the store cannot be read now; the health check says why
      }
      read = true;
      readAt = now;
    }
    served.add(status);
    return counts == null ? Double.NaN : counts.getOrDefault(status, 0L);
  }
}
