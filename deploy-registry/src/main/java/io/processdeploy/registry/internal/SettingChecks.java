package io.processdeploy.registry.internal;

import java.time.Duration;
import java.util.Objects;

/** The checks builders of this module apply to the settings they have in common. */
public final class SettingChecks {
  private SettingChecks() {}

  /**
   * A repository prefix: empty, or lowercase path components each followed by {@code /}.
   *
   * @throws IllegalArgumentException naming the expected form otherwise
   */
  public static String repositoryPrefix(String prefix) {
    Objects.requireNonNull(prefix, "prefix was not specified");
    if (!prefix.isEmpty() && !prefix.matches("([a-z0-9]+([._-][a-z0-9]+)*/)+")) {
      throw new IllegalArgumentException("repository prefix '" + prefix + "' must be lowercase"
          + " path components each followed by '/', e.g. apps/");
    }
    return prefix;
  }

  /**
   * A timeout longer than zero.
   *
   * @throws IllegalArgumentException otherwise
   */
  public static Duration timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout was not specified");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
    return timeout;
  }
}
