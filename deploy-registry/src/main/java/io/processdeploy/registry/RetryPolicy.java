package io.processdeploy.registry;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how patiently a registry request is retried after a transient failure (an answer
 * 5xx or 429, a refused or reset connection, a timeout). Refusals (401, 403, 404) are never
 * retried. The wait doubles after each attempt, from {@code initialBackoff} up to
 * {@code maxBackoff}.
 *
 * <pre>{@code
 * RetryPolicy patient = new RetryPolicy(6, Duration.ofMillis(500), Duration.ofSeconds(8));
 * }</pre>
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param initialBackoff wait before the second attempt
 * @param maxBackoff longest wait between two attempts
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff was not specified");
    Objects.requireNonNull(maxBackoff, "maxBackoff was not specified");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initialBackoff <= maxBackoff");
    }
  }

  /** 4 attempts, waiting 250 ms, 500 ms, then 1 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(4));
  }

  /** A single attempt. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO);
  }

  /** The wait after failed attempt number {@code attempt} (1-based). */
  public Duration backoffAfter(int attempt) {
    Duration wait = initialBackoff;
    for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
  }
}
