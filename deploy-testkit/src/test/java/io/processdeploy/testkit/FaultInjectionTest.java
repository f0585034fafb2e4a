package io.processdeploy.testkit;

import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;

import io.processdeploy.tck.cluster.EmbeddedCluster;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Faults injected into the embedded cluster show in the application's status, both ways. */
@DeploymentTest
class FaultInjectionTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Embedded DeploymentEnvironment env;
  @Embedded EmbeddedCluster cluster;

  @Test
  void shouldGoUnknownOnACrashLoopAndBackToRunningWhenHealed() {
    env.service().deployRelease(env.devops(), env.samples().timesheets("timesheets"));
    assertThat(env.events().of("timesheets")).reaches(Running).within(PATIENCE);

    ApplicationEvents afterCrash = env.events().of("timesheets").fromNow();
    cluster.crashLoop("timesheets", "runtime-bundle");
    assertThat(afterCrash).reaches(Unknown).within(PATIENCE).failedWith("CrashLoopBackOff");

    ApplicationEvents afterHeal = env.events().of("timesheets").fromNow();
    cluster.heal("timesheets", "runtime-bundle");
    assertThat(afterHeal).reaches(Running).within(PATIENCE);
  }

  @Test
  void shouldGoRunningOnceAMissingImageIsPublished() {
    env.service().deployRelease(env.devops(), env.samples().expensesWithMissingImage("expenses"));
    assertThat(env.events().of("expenses")).reaches(Unknown).within(PATIENCE)
        .failedWith("ImagePullBackOff");

    ApplicationEvents afterPublish = env.events().of("expenses").fromNow();
    env.publish(env.samples().missingImage());
    assertThat(afterPublish).reaches(Running).within(PATIENCE);
  }
}
