package io.processdeploy.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.DescriptorExporter;
import io.processdeploy.api.spi.ExportOptions;
import io.processdeploy.helm.support.SamplePlans;
import io.processdeploy.helm.support.ZipContent;
import java.net.URI;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The exporter as the deployment service finds and configures it, and the zip's layout. */
class HelmExporterTest {
  @Test
  void shouldBeFoundByTheServiceLoader() {
    assertThat(ServiceLoader.load(DescriptorExporter.class).stream()
        .map(ServiceLoader.Provider::type)).contains(HelmExporter.class);
    assertThat(new HelmExporter().id()).isEqualTo("helm");
  }

  @Test
  void shouldHoldTheChartFilesAndVendoredChartsUnderTheApplicationFolder() {
    byte[] zip = new HelmExporter().export(SamplePlans.minimal(), ExportOptions.DEFAULTS).zip();

    assertThat(ZipContent.entries(zip).keySet()).contains("invoices/Chart.yaml",
        "invoices/requirements.yaml", "invoices/values.yaml", "invoices/README.md",
        "invoices/templates/NOTES.txt", "invoices/charts/processdeploy-application/Chart.yaml",
        "invoices/charts/processdeploy-service/templates/deployment.yaml");
    assertThat(ZipContent.text(zip, "invoices/Chart.yaml")).startsWith("apiVersion: \"v1\"\n")
        .contains("name: \"invoices\"").contains("appVersion: \"3\"");
    assertThat(ZipContent.text(zip, "invoices/requirements.yaml"))
        .contains("- name: \"processdeploy-service\"\n    alias: \"runtime-bundle\"")
        .contains("repository: \"file://charts/processdeploy-service\"")
        .contains("condition: \"postgresql.enabled\"");
  }

  @Test
  void shouldPointEveryDependencyAtTheRepositoryAndVendorNothing() {
    byte[] zip = new HelmExporter().export(SamplePlans.withConnectors(), new ExportOptions(false,
        ChartLocation.repository("https://charts.example.com/processdeploy"))).zip();

    String requirements = ZipContent.text(zip, "claims/requirements.yaml");
    assertThat(requirements).contains("alias: \"email-connector\"")
        .contains("alias: \"fraud-check\"").doesNotContain("file://");
    assertThat(requirements.lines().filter(l -> l.contains("repository:")))
        .allMatch(l -> l.endsWith("\"https://charts.example.com/processdeploy\""));
    assertThat(ZipContent.entries(zip).keySet()).noneMatch(n -> n.startsWith("claims/charts/"));
    assertThat(ZipContent.text(zip, "claims/README.md"))
        .contains("helm repo add processdeploy https://charts.example.com/processdeploy");
  }

  @Test
  void shouldPointEveryDependencyAtTheOciReference() {
    byte[] zip = new HelmExporter().export(SamplePlans.minimal(), new ExportOptions(false,
        ChartLocation.oci("oci://registry.example.com/charts"))).zip();

    assertThat(ZipContent.text(zip, "invoices/requirements.yaml").lines()
        .filter(l -> l.contains("repository:")))
        .hasSize(4).allMatch(l -> l.endsWith("\"oci://registry.example.com/charts\""));
    assertThat(ZipContent.entries(zip).keySet()).noneMatch(n -> n.startsWith("invoices/charts/"));
  }

  @Test
  void shouldRouteTheGatewayAsConfigured() {
    HelmExporter exporter = HelmExporter.builder()
        .withGatewayBaseUrl(URI.create("https://apps.example.com/tenants/"))
        .withIngressClassName("nginx").build();

    String values = ZipContent.text(exporter.export(SamplePlans.minimal(),
        ExportOptions.DEFAULTS).zip(), "invoices/values.yaml");

    assertThat(values).contains("host: \"apps.example.com\"")
        .contains("ingressClassName: \"nginx\"")
        .contains("path: \"/tenants/invoices/rb\"");
  }
}
