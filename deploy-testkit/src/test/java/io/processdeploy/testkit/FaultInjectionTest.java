package io.processdeploy.testkit;

import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;

import io.processdeploy.api.Caller;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Faults injected into the embedded cluster show in the application's status, both ways. */
@DeploymentTest
class FaultInjectionTest {
  @Embedded DeploymentEnvironment environment;
  @Embedded DeploymentService service;
  @Embedded Caller devops;
  @Embedded SampleProjects samples;
  @Embedded EventRecorder events;
  @Embedded EmbeddedCluster cluster;

  // tag::faults[]
  @Test
  void shouldGoUnknownOnACrashLoopAndBackToRunningWhenHealed() {
    service.deployRelease(devops, samples.timesheets("timesheets"));
    assertThat(events.of("timesheets")).reaches(Running).within(Duration.ofSeconds(30));

    ApplicationEvents afterCrash = events.of("timesheets").fromNow();
    cluster.crashLoop("timesheets", "runtime-bundle");
    assertThat(afterCrash).reaches(Unknown).within(Duration.ofSeconds(30))
        .failedWith("CrashLoopBackOff");

    ApplicationEvents afterHeal = events.of("timesheets").fromNow();
    cluster.heal("timesheets", "runtime-bundle");
    assertThat(afterHeal).reaches(Running).within(Duration.ofSeconds(30));
  }
  // end::faults[]

  @Test
  void shouldGoRunningOnceAMissingImageIsPublished() {
    service.deployRelease(devops, samples.expensesWithMissingImage("expenses"));
    assertThat(events.of("expenses")).reaches(Unknown).within(Duration.ofSeconds(30))
        .failedWith("ImagePullBackOff");

    ApplicationEvents afterPublish = events.of("expenses").fromNow();
    environment.publish(samples.missingImage());
    assertThat(afterPublish).reaches(Running).within(Duration.ofSeconds(30));
  }
}
