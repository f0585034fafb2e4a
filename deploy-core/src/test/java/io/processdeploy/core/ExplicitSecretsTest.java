package io.processdeploy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.processdeploy.api.AccessDeniedException;
import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ApplicationStatus;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DeploymentDescriptor;
import io.processdeploy.api.DescriptorQuery;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.Secrets;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.ValidationException;
import io.processdeploy.tck.release.SampleReleases;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Variables declared secret in the request are treated like those whose name says so, and every
 * returned object carries secrets masked unless the caller asks for them.
 */
class ExplicitSecretsTest extends ServiceTestSupport {
  private static final String SMTP_PASS = "smtp-canary-7f3a";
  private static final String DB_PWD = "db-canary-91c2";
  private static final String MAIL_PASSWORD = "mail-pa55word";
  private static final ObjectMapper JACKSON = new ObjectMapper()
      .registerModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @BeforeEach
  void startService() {
    start();
  }

  private static DescriptorRequest request(String name) {
    return DescriptorRequest.builder(name, SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .withUsers(Members.groups("accounting"))
        .addConnector(ConnectorRequest.outOfTheBox(SampleReleases.EMAIL_CONNECTOR,
            "{\"EMAIL_HOST\":\"smtp.example.com\",\"SMTP_PASS\":\"" + SMTP_PASS + "\","
                + "\"EMAIL_PASSWORD\":\"" + MAIL_PASSWORD + "\"}")
            .withSecretVariables("SMTP_PASS"))
        .addConnector(ConnectorRequest.custom("invoice-scanner",
            SampleReleases.INVOICE_SCANNER_IMAGE, "{\"SCANNER_DPI\":300}"))
        .withInfrastructure(new Infrastructure(ServiceSettings.NONE, Map.of("runtime-bundle",
            new ServiceSettings(null, Map.of(Infrastructure.ENV, Map.of("DB_PWD", DB_PWD,
                "TZ", "UTC"))).withSecretKeys("DB_PWD"))))
        .build();
  }

  @Test
  void shouldPutDeclaredSecretsIntoSecretsAndNeverIntoConfigMaps() {
    service.deployRelease(DEVOPS, request("expenses"));
    awaitStatus("expenses", ApplicationStatus.Running);
    ApplicationPlan applied = cluster.applied.get(0);
    ServicePlan email = applied.service("email-connector").orElseThrow();
    assertThat(email.secretEnv()).containsEntry("SMTP_PASS", SMTP_PASS)
        .containsEntry("EMAIL_PASSWORD", MAIL_PASSWORD);
    assertThat(email.env()).doesNotContainKey("SMTP_PASS").containsKey("EMAIL_HOST");
    ServicePlan rb = applied.service("runtime-bundle").orElseThrow();
    assertThat(rb.secretEnv()).containsEntry("DB_PWD", DB_PWD);
    assertThat(rb.env()).doesNotContainKey("DB_PWD").containsEntry("TZ", "UTC");
    assertThat(applied.toString()).doesNotContain(SMTP_PASS).doesNotContain(DB_PWD);
  }

  @Test
  void shouldKeepTheDeclarationWithTheStoredDescriptor() {
    service.createDescriptor(DEVOPS, request("expenses"));
    DeploymentDescriptor stored = store.findDescriptor("expenses").orElseThrow();
    assertThat(stored.connector("email-connector").orElseThrow().secretKeys())
        .containsExactly("SMTP_PASS");
    assertThat(stored.infrastructure().service("runtime-bundle").secretKeys())
        .containsExactly("DB_PWD");
    assertThat(stored.toString()).doesNotContain(SMTP_PASS).doesNotContain(DB_PWD);
  }

  @Test
  void shouldMaskEveryReturnedObjectSerializedWithJackson() throws Exception {
    DeploymentDescriptor created = service.createDescriptor(DEVOPS, request("expenses"));
    service.deploy(DEVOPS, "expenses");
    awaitStatus("expenses", ApplicationStatus.Running);
    String dbPassword = store.findDescriptor("expenses").orElseThrow().infrastructure()
        .service("postgresql").group("postgresql-service").get("password");
    List<Object> returned = List.of(created,
        service.getDescriptor(DEVOPS, "expenses"),
        service.listDescriptors(DEVOPS, DescriptorQuery.ALL),
        service.getApplication(DEVOPS, "expenses"),
        service.getApplication(ALICE, "expenses"),
        service.listApplications(DEVOPS),
        service.plan(DEVOPS, "expenses"),
        await("expenses", ApplicationStatus::isDeployed));
    for (Object object : returned) {
      String json = JACKSON.writeValueAsString(object);
      assertThat(json).as(object.getClass().getSimpleName()).contains(Secrets.MASK)
          .doesNotContain(SMTP_PASS).doesNotContain(DB_PWD).doesNotContain(MAIL_PASSWORD)
          .doesNotContain(dbPassword);
    }
    assertThat(service.plan(DEVOPS, "expenses").service("email-connector").orElseThrow()
        .secretEnv()).containsEntry("SMTP_PASS", Secrets.MASK);
  }

  @Test
  void shouldRevealSecretsOnlyToADevopsCallerWhoAsks() throws Exception {
    service.deployRelease(DEVOPS, request("expenses"));
    awaitStatus("expenses", ApplicationStatus.Running);
    assertThat(JACKSON.writeValueAsString(service.getDescriptor(DEVOPS, "expenses", true)))
        .contains(SMTP_PASS).contains(DB_PWD);
    assertThat(JACKSON.writeValueAsString(service.getApplication(DEVOPS, "expenses", true)))
        .contains(SMTP_PASS);
    assertThat(service.plan(DEVOPS, "expenses", true).service("runtime-bundle").orElseThrow()
        .secretEnv()).containsEntry("DB_PWD", DB_PWD);
    assertThatThrownBy(() -> service.getApplication(ALICE, "expenses", true))
        .isInstanceOf(AccessDeniedException.class).hasMessageContaining("APS_DEVOPS");
    assertThatThrownBy(() -> service.getDescriptor(ALICE, "expenses", true))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void shouldLeaveDeclaredSecretsOutOfTheExportedDocumentAndKeepThemSecretOnImport() {
    service.createDescriptor(DEVOPS, request("expenses"));
    String json = service.exportDescriptor(DEVOPS, "expenses");
    assertThat(json).doesNotContain(SMTP_PASS).doesNotContain(DB_PWD)
        .contains("\"secretVariables\" : [ \"SMTP_PASS\" ]")
        .contains("\"secretKeys\" : [ \"DB_PWD\" ]")
        .contains("connectors[email-connector].SMTP_PASS")
        .contains("infrastructure.services[runtime-bundle].variables[env].DB_PWD");
    service.importDescriptor(DEVOPS, json, "expenses-eu", Map.of(
        "connectors[email-connector].SMTP_PASS", "eu-smtp",
        "connectors[email-connector].EMAIL_PASSWORD", "eu-mail",
        "infrastructure.services[runtime-bundle].variables[env].DB_PWD", "eu-db"));
    DeploymentDescriptor imported = store.findDescriptor("expenses-eu").orElseThrow();
    assertThat(imported.connector("email-connector").orElseThrow().secretKeys())
        .containsExactly("SMTP_PASS");
    assertThat(imported.connector("email-connector").orElseThrow().variables())
        .containsEntry("SMTP_PASS", "eu-smtp");
    assertThat(imported.infrastructure().service("runtime-bundle").secretKeys())
        .containsExactly("DB_PWD");
  }

  @Test
  void shouldRefuseADeclaredSecretThatIsNotAVariable() {
    DescriptorRequest misspelt = DescriptorRequest.builder("expenses", SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(SampleReleases.EMAIL_CONNECTOR,
            "{\"SMTP_PASS\":\"x\"}").withSecretVariables("SMTP_PAS"))
        .addConnector(ConnectorRequest.custom("invoice-scanner",
            SampleReleases.INVOICE_SCANNER_IMAGE, null))
        .build();
    assertThat(rejectsField(misspelt, "connectors[email-connector].secretVariables"))
        .hasMessageContaining("SMTP_PAS'");
    DescriptorRequest infra = DescriptorRequest.builder("expenses", SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.custom("invoice-scanner",
            SampleReleases.INVOICE_SCANNER_IMAGE, null))
        .withInfrastructure(new Infrastructure(new ServiceSettings(null,
            Map.of(Infrastructure.ENV, Map.of("TZ", "UTC"))).withSecretKeys("DB_PWD"), null))
        .build();
    rejectsField(infra, "infrastructure.global.secretKeys");
    assertThatThrownBy(() -> ConnectorRequest.outOfTheBox("email-connector", null)
        .withSecretVariables(" "))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("connectors[email-connector].secretVariables");
  }
}
