package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ConnectorRequest;
import io.processdeploy.api.DescriptorRequest;
import io.processdeploy.api.Infrastructure;
import io.processdeploy.api.Members;
import io.processdeploy.api.ServiceSettings;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.DescriptorPlans;
import io.processdeploy.helm.support.ZipContent;
import io.processdeploy.tck.release.SampleReleases;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Variables declared secret in the request, whatever their names, are exported like those whose
 * name says so: listed as keys of the service's Secret, their values left out.
 */
class DeclaredSecretsExportTest {
  private static final String SMTP_PASS = "declared-smtp-7a1c";
  private static final String DB_USER = "declared-user-33d0";

  private static ApplicationPlan plan() {
    Map<String, String> database = Map.of("url", "jdbc:postgresql://db.example.com/expenses",
        "username", DB_USER, "password", "db-pa55word");
    return DescriptorPlans.of(DescriptorRequest.builder("expenses", SampleReleases.EXPENSES)
        .withAdmins(Members.users("alice"))
        .addConnector(ConnectorRequest.outOfTheBox(SampleReleases.EMAIL_CONNECTOR,
            "{\"EMAIL_HOST\":\"smtp.example.com\",\"SMTP_PASS\":\"" + SMTP_PASS + "\"}")
            .withSecretVariables("SMTP_PASS"))
        .addConnector(ConnectorRequest.custom("invoice-scanner",
            SampleReleases.INVOICE_SCANNER_IMAGE, "{\"SCANNER_DPI\":300}"))
        .withInfrastructure(new Infrastructure(new ServiceSettings(null,
            Map.of(Infrastructure.POSTGRESQL, database)).withSecretKeys("username"), null))
        .build());
  }

  @Test
  void shouldListDeclaredSecretsAsSecretKeysAndLeaveTheirValuesOut() {
    ApplicationPlan plan = plan();
    assertThat(plan.service("email-connector").orElseThrow().secretEnv())
        .containsEntry("SMTP_PASS", SMTP_PASS);
    byte[] zip = new HelmExporter().export(plan, ExportOptions.DEFAULTS).zip();
    String values = ZipContent.text(zip, "expenses/values.yaml");
    assertThat(values).contains("- \"SMTP_PASS\"").contains("- \"SPRING_DATASOURCE_USERNAME\"")
        .contains("EMAIL_HOST");
    assertThat(ZipContent.text(zip, "expenses/README.md"))
        .contains("--from-literal=SMTP_PASS='<value>'");
    for (Map.Entry<String, byte[]> entry : ZipContent.entries(zip).entrySet()) {
      String text = new String(entry.getValue(), StandardCharsets.UTF_8);
      for (String secret : new String[] {SMTP_PASS, DB_USER}) {
        assertThat(text).as(entry.getKey()).doesNotContain(secret)
            .doesNotContain(Base64.getEncoder().encodeToString(
                secret.getBytes(StandardCharsets.UTF_8)));
      }
    }
  }
}
