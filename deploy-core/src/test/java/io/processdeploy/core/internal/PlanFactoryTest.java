package io.processdeploy.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.Caller;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.ImageReference;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.core.Catalog;
import io.processdeploy.core.fakes.FakeImageRegistry;
import io.processdeploy.tck.release.SampleReleases;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlanFactoryTest {
  private static final String IMAGE = "registry.test:5000/apps/expenses:1.0.0@sha256:"
      + "abababababababababababababababababababababababababababababababab";
  private final DescriptorFactory descriptors = new DescriptorFactory(SampleReleases.source(),
      Catalog.defaults(), new FakeImageRegistry(),
      Clock.fixed(Instant.parse("2026-02-02T10:00:00Z"), ZoneOffset.UTC));
  private final PlanFactory plans = new PlanFactory(Catalog.defaults());

  private ApplicationPlan plan(DeploymentDescriptor d) {
    return plans.plan(d, ReleaseAnalyzer.analyze(SampleReleases.source().find(d.release())
        .orElseThrow()), IMAGE);
  }

  private DeploymentDescriptor expenses(Infrastructure infrastructure) {
    return descriptors.create(SampleReleases.expensesRequest("expenses")
        .withInfrastructure(infrastructure).build(), Caller.of("dana"));
  }

  @Test
  void shouldPlanEveryServiceOfTheExpensesRelease() {
    DeploymentDescriptor d = expenses(Infrastructure.NONE);
    ApplicationPlan plan = plan(d);
    assertThat(plan.name()).isEqualTo("expenses");
    assertThat(plan.namespace()).isEqualTo("expenses");
    assertThat(plan.projectName()).isEqualTo("expenses");
    assertThat(plan.services()).extracting(ServicePlan::name).containsExactly("content-app",
        "email-connector", "invoice-scanner", "postgresql", "process-workspace", "query",
        "runtime-bundle");
    assertThat(plan.services()).extracting(ServicePlan::kind).containsExactly(ServiceKind.UI,
        ServiceKind.CONNECTOR, ServiceKind.CONNECTOR, ServiceKind.DATABASE, ServiceKind.UI,
        ServiceKind.QUERY, ServiceKind.RUNTIME_BUNDLE);

    String password = PlanFactory.bundledPassword(d.infrastructure());
    ServicePlan rb = plan.service("runtime-bundle").orElseThrow();
    assertThat(rb.image()).isEqualTo(IMAGE);
    assertThat(rb.port()).isEqualTo(8080);
    assertThat(rb.readsSecurity()).isTrue();
    assertThat(rb.ingressPath()).isEqualTo("/rb");
    assertThat(rb.env()).containsEntry("SPRING_APPLICATION_NAME", "expenses")
        .containsEntry("SPRING_ACTIVITI_PROCESSDEFINITIONLOCATIONPREFIX",
            "file:/project-release/1.0.0/processes/")
        .containsEntry("PROJECT_MANIFEST_FILE_PATH", "file:/project-release/1.0.0/expenses.json")
        .containsEntry("PROJECT_RELEASE_DIR", "/project-release/1.0.0/")
        .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgresql:5432/activiti")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "activiti")
        .doesNotContainKey("SPRING_DATASOURCE_PASSWORD");
    assertThat(rb.secretEnv()).containsExactly(Map.entry("SPRING_DATASOURCE_PASSWORD", password));

    ServicePlan query = plan.service("query").orElseThrow();
    assertThat(query.image()).isEqualTo(Catalog.defaults().image("query").orElseThrow().toString());
    assertThat(query.readsSecurity()).isTrue();
    assertThat(query.ingressPath()).isEqualTo("/query");
    assertThat(query.secretEnv()).containsEntry("SPRING_DATASOURCE_PASSWORD", password);

    ServicePlan email = plan.service("email-connector").orElseThrow();
    assertThat(email.image()).isEqualTo("docker.io/activiti/email-connector:8.7.0");
    assertThat(email.env()).containsEntry("EMAIL_HOST", "smtp.example.com")
        .containsEntry("EMAIL_PORT", "587").containsEntry("EMAIL_SSL", "true")
        .doesNotContainKey("EMAIL_PASSWORD");
    assertThat(email.secretEnv()).containsExactly(Map.entry("EMAIL_PASSWORD", "mail-pa55word"));
    assertThat(email.ingressPath()).isNull();
    assertThat(email.readsSecurity()).isFalse();
    ServicePlan scanner = plan.service("invoice-scanner").orElseThrow();
    assertThat(scanner.image()).isEqualTo(SampleReleases.INVOICE_SCANNER_IMAGE);
    assertThat(scanner.secretEnv()).containsOnlyKeys("SCANNER_API_KEY");

    assertThat(plan.service("process-workspace").orElseThrow().ingressPath())
        .isEqualTo("/process-workspace");
    assertThat(plan.service("content-app").orElseThrow().ingressPath())
        .isEqualTo("/content-app");

    ServicePlan db = plan.service("postgresql").orElseThrow();
    assertThat(db.port()).isEqualTo(5432);
    assertThat(db.ingressPath()).isNull();
    assertThat(db.env()).containsExactly(Map.entry("PGDATA", "/var/lib/postgresql/data/pgdata"),
        Map.entry("POSTGRES_DB", "activiti"), Map.entry("POSTGRES_USER", "activiti"));
    assertThat(db.dataVolume()).isEqualTo(new io.processdeploy.api.DataVolume("8Gi", null,
        "/var/lib/postgresql/data", "pgdata"));
    assertThat(db.secretEnv()).containsExactly(Map.entry("POSTGRES_PASSWORD", password));
    assertThat(plan.toString()).doesNotContain(password).doesNotContain("mail-pa55word");
  }

  @Test
  void shouldGiveAnEqualPlanForTheSameDescriptorAndImage() {
    DeploymentDescriptor d = expenses(Infrastructure.NONE);
    assertThat(plan(d)).isEqualTo(plan(d));
  }

  @Test
  void shouldLeaveOutUisTheReleaseDoesNotHave() {
    DeploymentDescriptor d = descriptors.create(SampleReleases.timesheetsRequest("timesheets")
        .build(), Caller.of("dana"));
    assertThat(plan(d).services(ServiceKind.UI)).isEmpty();
    assertThat(plan(d).services()).extracting(ServicePlan::name)
        .containsExactly("postgresql", "query", "rest-connector", "runtime-bundle");
  }

  @Test
  void shouldPointAtAnExternalDatabaseAndBundleNone() {
    DeploymentDescriptor d = expenses(new Infrastructure(
        new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL, Map.of(
            "url", "jdbc:postgresql://db.example.com:5432/apps", "username", "apps",
            "password", "ext-pa55", "jpaDatabasePlatform", "org.example.Dialect"))),
        Map.of("query", new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL,
            Map.of("url", "jdbc:postgresql://db.example.com:5432/query"))))));
    ApplicationPlan plan = plan(d);
    assertThat(plan.services(ServiceKind.DATABASE)).isEmpty();
    ServicePlan rb = plan.service("runtime-bundle").orElseThrow();
    assertThat(rb.env()).containsEntry("SPRING_DATASOURCE_URL",
        "jdbc:postgresql://db.example.com:5432/apps")
        .containsEntry("SPRING_DATASOURCE_USERNAME", "apps")
        .containsEntry("SPRING_JPA_DATABASE_PLATFORM", "org.example.Dialect");
    assertThat(rb.secretEnv()).containsExactly(Map.entry("SPRING_DATASOURCE_PASSWORD", "ext-pa55"));
    assertThat(plan.service("query").orElseThrow().env()).containsEntry("SPRING_DATASOURCE_URL",
        "jdbc:postgresql://db.example.com:5432/query");
  }

  @Test
  void shouldApplyImageOverridesAndEnvironmentGroups() {
    DeploymentDescriptor d = expenses(new Infrastructure(
        new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("TZ", "UTC",
            "LOG_LEVEL", "info"))),
        Map.of("query", new ServiceSettings(ImageReference.parse("registry.example.com/q:9"),
                Map.of(Infrastructure.ENV, Map.of("LOG_LEVEL", "debug", "QUERY_TOKEN", "t0k3n"))),
            "runtime-bundle", new ServiceSettings(null, Map.of(Infrastructure.ENV,
                Map.of("JAVA_OPTS", "-Xmx1g"))))));
    ApplicationPlan plan = plan(d);
    ServicePlan query = plan.service("query").orElseThrow();
    assertThat(query.image()).isEqualTo("registry.example.com/q:9");
    assertThat(query.env()).containsEntry("LOG_LEVEL", "debug").containsEntry("TZ", "UTC");
    assertThat(query.secretEnv()).containsEntry("QUERY_TOKEN", "t0k3n");
    assertThat(plan.service("runtime-bundle").orElseThrow().env())
        .containsEntry("JAVA_OPTS", "-Xmx1g").containsEntry("LOG_LEVEL", "info");
    assertThat(plan.service("email-connector").orElseThrow().env()).containsEntry("TZ", "UTC");
  }

  @Test
  void shouldLetIntoTheBundledDatabaseOnlyTheServicesGivenItsDatasource() {
    ServiceSettings external = new ServiceSettings(null, Map.of(Infrastructure.POSTGRESQL,
        Map.of("url", "jdbc:postgresql://db.example.com/rb", "username", "rb",
            "password", "pw")));
    ApplicationPlan plan = plan(expenses(new Infrastructure(null,
        Map.of("runtime-bundle", external))));
    ServicePlan database = plan.service("postgresql").orElseThrow();
    assertThat(database.clients()).containsExactly("query");
    assertThat(plan.service("query").orElseThrow().clients()).as("every service").isNull();
    assertThat(plan(expenses(Infrastructure.NONE)).service("postgresql").orElseThrow()
        .clients()).containsExactly("query", "runtime-bundle");
  }
}
