package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.Application;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.Members;
import io.processdeploy.api.NotFoundException;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.Security;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every operation checks the devops role first; reading applications filters instead. */
class AuthorizationTest extends ServiceTestSupport {

  @BeforeEach
  void deployOne() {
    start();
    service.deployRelease(DEVOPS, SampleReleases.expensesRequest("expenses").build());
    awaitStatus("expenses", ApplicationStatus.Running);
    service.createDescriptor(DEVOPS, SampleReleases.timesheetsRequest("timesheets").build());
  }

  static Stream<Arguments> devopsOperations() {
    return Stream.of(
        op("createDescriptor", (s, c) -> s.createDescriptor(c,
            SampleReleases.timesheetsRequest("other").build())),
        op("listDescriptors", (s, c) -> s.listDescriptors(c, DescriptorQuery.ALL)),
        op("getDescriptor", (s, c) -> s.getDescriptor(c, "expenses")),
        op("deleteDescriptor", (s, c) -> s.deleteDescriptor(c, "timesheets")),
        op("export", (s, c) -> s.export(c, "expenses", ExportOptions.DEFAULTS)),
        op("exportDescriptor", (s, c) -> s.exportDescriptor(c, "expenses")),
        op("importDescriptor", (s, c) -> s.importDescriptor(c,
            s.exportDescriptor(DEVOPS, "timesheets"), "other", Map.of())),
        op("importDescriptor keeping the name", (s, c) -> s.importDescriptor(c,
            s.exportDescriptor(DEVOPS, "timesheets").replace("\"timesheets\"", "\"other\""),
            Map.of())),
        op("deploy", (s, c) -> s.deploy(c, "timesheets")),
        op("deployRelease", (s, c) -> s.deployRelease(c,
            SampleReleases.timesheetsRequest("other").build())),
        op("updatePermissions", (s, c) -> s.updatePermissions(c, "expenses",
            new Security(Members.users(c.name()), null))),
        op("links", (s, c) -> s.links(c, "expenses")),
        op("logs", (s, c) -> s.logs(c, "expenses", "query", 10)),
        op("undeploy", (s, c) -> s.undeploy(c, "expenses")),
        op("forceUndeploy", (s, c) -> s.forceUndeploy(c, "expenses")),
        op("awaitStatus", (s, c) -> s.awaitStatus(c, "expenses", x -> true, Duration.ZERO)),
        op("subscribe", (s, c) -> s.subscribe(c, e -> { })),
        op("plan", (s, c) -> s.plan(c, "expenses")));
  }

  private static Arguments op(String name, java.util.function.BiConsumer<DeploymentService, Caller> call) {
    return Arguments.of(name, call);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("devopsOperations")
  void refusesACallerWithoutTheDevopsRole(String name,
      java.util.function.BiConsumer<DeploymentService, Caller> call) {
    Snapshot before = snapshot();
    for (Caller caller : List.of(ALICE, CARL, EVE)) {
      assertThatThrownBy(() -> call.accept(service, caller))
          .as(name + " by " + caller.name())
          .isInstanceOf(AccessDeniedException.class)
          .hasMessageContaining("'" + caller.name() + "'")
          .hasMessageContaining("APS_DEVOPS");
    }
    assertThat(snapshot()).isEqualTo(before);
  }

  @Test
  void refusesTheDefaultRoleWhenAnotherIsConfigured() {
    service.close();
    service = serviceBuilder().withDevopsRole("PLATFORM_OPS").build();
    assertThatThrownBy(() -> service.getDescriptor(DEVOPS, "expenses"))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("PLATFORM_OPS");
    Caller ops = Caller.of("olga", "PLATFORM_OPS");
    assertThat(service.getDescriptor(ops, "expenses").name()).isEqualTo("expenses");
  }

  @Test
  void shouldShowAnAdminTheirApplicationWithSecretsMasked() {
    Application seen = service.getApplication(ALICE, "expenses");
    assertThat(seen.status()).isEqualTo(ApplicationStatus.Running);
    Map<String, String> email = seen.descriptor().connector("email-connector").orElseThrow()
        .variables();
    assertThat(email).containsEntry("EMAIL_PASSWORD", Secrets.MASK)
        .containsEntry("EMAIL_HOST", "smtp.example.com");
    assertThat(seen.descriptor().infrastructure().service("postgresql")
        .group("postgresql-service")).containsEntry("password", Secrets.MASK);
    assertThat(service.getApplication(DEVOPS, "expenses", true).descriptor()
        .connector("email-connector").orElseThrow().variables())
        .containsEntry("EMAIL_PASSWORD", "mail-pa55word");
  }

  @Test
  void shouldShowAUserGroupMemberTheirApplication() {
    assertThat(service.getApplication(CARL, "expenses").name()).isEqualTo("expenses");
    assertThat(service.listApplications(CARL)).extracting(Application::name)
        .containsExactly("expenses");
  }

  @Test
  void shouldHideApplicationsFromOthersAsIfTheyDidNotExist() {
    assertThatThrownBy(() -> service.getApplication(EVE, "expenses"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no application named 'expenses'");
    assertThatThrownBy(() -> service.getApplication(EVE, "no-such-app"))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("no application named 'no-such-app'");
    assertThat(service.listApplications(EVE)).isEmpty();
  }

  @Test
  void shouldShowDevopsEveryApplication() {
    service.deploy(DEVOPS, "timesheets");
    assertThat(service.listApplications(DEVOPS)).extracting(Application::name)
        .containsExactly("expenses", "timesheets");
    assertThat(service.listApplications(ALICE)).extracting(Application::name)
        .containsExactly("expenses");
  }

  private record Snapshot(Object descriptors, Object applications, int builds, int applied,
      int removals, int securityUpdates) {}

  private Snapshot snapshot() {
    return new Snapshot(store.descriptors(), store.applications(), builder.requests.size(),
        cluster.applied.size(), cluster.removals.size(), cluster.securityUpdates.size());
  }
}
