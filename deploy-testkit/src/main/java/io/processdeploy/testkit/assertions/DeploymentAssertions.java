package io.processdeploy.testkit.assertions;

import io.processdeploy.api.Application;
import io.processdeploy.api.Links;
import io.processdeploy.testkit.ApplicationEvents;

/**
 * Entry point of the AssertJ assertions on applications, their events and their links. Import it
 * statically next to AssertJ's own {@code assertThat}; the overloads do not clash.
 *
 * <pre>{@code
 * assertThat(events.of("expenses"))
 *     .reaches(Running).within(Duration.ofSeconds(30))
 *     .passedThrough(ImageBuild, ImagePush, DeployStarted, Pending, Running);
 * assertThat(service.getApplication(devops, "expenses")).hasImageFor("runtime-bundle");
 * assertThat(service.links(devops, "expenses")).hasProcessWorkspace().hasContentApp();
 * }</pre>
 */
public final class DeploymentAssertions {
  private DeploymentAssertions() {}

  /** Assertions on a snapshot of an application: its status and status history. */
  public static ApplicationAssert assertThat(Application actual) {
    return new ApplicationAssert(actual);
  }

  /** Assertions on the events of one application, including waiting for a status. */
  public static ApplicationEventsAssert assertThat(ApplicationEvents actual) {
    return new ApplicationEventsAssert(actual);
  }

  /** Assertions on an application's links. */
  public static LinksAssert assertThat(Links actual) {
    return new LinksAssert(actual);
  }
}
