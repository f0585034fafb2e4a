package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.SamplePlans;
import io.processdeploy.helm.support.ZipContent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Secret values stay out of an export unless the caller asks for them; the export says which
 * Secrets to create, with which keys.
 */
class SecretsExportTest {
  @Test
  void shouldWriteNoSecretValueAnywhereByDefault() {
    for (ApplicationPlan plan : SamplePlans.all().values()) {
      byte[] zip = new HelmExporter().export(plan, ExportOptions.DEFAULTS).zip();

      Set<String> secrets = secretValues(plan);
      assertThat(secrets).as(plan.name() + " has secrets to hide").isNotEmpty();
      for (Map.Entry<String, byte[]> entry : ZipContent.entries(zip).entrySet()) {
        String text = new String(entry.getValue(), StandardCharsets.UTF_8);
        for (String secret : secrets) {
          assertThat(text).as(entry.getKey()).doesNotContain(secret)
              .doesNotContain(base64(secret));
        }
      }
      for (String secret : secrets) {
        assertThat(new String(zip, StandardCharsets.ISO_8859_1)).doesNotContain(secret);
      }
    }
  }

  @Test
  void shouldTellWhichSecretsToCreateWithTheirKeys() {
    ApplicationPlan plan = SamplePlans.withConnectors();
    byte[] zip = new HelmExporter().export(plan, ExportOptions.DEFAULTS).zip();

    String readme = ZipContent.text(zip, "claims/README.md");
    String values = ZipContent.text(zip, "claims/values.yaml");

    assertThat(readme).contains("kubectl create secret generic email-connector-secret"
        + " --namespace claims \\\n  --from-literal=EMAIL_PASSWORD='<value>'");
    assertThat(readme).contains("kubectl create secret generic fraud-check-secret")
        .contains("--from-literal=FRAUD_API_KEY='<value>'");
    assertThat(values).contains("create: false").contains("- \"EMAIL_PASSWORD\"")
        .doesNotContain("data:");
    assertThat(ZipContent.text(zip, "claims/templates/NOTES.txt"))
        .contains("kubectl create secret generic");
  }

  @Test
  void shouldWriteSecretValuesWhenAskedTo() {
    ApplicationPlan plan = SamplePlans.withConnectors();
    byte[] zip = new HelmExporter().export(plan, new ExportOptions(true,
        ChartLocation.vendored())).zip();

    String values = ZipContent.text(zip, "claims/values.yaml");
    for (String secret : secretValues(plan)) {
      assertThat(values).contains("\"" + secret + "\"");
    }
    assertThat(values).contains("create: true");
    assertThat(ZipContent.text(zip, "claims/README.md")).contains("secrets included")
        .doesNotContain("kubectl create secret");
  }

  private static Set<String> secretValues(ApplicationPlan plan) {
    Set<String> out = new HashSet<>();
    for (ServicePlan service : plan.services()) {
      out.addAll(service.secretEnv().values());
    }
    return out;
  }

  private static String base64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
