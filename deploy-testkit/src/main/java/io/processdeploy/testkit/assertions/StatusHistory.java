package io.processdeploy.testkit.assertions;

import io.processdeploy.api.ApplicationStatus;
import java.util.List;
import java.util.stream.Collectors;

/** Helpers shared by the assertions: matching and describing a sequence of statuses. */
final class StatusHistory {
  private StatusHistory() {}

  /** Whether {@code expected} occurs in {@code actual} in this order, other statuses in between. */
  static boolean containsInOrder(List<ApplicationStatus> actual, ApplicationStatus... expected) {
    int next = 0;
    for (ApplicationStatus status : actual) {
      if (next < expected.length && status == expected[next]) {
        next++;
      }
    }
    return next == expected.length;
  }

  /** Whether a reason mentions {@code fragment}, ignoring case. */
  static boolean mentions(String reason, String fragment) {
    return reason != null && reason.toLowerCase(java.util.Locale.ROOT)
        .contains(fragment.toLowerCase(java.util.Locale.ROOT));
  }

  /** {@code A -> B -> C}, or {@code (none)}. */
  static String arrows(List<ApplicationStatus> statuses) {
    return statuses.isEmpty() ? "(none)"
        : statuses.stream().map(ApplicationStatus::name).collect(Collectors.joining(" -> "));
  }
}
