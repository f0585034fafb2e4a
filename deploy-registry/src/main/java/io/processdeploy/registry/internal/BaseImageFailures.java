package io.processdeploy.registry.internal;

import io.processdeploy.api.StepFailedException;
import java.util.Locale;

/**
 * Turns what a builder reports when a base image cannot be pulled into a reason a person can act
 * on: the image is missing, its registry refuses access, or its registry cannot be reached.
 */
public final class BaseImageFailures {
  private BaseImageFailures() {}

  /**
   * The failure for a base image problem described by {@code detail}.
   *
   * @param base the base image as requested
   * @param detail what the builder reported
   * @param credentialsHint how to configure base image credentials for this builder
   * @param cause the original exception, or null
   */
  public static StepFailedException of(String base, String detail, String credentialsHint,
      Throwable cause) {
    String lower = detail.toLowerCase(Locale.ROOT);
    if (lower.contains("manifest unknown") || lower.contains("name unknown")
        || lower.contains("not found") || lower.contains("no such image")
        || lower.contains("pull access denied")) {
      return new StepFailedException("base image " + base + " was not found (" + detail
          + "); push it first or fix the base image reference", false, cause);
    }
    if (lower.contains("unauthorized") || lower.contains("authentication required")
        || lower.contains("credentials") || lower.contains("denied")) {
      return new StepFailedException("the registry of base image " + base + " refused access ("
          + detail + "); " + credentialsHint, false, cause);
    }
    if (lower.contains("connection refused") || lower.contains("connect:")
        || lower.contains("timeout") || lower.contains("timed out")
        || lower.contains("no such host") || lower.contains("unknownhost")
        || lower.contains("reset")) {
      return new StepFailedException("the registry of base image " + base + " could not be"
          + " reached (" + detail + "); start it or fix the base image reference", true, cause);
    }
    return new StepFailedException("base image " + base + " could not be used: " + detail, true,
        cause);
  }
}
