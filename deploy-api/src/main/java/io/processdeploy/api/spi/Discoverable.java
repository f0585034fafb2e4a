package io.processdeploy.api.spi;

/**
 * Common to every SPI: implementations are found with {@link java.util.ServiceLoader} and the one
 * with the highest {@link #priority()} wins, unless one is passed in explicitly.
 */
public interface Discoverable {
  /** A short identifier for messages and selection, e.g. {@code jib}. */
  default String id() {
    return getClass().getSimpleName();
  }

  /** Higher wins when several implementations are found. */
  default int priority() {
    return 0;
  }
}
