package io.processdeploy.api.spi;

import java.util.Objects;

/**
 * A stored record with the version it has in the store. Every write of a record gives it a new,
 * higher version; a write that names the version it read (compare-and-set) is refused with
 * {@link io.processdeploy.api.StaleWriteException} when the record has changed since.
 *
 * @param value the record
 * @param version its version in the store, positive
 * @param <T> the kind of record
 */
public record Versioned<T>(T value, long version) {
  /** Validates. */
  public Versioned {
    Objects.requireNonNull(value, "value was not specified");
    if (version < 1) {
      throw new IllegalArgumentException("version must be positive, was " + version);
    }
  }
}
