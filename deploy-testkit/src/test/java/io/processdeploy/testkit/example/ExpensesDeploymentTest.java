package io.processdeploy.testkit.example;

import static io.processdeploy.api.ApplicationStatus.CreateApp;
import static io.processdeploy.api.ApplicationStatus.DeployStarted;
import static io.processdeploy.api.ApplicationStatus.ImageBuild;
import static io.processdeploy.api.ApplicationStatus.ImagePush;
import static io.processdeploy.api.ApplicationStatus.Pending;
import static io.processdeploy.api.ApplicationStatus.Running;
import static io.processdeploy.api.ApplicationStatus.Unknown;
import static io.processdeploy.testkit.assertions.DeploymentAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.Caller;
import io.processdeploy.api.ValidationException;
import io.processdeploy.core.DeploymentService;
import io.processdeploy.testkit.DeploymentTest;
import io.processdeploy.testkit.Embedded;
import io.processdeploy.testkit.EventRecorder;
import io.processdeploy.testkit.SampleProjects;
import java.time.Duration;
import org.junit.jupiter.api.Test;

// tag::example[]
@DeploymentTest
class ExpensesDeploymentTest {
  @Embedded static DeploymentService service;
  @Embedded static Caller devops;
  @Embedded static SampleProjects samples;
  @Embedded static EventRecorder events;

  @Test
  void shouldRunTheExpensesProjectWithBothUis() {
    service.deployRelease(devops, samples.expenses("expenses"));

    assertThat(events.of("expenses"))
        .reaches(Running).within(Duration.ofSeconds(30))
        .passedThrough(CreateApp, ImageBuild, ImagePush, DeployStarted, Pending, Running);
    assertThat(service.links(devops, "expenses"))
        .hasProcessWorkspace()
        .hasContentApp();
  }

  @Test
  void shouldEndUnknownWhenAConnectorImageWasNeverPublished() {
    service.deployRelease(devops, samples.expensesWithMissingImage("expenses-broken"));

    assertThat(events.of("expenses-broken"))
        .reaches(Unknown).within(Duration.ofSeconds(30))
        .failedWith("ImagePullBackOff");
  }

  @Test
  void rejectsAProjectWhoseConnectorIsNotConfigured() {
    assertThatThrownBy(() -> service.createDescriptor(devops, samples.onboarding("onboarding")))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("hr-sync");
  }
}
// end::example[]
