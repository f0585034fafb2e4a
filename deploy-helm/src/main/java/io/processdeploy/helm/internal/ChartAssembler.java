package io.processdeploy.helm.internal;

import io.processdeploy.api.ApplicationPlan;
import io.processdeploy.api.ServicePlan;
import io.processdeploy.api.spi.ChartLocation;
import io.processdeploy.api.spi.ExportOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Lays out the files of an export under one folder named after the application: the exported
 * chart's {@code Chart.yaml}, {@code requirements.yaml}, {@code values.yaml}, {@code README.md},
 * {@code templates/NOTES.txt}, and, when vendored, the shipped charts under {@code charts/}.
 */
public final class ChartAssembler {
  /** apiVersion of the exported chart: v1, whose dependencies live in requirements.yaml. */
  static final String API_VERSION = "v1";
  /** The bundled folder of the exported chart's fixed files (NOTES.txt, .helmignore). */
  static final String EXPORTED = "exported/";

  private ChartAssembler() {}

  /** The files of the export, by path inside the zip. */
  public static SortedMap<String, byte[]> files(ApplicationPlan plan, ExportOptions options,
      GatewaySettings gateway) {
    ShippedChart application = ShippedChart.named(ShippedChart.APPLICATION);
    ShippedChart service = ShippedChart.named(ShippedChart.SERVICE);
    String root = plan.name() + "/";
    SortedMap<String, byte[]> files = new TreeMap<>();
    files.put(root + "Chart.yaml", HelmYaml.write(chart(plan, application.version())));
    files.put(root + "requirements.yaml",
        HelmYaml.write(requirements(plan, options.chartLocation(), application, service)));
    files.put(root + "values.yaml",
        HelmYaml.write(ValuesFactory.values(plan, gateway, options.includeSecrets())));
    files.put(root + "README.md", ReadmeText.of(plan, options));
    BundledFiles.under(EXPORTED).forEach((path, bytes) -> files.put(root + path, bytes));
    if (options.chartLocation().kind() == ChartLocation.Kind.VENDORED) {
      for (ShippedChart chart : List.of(application, service)) {
        chart.files().forEach((path, bytes) ->
            files.put(root + "charts/" + chart.name() + "/" + path, bytes));
      }
    }
    return files;
  }

  private static ChartMetadata chart(ApplicationPlan plan, String version) {
    return new ChartMetadata(API_VERSION, plan.name(), version,
        plan.descriptor().release().version(),
        "Application " + plan.name() + ": release " + plan.descriptor().release().version()
            + " of project " + plan.projectName() + ", exported by ProcessDeploy",
        null, List.of("processdeploy", "process-automation"));
  }

  private static Requirements requirements(ApplicationPlan plan, ChartLocation location,
      ShippedChart application, ShippedChart service) {
    List<ChartDependency> dependencies = new ArrayList<>();
    dependencies.add(new ChartDependency(application.name(), null, application.version(),
        repository(location, application), null));
    for (ServicePlan servicePlan : plan.services()) {
      dependencies.add(new ChartDependency(service.name(), servicePlan.name(), service.version(),
          repository(location, service), servicePlan.name() + ".enabled"));
    }
    return new Requirements(dependencies);
  }

  private static String repository(ChartLocation location, ShippedChart chart) {
    return switch (location.kind()) {
      case VENDORED -> "file://charts/" + chart.name();
      case REPOSITORY, OCI -> location.url();
    };
  }
}
