package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServiceKind;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.ValidationException;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.SamplePlans;
import java.net.URI;
import java.util.Map;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;

/** Plans and options a chart cannot be made of are refused, naming the field and the fix. */
class ExportChecksTest {
  private final HelmExporter exporter = new HelmExporter();

  @Test
  void rejectsAServiceNameThatCannotNameKubernetesObjects() {
    assertRejected(planWith(service("Bad_Name", Map.of())), "services[Bad_Name].name")
        .hasMessageContaining("a-z, 0-9 and '-'");
  }

  @Test
  void rejectsAServiceNamedLikeAValuesKeyOfTheChart() {
    assertRejected(planWith(service("global", Map.of())), "services[global].name")
        .hasMessageContaining("rename the service");
    assertRejected(planWith(service("processdeploy-application", Map.of())),
        "services[processdeploy-application].name");
  }

  @Test
  void rejectsAServiceWhoseInstanceLabelWouldBeTooLong() {
    String name = "s" + "x".repeat(60);
    assertRejected(planWith(service(name, Map.of())), "services[" + name + "].name")
        .hasMessageContaining("app.kubernetes.io/instance");
  }

  @Test
  void rejectsAVariableNameThatIsNotAConfigMapKey() {
    assertRejected(planWith(service("fax", Map.of("BAD KEY", "x"))), "services[fax].env")
        .hasMessageContaining("'BAD KEY'");
  }

  @Test
  void rejectsARepositoryLocationThatIsNotAUrl() {
    assertThatThrownBy(() -> exporter.export(SamplePlans.minimal(),
        new ExportOptions(false, ChartLocation.repository("charts.example.com"))))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.field())
                .isEqualTo("chartLocation.url"))
        .hasMessageContaining("https://charts.example.com");
  }

  @Test
  void rejectsAnOciLocationWithoutTheOciScheme() {
    assertThatThrownBy(() -> exporter.export(SamplePlans.minimal(),
        new ExportOptions(false, ChartLocation.oci("https://registry.example.com/charts"))))
        .isInstanceOf(ValidationException.class).hasMessageContaining("oci://");
  }

  @Test
  void rejectsAGatewayBaseUrlThatIsNotHttp() {
    assertThatThrownBy(() -> HelmExporter.builder()
        .withGatewayBaseUrl(URI.create("ftp://apps.example.com/")))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.field())
                .isEqualTo("gatewayBaseUrl"));
  }

  private AbstractThrowableAssert<?, ? extends Throwable> assertRejected(ApplicationPlan plan,
      String field) {
    return assertThatThrownBy(() -> exporter.export(plan, ExportOptions.DEFAULTS))
        .isInstanceOfSatisfying(ValidationException.class,
            e -> org.assertj.core.api.Assertions.assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field);
  }

  private static ApplicationPlan planWith(ServicePlan service) {
    return SamplePlans.builder("checks").service(service).build();
  }

  private static ServicePlan service(String name, Map<String, String> env) {
    return new ServicePlan(name, ServiceKind.CONNECTOR, "registry.example.com/x:1", 8080, env,
        Map.of(), false, null);
  }
}
