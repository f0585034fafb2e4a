package io.processdeploy.testkit.assertions;

import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.StatusTransition;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a snapshot of an {@link Application}. To wait for a status, assert on its events
 * instead ({@link ApplicationEventsAssert#reaches(ApplicationStatus)}).
 */
public final class ApplicationAssert extends AbstractAssert<ApplicationAssert, Application> {
  ApplicationAssert(Application actual) {
    super(actual, ApplicationAssert.class);
  }

  /** The application is in {@code expected}. */
  public ApplicationAssert hasStatus(ApplicationStatus expected) {
    isNotNull();
    if (actual.status() != expected) {
      failWithMessage("Expected application <%s> to be %s but it is %s (%s); history: %s",
          actual.name(), expected, actual.status(), actual.reason(), describe());
    }
    return this;
  }

  /** The application is {@link ApplicationStatus#Running}. */
  public ApplicationAssert isRunning() {
    return hasStatus(ApplicationStatus.Running);
  }

  /** The application's history holds {@code statuses} in this order (others may lie between). */
  public ApplicationAssert passedThrough(ApplicationStatus... statuses) {
    isNotNull();
    Objects.requireNonNull(statuses, "statuses were not specified");
    List<ApplicationStatus> history = actual.history().stream().map(StatusTransition::to).toList();
    if (!StatusHistory.containsInOrder(history, statuses)) {
      failWithMessage("Expected application <%s> to pass through %s in this order but its history"
          + " is %s", actual.name(), StatusHistory.arrows(Arrays.asList(statuses)), describe());
    }
    return this;
  }

  /**
   * The application ended in a failure status or {@link ApplicationStatus#Unknown}, for a reason
   * that mentions {@code fragment} (ignoring case).
   */
  public ApplicationAssert failedWith(String fragment) {
    isNotNull();
    Objects.requireNonNull(fragment, "fragment was not specified");
    ApplicationStatus status = actual.status();
    if (!status.isFailure() && status != ApplicationStatus.Unknown) {
      failWithMessage("Expected application <%s> to have failed with a reason mentioning <%s> but"
          + " it is %s; history: %s", actual.name(), fragment, status, describe());
    } else if (!StatusHistory.mentions(actual.reason(), fragment)) {
      failWithMessage("Expected application <%s> to have failed with a reason mentioning <%s> but"
          + " it is %s because <%s>", actual.name(), fragment, status, actual.reason());
    }
    return this;
  }

  /** An image was built and recorded for {@code service} (pinned by digest). */
  public ApplicationAssert hasImageFor(String service) {
    isNotNull();
    String image = actual.images().get(service);
    if (image == null) {
      failWithMessage("Expected application <%s> to have an image for service <%s> but it has"
          + " images for %s", actual.name(), service, actual.images().keySet());
    } else if (!image.contains("@sha256:")) {
      failWithMessage("Expected the image of service <%s> to be pinned by digest but it is <%s>",
          service, image);
    }
    return this;
  }

  private String describe() {
    StringBuilder sb = new StringBuilder();
    for (StatusTransition t : actual.history()) {
      sb.append(System.lineSeparator()).append("  ").append(t.at()).append(' ').append(t.to());
      if (!t.reason().isEmpty()) {
        sb.append(" (").append(t.reason()).append(')');
      }
    }
    return sb.toString();
  }
}
