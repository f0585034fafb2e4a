package io.processdeploy.k8s.internal;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.processdeploy.api.StepFailedException;
import io.processdeploy.api.spi.DeploymentMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Runs one API call again after a conflict (409), throttling (429), a server error (5xx) or a
 * lost connection, with exponential backoff, a bounded number of times. Anything else fails at
 * once. Failures become a {@link StepFailedException} naming the object and the reason. Each
 * call tried again is counted ({@link DeploymentMetrics#apiRetried}) under its {@link Operation}.
 *
 * @param attempts how many times a call is tried at most (at least 1)
 * @param initialBackoff the pause after the first failure; each next pause doubles, up to
 *     {@code maxBackoff}
 * @param maxBackoff the longest pause
 * @param metrics where calls tried again are counted
 */
public record Retry(int attempts, Duration initialBackoff, Duration maxBackoff,
    DeploymentMetrics metrics) {
  /** Six attempts, 100 ms doubling up to 2 s: about 4 s of retrying. */
  public static final Retry DEFAULT = new Retry(6, Duration.ofMillis(100), Duration.ofSeconds(2));

  /** What a call does, the tag its retries are counted under. */
  public enum Operation {
    /** Creating or updating an object (server-side apply). */
    APPLY,
    /** Reading one object. */
    READ,
    /** Listing objects. */
    LIST,
    /** Deleting objects. */
    DELETE,
    /** Reading a container's log. */
    LOG,
    /** Removing this library's finalizer from a namespace. */
    FINALIZE;

    /** The tag value, e.g. {@code apply}. */
    public String tag() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Validates. */
  public Retry {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1");
    }
    Objects.requireNonNull(metrics, "metrics were not specified");
  }

  /** A retry that counts nothing. */
  public Retry(int attempts, Duration initialBackoff, Duration maxBackoff) {
    this(attempts, initialBackoff, maxBackoff, DeploymentMetrics.NONE);
  }

  /** The same retry, counting in {@code value}. */
  public Retry withMetrics(DeploymentMetrics value) {
    return new Retry(attempts, initialBackoff, maxBackoff, value);
  }

  /**
   * Runs {@code call}, an {@code operation}; {@code what} names the object and action for
   * messages.
   */
  public <T> T call(Operation operation, String what, Supplier<T> call) {
    Duration pause = initialBackoff;
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (KubernetesClientException e) {
        boolean retryable = isRetryable(e);
        if (!retryable || attempt >= attempts) {
          throw new StepFailedException(what + " failed" + (retryable ? " after " + attempt
              + " attempts" : "") + ": " + describe(e), retryable, e);
        }
      }
      metrics.apiRetried(operation.tag());
      sleep(pause, what);
      pause = pause.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : pause.multipliedBy(2);
    }
  }

  /**
   * Runs {@code call}, an {@code operation}; {@code what} names the object and action for
   * messages.
   */
  public void run(Operation operation, String what, Runnable call) {
    call(operation, what, () -> {
      call.run();
      return null;
    });
  }

  /** Whether trying again may help: 409, 429, 5xx or no HTTP answer at all. */
  public static boolean isRetryable(KubernetesClientException e) {
    int code = e.getCode();
    if (code == 409 || code == 429 || code >= 500) {
      return true;
    }
    return code <= 0 && hasCause(e, IOException.class);
  }

  /** The status code and the server's message, or the cause when there was no answer. */
  public static String describe(KubernetesClientException e) {
    if (e.getCode() > 0) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null
          ? e.getStatus().getMessage() : e.getMessage();
      String reason = e.getStatus() != null && e.getStatus().getReason() != null
          ? " " + e.getStatus().getReason() : "";
      return "HTTP " + e.getCode() + reason + ": " + message;
    }
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return "no answer from the API server (" + root + ")";
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  private static void sleep(Duration pause, String what) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StepFailedException(what + " was interrupted", false, e);
    }
  }
}
